"""A scheme as its readers see it (the county leader, the statistics bureau): the groups with
their indicators (the formula in words, weight, benchmark, cap), how classes are cut, who is
not evaluated or not graded, the vetoes and the differentiated policy; the text itself below
for whoever wants it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongye.evaluation.engine.scheme_parts import Benchmark, Classes, Scheme
from gongye.evaluation.models import SchemeVersion
from gongye.evaluation.selectors.explained import formula_text, scheme_of


@dataclass
class GroupView:
    name: str
    condition: str
    indicators: list[dict[str, Any]]
    classes: str
    adjustments: list[str] = field(default_factory=list)


@dataclass
class SchemeView:
    groups: list[GroupView]
    rules: list[tuple[str, str, str]]  # (kind, name, condition)
    policies: list[tuple[str, str, str]]  # (class, item, measure)


def _number(value: float) -> str:
    return f"{value:g}"


def benchmark_words(benchmark: Benchmark) -> str:
    if benchmark.kind == "fixed":
        return _number(benchmark.value)
    if benchmark.kind == "average":
        if benchmark.multiple == 1:
            return _("组内平均值")
        return _("组内平均值 × %(m)s") % {"m": _number(benchmark.multiple)}
    return _("组内最小值至最大值")


def classes_words(classes: Classes) -> str:
    a, b, c = (_number(v) for v in classes.cuts)
    if classes.by == "share":
        return _("按组内排名：前%(a)s%%为A类，前%(b)s%%为B类，前%(c)s%%为C类，其余为D类") % {
            "a": a,
            "b": b,
            "c": c,
        }
    return _(
        "按综合得分：%(a)s分及以上为A类，%(b)s分及以上为B类，%(c)s分及以上为C类，其余为D类"
    ) % {
        "a": a,
        "b": b,
        "c": c,
    }


def scheme_view(version: SchemeVersion) -> SchemeView:
    scheme: Scheme = scheme_of(version)
    groups = []
    for group in scheme.groups:
        indicators = [
            {
                "name": i.name,
                "formula": formula_text(i.formula.text),
                "code": i.formula.text,
                "weight": _number(i.weight),
                "benchmark": benchmark_words(i.benchmark),
                "cap": _("%(cap)s倍权重") % {"cap": _number(i.cap)} if i.cap else "—",
                "direction": _("越小越好") if i.lower_is_better else _("越大越好"),
            }
            for i in group.indicators
        ]
        adjustments = [_("加分：%(name)s") % {"name": a.name} for a in group.bonus] + [
            _("减分：%(name)s") % {"name": a.name} for a in group.deductions
        ]
        groups.append(
            GroupView(
                name=group.name,
                condition=formula_text(group.where.text),
                indicators=indicators,
                classes=classes_words(group.classes or scheme.classes),
                adjustments=adjustments,
            )
        )
    rules = [(_("不参评"), r.name, formula_text(r.when.text)) for r in scheme.exclude]
    rules += [(_("不分档（T类）"), r.name, formula_text(r.when.text)) for r in scheme.not_graded]
    rules += [
        (
            _("一票否决（不得评为%(classes)s类）") % {"classes": "/".join(sorted(v.forbidden))},
            v.name,
            formula_text(v.when.text),
        )
        for v in scheme.vetoes
    ]
    policies = [(p.klass, p.item, p.measure) for p in scheme.policies]
    return SchemeView(groups=groups, rules=rules, policies=policies)
