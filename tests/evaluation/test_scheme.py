"""Scheme documents: the issue's example accepted as it stands, JSON as well as YAML, every
fault reported with its line, formulas limited to arithmetic over the catalogue."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gongye.evaluation.engine.formula import FormulaError, compile_formula
from gongye.evaluation.engine.scheme import SchemeErrors, parse_scheme
from gongye.evaluation.engine.variables import FLAG

EXAMPLE = """name: 示例方案
groups:
  - name: 规上
    where: scale == "规上"          # also: land_mu >= 3, in_zone, industry …
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 30, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 20, benchmark: average, cap: 2}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 单位电耗税收, formula: tax * 10000 / electricity_kwh, weight: 50, benchmark: 0.2352}
classes: {A: 20, B: 65, C: 95}      # cumulative rank share in %, the rest D
"""


def test_the_issues_example_is_accepted_as_it_stands():
    scheme = parse_scheme(EXAMPLE)
    assert [g.name for g in scheme.groups] == ["规上", "规下"]
    first, second = scheme.groups[0].indicators
    assert (first.weight, first.benchmark.kind, first.benchmark.value) == (30, "fixed", 24.097)
    assert (second.benchmark.kind, second.cap) == ("average", 2)
    assert scheme.classes.cuts == (20, 65, 95)
    assert scheme.indicator_names() == ["亩均税收", "亩均增加值", "单位电耗税收"]


def test_json_reads_the_same_as_yaml():
    document = {
        "name": "示例方案",
        "groups": [
            {
                "name": "规上",
                "where": 'scale == "规上"',
                "indicators": [
                    {
                        "name": "亩均税收",
                        "formula": "tax / land_mu",
                        "weight": 30,
                        "benchmark": 24.097,
                    }
                ],
            }
        ],
        "classes": {"A": 20, "B": 65, "C": 95},
    }
    scheme = parse_scheme(json.dumps(document, ensure_ascii=False, indent="\t"))
    assert scheme.groups[0].indicators[0].benchmark.value == 24.097


def test_every_fault_is_reported_with_its_line():
    text = """name: 有错的方案
groups:
  - name: 规上
    where: scal == "规上"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: -30, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added ** 2, weight: 20, benchmark: medain}
classes: {A: 20, B: 10, C: 95}
vetoes:
  - {name: 安全事故, when: safety_accident, not: [A, E]}
colour: red
"""
    with pytest.raises(SchemeErrors) as caught:
        parse_scheme(text)
    lines = [line for line, _message in caught.value.errors]
    assert lines == [4, 6, 7, 7, 8, 10, 11]
    text_of = str(caught.value)
    assert "第 4 行" in text_of and "scal" in text_of
    assert "不支持运算符 **" in text_of
    assert "不认识“colour”" in text_of


def test_yaml_syntax_errors_say_where():
    with pytest.raises(SchemeErrors) as caught:
        parse_scheme("name: x\ngroups:\n  - name: [规上\n")
    assert caught.value.errors[0][0] is not None


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('id')",
        "tax.__class__",
        "(lambda: 1)()",
        "[x for x in tax]",
        "tax if land_mu else 1",
        "open('/etc/passwd')",
        "tax ** 1000000",
        "tax[0]",
    ],
)
def test_a_formula_is_arithmetic_over_the_catalogue_and_nothing_else(text):
    with pytest.raises(FormulaError):
        compile_formula(text)


def test_formulas_over_columns():
    env = {
        "tax": np.array([10.0, 5.0, np.nan]),
        "land_mu": np.array([2.0, 0.0, 1.0]),
        "scale": np.array(["规上", "规下", "规上"]),
        "industry": np.array(["C3311", "C1311", "C3312"]),
        "in_zone": np.array([True, True, False]),
    }
    per_mu = compile_formula("tax / land_mu").evaluate(env, 3)
    assert per_mu[0] == 5.0 and np.isnan(per_mu[1]) and np.isnan(per_mu[2])  # ÷0 and missing
    condition = compile_formula('scale == "规上" 且 in_zone and land_mu >= 1', want=FLAG)
    assert condition.evaluate(env, 3).tolist() == [True, False, False]
    industry = compile_formula('startswith(industry, "C33") or industry in ["C1311"]', want=FLAG)
    assert industry.evaluate(env, 3).tolist() == [True, True, True]
    assert compile_formula("max(tax, 7) - min(land_mu, 1)").evaluate(env, 3).tolist()[:2] == [
        9.0,
        7.0,
    ]
    with pytest.raises(FormulaError, match="文字"):
        compile_formula("scale > 3", want=FLAG)


def test_aliases_and_control_characters_are_refused():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\nname: x\n'
    with pytest.raises(SchemeErrors) as caught:
        parse_scheme(bomb)
    assert "锚点和别名" in str(caught.value)
    with pytest.raises(SchemeErrors):
        parse_scheme("name: x\x00\ngroups: []\n")
