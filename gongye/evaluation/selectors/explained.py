"""One enterprise's result explained item by item (评价得分说明): for each indicator of its
group the formula, weight, benchmark, the enterprise's value, its score and why (cap, missing
data); the bonus and deductions; the total, rank and class; the vetoes applied; and what the
class brings (差别化政策)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from gongye.evaluation.engine.scheme import Scheme, parse_scheme
from gongye.evaluation.engine.variables import VARIABLES
from gongye.evaluation.explain import reason_text
from gongye.evaluation.models import EvaluationResult, SchemeVersion


@lru_cache(maxsize=32)
def _parsed(sha256: str, document: str) -> Scheme:
    return parse_scheme(document)


def scheme_of(version: SchemeVersion) -> Scheme:
    """The version's scheme (parsed once per process; a version never changes)."""
    return _parsed(version.sha256, version.document)


@dataclass
class Item:
    name: str
    formula: str  # as people read it
    code: str  # as the scheme writes it
    weight: float
    benchmark: Any
    value: Any
    score: Any
    notes: list[str] = field(default_factory=list)


@dataclass
class Explained:
    items: list[Item]
    notes: list[str]
    inputs: list[tuple[str, Any]]
    policies: list[tuple[str, str]]
    bonus: Any = None
    deduction: Any = None


# a variable, or an operator shown in words: one pass, so a label's own "/" stays as it is
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\*\*|\*|/")
_OPERATORS = {"**": " ^ ", "*": " × ", "/": " ÷ "}
_UNIT = re.compile(r"\s*[（(][^（）()]*[）)]$")  # a label's unit: （亩）, (10k yuan)


def formula_text(text: str) -> str:
    """A formula as enterprises and leaders read it: each variable by its name, without its
    unit (``tax / land_mu`` → 税收 ÷ 用地面积); functions and numbers as written."""

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in _OPERATORS:
            return _OPERATORS[token]
        variable = VARIABLES.get(token)
        return _UNIT.sub("", str(variable.label)) if variable is not None else token

    return " ".join(_TOKEN.sub(word, text).split())


def shown_value(value: Any) -> Any:
    """A figure as the page shows it: a whole number without ".0"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def benchmark_text(indicator: Any, used: Any) -> str:
    kind = indicator.benchmark.kind
    if kind == "fixed":
        return f"{indicator.benchmark.value:g}"
    if kind == "average":
        return f"{used:g}" if isinstance(used, float) else "—"
    return "min–max"


def explain(result: EvaluationResult) -> Explained:
    scheme = scheme_of(result.run.version)
    group = next((g for g in scheme.groups if g.name == result.group), None)
    benchmarks = result.run.summary.get("benchmarks", {}).get(result.group, {})
    items = []
    notes = [reason_text(r) for r in result.reasons]
    if group is not None and result.scores:
        for indicator in group.indicators:
            item_notes = [
                reason_text(r) for r in result.reasons if r.get("indicator") == indicator.name
            ]
            items.append(
                Item(
                    name=indicator.name,
                    formula=formula_text(indicator.formula.text),
                    code=indicator.formula.text,
                    weight=indicator.weight,
                    benchmark=benchmark_text(indicator, benchmarks.get(indicator.name)),
                    value=result.values.get(indicator.name),
                    score=result.scores.get(indicator.name),
                    notes=item_notes,
                )
            )
        notes = [reason_text(r) for r in result.reasons if not r.get("indicator")]
    inputs = [
        (str(VARIABLES[name].label), shown_value(value))
        for name, value in result.inputs.items()
        if name in VARIABLES
    ]
    policies = class_policies(result.run, result.klass)
    return Explained(
        items=items,
        notes=notes,
        inputs=inputs,
        policies=policies,
        bonus=(result.adjustments or {}).get("bonus"),
        deduction=(result.adjustments or {}).get("deduction"),
    )


def class_policies(run: Any, klass: str) -> list[tuple[str, str]]:
    """What ``klass`` brings under the run's differentiated policy table (frozen with the run:
    a later version of the scheme does not change a published result's policy)."""
    table = run.summary.get("policies")
    if table is None:  # a run from before the table was kept with it
        scheme = scheme_of(run.version)
        return [(p.item, p.measure) for p in scheme.policies if p.klass == klass]
    return [(item, measure) for item, measure in table.get(klass, [])]


@dataclass
class EnterpriseEvaluation:
    anchor: str
    title: str
    result: EvaluationResult
    policies: list[tuple[str, str]]


def enterprise_evaluation_section(user: Any, enterprise: Any) -> EnterpriseEvaluation | None:
    """The enterprise page's part: its latest published class and what the class brings (the
    differentiated policy), for whoever may read its result."""
    from django.utils.translation import gettext as _

    from gongye.evaluation.permissions import can_read_own_result
    from gongye.evaluation.selectors.runs import latest_published_result

    if not can_read_own_result(user):
        return None
    result = latest_published_result(enterprise.pk)
    if result is None:
        return None
    policies = class_policies(result.run, result.klass)
    return EnterpriseEvaluation("evaluation", _("亩均效益评价"), result, policies)
