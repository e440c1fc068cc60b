"""Scoring a scheme over the inputs (亩均效益综合评价): who is evaluated, each indicator's value
and score, bonus and deductions, the total, the rank in the group, the class, and why.

The rules, as published schemes write them and as this engine applies them (docs/evaluation.md):
- an indicator's score is weight × value ÷ benchmark (weight × benchmark ÷ value when lower is
  better), never below 0, at most ``cap`` × weight when the scheme caps it; with a min–max
  benchmark it is floor + (weight − floor) × (value − lowest) ÷ (highest − lowest);
- a group's average benchmark is the mean of the values of the group's graded enterprises that
  have one, times ``multiple``;
- a value that cannot be computed scores 0, or the group's average score on that item when the
  scheme says ``missing: average``;
- the total (rounded half up to two decimals) ranks the group; equal totals share a rank and
  a class (the better one, where a cut-off falls between them);
- by share, the first round(n × A %) are A, up to round(n × B %) B, up to round(n × C %) C, the
  rest D (``rounding`` may say floor or ceil); by score, the total against the cut-offs;
- a veto moves a forbidden class to the nearest allowed one (from A or B down, from D up);
- class T (not graded), exclusions and enterprises no group takes are not ranked; a tenant
  takes its landlord's class when the scheme says ``tenants: landlord``.

Every step is a numpy operation over a group's columns; the reasons (cap hit, missing value
filled, veto applied …) are kept as codes with their figures, so a result explains itself in
either language and two runs compare exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from gongye.evaluation.engine.inputs import Inputs
from gongye.evaluation.engine.scheme import CLASSES, NOT_GRADED, Classes, Group, Indicator, Scheme

GRADED = "graded"
NOT_RATED = "not_graded"
EXCLUDED = "excluded"
TENANT = "tenant"


class EvaluationError(ValueError):
    """The scheme cannot be applied to these inputs (e.g. a group's average is not positive)."""


@dataclass
class GroupScores:
    """One group's graded members (row indices into the inputs) and their figures."""

    group: Group
    members: np.ndarray
    values: dict[str, np.ndarray]
    scores: dict[str, np.ndarray]
    benchmarks: dict[str, float]
    bonus: np.ndarray
    deduction: np.ndarray
    total: np.ndarray  # rounded to two decimals
    rank: np.ndarray
    klass: np.ndarray  # index into CLASSES

    def rounded(
        self,
    ) -> tuple[list[str], list[list[float | None]], list[list[float | None]], list[Any], list[Any]]:
        """(indicator names, their values, their scores, bonus, deduction) as rounded columns."""
        labels = list(self.values)
        return (
            labels,
            [plain_column(self.values[n], 4) for n in labels],
            [plain_column(self.scores[n], 4) for n in labels],
            plain_column(self.bonus, 4),
            plain_column(self.deduction, 4),
        )


@dataclass
class Evaluation:
    scheme: Scheme
    inputs: Inputs
    status: np.ndarray  # GRADED, NOT_RATED, EXCLUDED, TENANT per row
    group_of: np.ndarray  # group index per row, -1 for none
    groups: list[GroupScores]
    klass: np.ndarray  # "A".."D", "T" or "" per row
    reasons: list[list[dict[str, Any]]] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """Every enterprise's result as plain values, in input order (built from the columns
        as Python lists: a numpy scalar a cell would cost ten times as much)."""
        names = [g.name for g in self.scheme.groups]
        group_of = self.group_of.tolist()
        out = [
            {
                "credit_code": code,
                "name": name,
                "status": status,
                "group": names[group] if group >= 0 else "",
                "indicators": {},
                "scores": {},
                "bonus": None,
                "deduction": None,
                "total": None,
                "rank": None,
                "class": klass,
                "reasons": reasons,
            }
            for code, name, status, group, klass, reasons in zip(
                self.inputs.codes.tolist(),
                self.inputs.names.tolist(),
                self.status.tolist(),
                group_of,
                self.klass.tolist(),
                self.reasons,
                strict=True,
            )
        ]
        for scores in self.groups:
            labels, values, items, bonus, deduction = scores.rounded()
            total, rank = scores.total.tolist(), scores.rank.tolist()
            for offset, row in enumerate(scores.members.tolist()):
                entry = out[row]
                entry["indicators"] = {n: v[offset] for n, v in zip(labels, values, strict=True)}
                entry["scores"] = {n: v[offset] for n, v in zip(labels, items, strict=True)}
                entry["bonus"] = bonus[offset]
                entry["deduction"] = deduction[offset]
                entry["total"] = total[offset]
                entry["rank"] = rank[offset]
        return out


def plain_column(values: np.ndarray, digits: int) -> list[float | None]:
    """A column rounded to ``digits`` decimals as Python floats, None where it has no value:
    how results are shown, stored and compared."""
    rounded = np.round(values, digits).tolist()
    if np.isnan(values).any():
        return [None if value != value else value for value in rounded]
    return rounded


def round_half_up(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """Half up to ``digits`` decimals, in place (as the published tables round)."""
    scale = 10.0**digits
    values *= scale
    values += 0.5
    np.floor(values, out=values)
    values /= scale
    return values


# -- one group's scores ------------------------------------------------------------------


def _benchmark(indicator: Indicator, values: np.ndarray, group: str) -> tuple[float, float, float]:
    """(benchmark, lowest, highest) of the indicator in the group."""
    benchmark = indicator.benchmark
    if benchmark.kind == "fixed":
        return benchmark.value, np.nan, np.nan
    present = values[~np.isnan(values)]
    if not present.size:
        return np.nan, np.nan, np.nan
    if benchmark.kind == "average":
        average = float(present.mean()) * benchmark.multiple
        if not average > 0:
            raise EvaluationError(
                _("“%(group)s”组“%(name)s”的平均值 %(value)s 不大于0，不能作基准值")
                % {"group": group, "name": indicator.name, "value": round(average, 4)}
            )
        return average, np.nan, np.nan
    return np.nan, float(present.min()), float(present.max())


def indicator_scores(
    indicator: Indicator, values: np.ndarray, benchmark: float, low: float, high: float
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, missing) of one indicator over a group's values: a few in-place array
    operations (the scoring step's time is measured against one numpy expression)."""
    weight = indicator.weight
    missing = np.isnan(values)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if indicator.benchmark.kind == "min_max":
            floor = indicator.benchmark.floor
            spread = high - low
            if not spread > 0:
                scores = np.full(values.shape, weight)
            else:
                scores = (high - values) if indicator.lower_is_better else (values - low)
                scores *= (weight - floor) / spread
                scores += floor
        elif indicator.lower_is_better:
            scores = np.divide(weight * benchmark, values)
            # nothing used (0 or less): the best there is
            scores[values <= 0] = weight * indicator.cap if indicator.cap else weight
        else:
            scores = values * (weight / benchmark)
    np.clip(
        scores, 0.0, indicator.cap * weight if indicator.cap is not None else np.inf, out=scores
    )
    if indicator.cap is None and indicator.lower_is_better:
        scores[np.isinf(scores)] = weight
    if missing.any():
        fill = 0.0
        if indicator.missing == "average" and not missing.all():
            fill = float(scores[~missing].mean())
        scores[missing] = fill
    return scores, missing


def score_group(group: Group, env: dict[str, np.ndarray], size: int) -> GroupScores:
    """Values, scores, bonus, deductions and rounded totals of one group's members
    (``env`` holds only their rows); rank and class are set by ``classify``."""
    values: dict[str, np.ndarray] = {}
    scores: dict[str, np.ndarray] = {}
    benchmarks: dict[str, float] = {}
    total = np.zeros(size)
    for indicator in group.indicators:
        value = indicator.formula.evaluate(env, size)
        benchmark, low, high = _benchmark(indicator, value, group.name)
        score, _missing = indicator_scores(indicator, value, benchmark, low, high)
        values[indicator.name] = value
        scores[indicator.name] = score
        benchmarks[indicator.name] = benchmark
        total += score
    bonus = _adjustments(group.bonus, env, size)
    deduction = _adjustments(group.deductions, env, size)
    total += bonus
    total -= deduction
    empty = np.zeros(0, dtype=int)
    return GroupScores(
        group,
        empty,
        values,
        scores,
        benchmarks,
        bonus,
        deduction,
        round_half_up(total),
        empty,
        empty,
    )


def _adjustments(items: Any, env: dict[str, np.ndarray], size: int) -> np.ndarray:
    points = np.zeros(size)
    for item in items:
        if item.formula is not None:
            part = item.points * item.formula.evaluate(env, size)
            part = np.nan_to_num(part, nan=0.0, posinf=0.0, neginf=0.0)
            np.maximum(part, 0.0, out=part)
            if item.when is not None:
                part[~item.when.evaluate(env, size)] = 0.0
        else:
            part = np.where(item.when.evaluate(env, size), item.points, 0.0)
        if item.limit is not None:
            np.minimum(part, item.limit, out=part)
        points += part
    return points


# -- ranks and classes -------------------------------------------------------------------


def _count(size: int, share: float, rounding: str) -> int:
    exact = Fraction(size) * Fraction(str(share)) / 100
    if rounding == "floor":
        return int(exact.__floor__())
    if rounding == "ceil":
        return int(exact.__ceil__())
    return int((exact + Fraction(1, 2)).__floor__())


def classify(
    total: np.ndarray, codes: np.ndarray, classes: Classes
) -> tuple[np.ndarray, np.ndarray]:
    """(rank, class index) of every member: rank 1 the highest total, equal totals one rank;
    class by cumulative share of the ranking or by score."""
    size = total.size
    ascending = np.sort(total)
    rank = size - np.searchsorted(ascending, total, side="right") + 1
    if classes.by == "score":
        a, b, c = classes.cuts
        klass = (total < a).astype(int) + (total < b) + (total < c)
        return rank, klass
    counts = [_count(size, cut, classes.rounding) for cut in classes.cuts]
    # the class of the first member of a tie is the class of all of it: its position is rank − 1
    first = rank - 1
    klass = (first >= counts[0]).astype(int) + (first >= counts[1]) + (first >= counts[2])
    return rank, klass


def _nearest_allowed(current: int, forbidden: frozenset[str]) -> int:
    allowed = [i for i, k in enumerate(CLASSES) if k not in forbidden]
    return min(allowed, key=lambda i: (abs(i - current), -i))


# -- the whole evaluation ----------------------------------------------------------------


def evaluate(scheme: Scheme, inputs: Inputs) -> Evaluation:
    """Every enterprise of ``inputs`` evaluated by ``scheme``."""
    size = inputs.size
    env = inputs.env
    status = np.full(size, EXCLUDED, dtype=object)
    reasons: list[list[dict[str, Any]]] = [[] for _ in range(size)]
    free = scheme.where.evaluate(env, size) if scheme.where else np.ones(size, dtype=bool)
    for row in np.flatnonzero(~free).tolist():
        reasons[row].append({"code": "out_of_scope"})
    for rule in scheme.exclude:
        hit = free & rule.when.evaluate(env, size)
        for row in np.flatnonzero(hit).tolist():
            reasons[row].append({"code": "excluded", "rule": rule.name})
        free &= ~hit
    candidates = free.copy()
    for rule in scheme.not_graded:
        hit = free & rule.when.evaluate(env, size)
        status[hit] = NOT_RATED
        for row in np.flatnonzero(hit).tolist():
            reasons[row].append({"code": "not_graded", "rule": rule.name})
        free &= ~hit
    landlord_of = np.full(size, -1)
    if scheme.tenants == "landlord":
        landlord_of = _landlords(inputs, free)
        tenant = landlord_of >= 0
        status[tenant] = TENANT
        free &= ~tenant
    group_of = np.full(size, -1)
    for index, group in enumerate(scheme.groups):
        hit = candidates & (group_of < 0) & group.where.evaluate(env, size)
        group_of[hit] = index
    orphan = free & (group_of < 0)
    for row in np.flatnonzero(orphan).tolist():
        reasons[row].append({"code": "no_group"})
    free &= ~orphan
    status[free] = GRADED
    klass = np.full(size, "", dtype=object)
    klass[status == NOT_RATED] = NOT_GRADED
    results = []
    for index, group in enumerate(scheme.groups):
        members = np.flatnonzero(free & (group_of == index))
        sub = env if members.size == size else {n: c[members] for n, c in env.items()}
        scores = score_group(group, sub, members.size)
        scores.members = members
        scores.rank, scores.klass = classify(
            scores.total, inputs.codes[members], group.classes or scheme.classes
        )
        _explain_scores(scores, reasons)
        _apply_vetoes(scheme, scores, sub, reasons)
        klass[members] = np.array(CLASSES, dtype=object)[scores.klass]
        results.append(scores)
    for row in np.flatnonzero(landlord_of >= 0).tolist():
        landlord = int(landlord_of[row])
        klass[row] = klass[landlord]
        reasons[row].append(
            {"code": "tenant", "landlord": str(inputs.codes[landlord]), "class": klass[landlord]}
        )
    return Evaluation(scheme, inputs, status, group_of, results, klass, reasons)


def _landlords(inputs: Inputs, free: np.ndarray) -> np.ndarray:
    """Each tenant's landlord row (−1: not a tenant, or its landlord is not evaluated)."""
    index = {str(code): row for row, code in enumerate(inputs.codes.tolist()) if free[row]}
    out = np.full(inputs.size, -1)
    landlords = inputs.env["landlord"]
    for row in np.flatnonzero(free & (landlords != "")).tolist():
        landlord = index.get(str(landlords[row]))
        if landlord is not None and landlord != row:
            out[row] = landlord
    return out


def _explain_scores(scores: GroupScores, reasons: list[list[dict[str, Any]]]) -> None:
    members = scores.members
    for indicator in scores.group.indicators:
        values = scores.values[indicator.name]
        missing = np.isnan(values)
        for offset in np.flatnonzero(missing).tolist():
            reasons[members[offset]].append(
                {
                    "code": "missing",
                    "indicator": indicator.name,
                    "rule": indicator.missing,
                    "score": round(float(scores.scores[indicator.name][offset]), 4),
                }
            )
        if indicator.cap is not None:
            limit = indicator.cap * indicator.weight
            hit = ~missing & (scores.scores[indicator.name] >= limit)
            with np.errstate(invalid="ignore", divide="ignore"):
                hit &= _uncapped(indicator, values, scores.benchmarks[indicator.name]) > limit
            for offset in np.flatnonzero(hit).tolist():
                reasons[members[offset]].append(
                    {"code": "cap", "indicator": indicator.name, "limit": round(limit, 4)}
                )


def _uncapped(indicator: Indicator, values: np.ndarray, benchmark: float) -> np.ndarray:
    if indicator.benchmark.kind == "min_max":
        return np.zeros(values.shape)
    if indicator.lower_is_better:
        return np.where(values > 0, indicator.weight * (benchmark / values), np.inf)
    return indicator.weight * (values / benchmark)


def _apply_vetoes(
    scheme: Scheme,
    scores: GroupScores,
    env: dict[str, np.ndarray],
    reasons: list[list[dict[str, Any]]],
) -> None:
    """Each member's vetoes together: the classes all of them forbid, left for the nearest
    class none forbids."""
    size = scores.members.size
    hits = [
        (veto, np.flatnonzero(veto.when.evaluate(env, size)).tolist()) for veto in scheme.vetoes
    ]
    forbidden: dict[int, tuple[set[str], list[str]]] = {}
    for veto, offsets in hits:
        for offset in offsets:
            classes, names = forbidden.setdefault(offset, (set(), []))
            classes |= veto.forbidden
            names.append(veto.name)
    for offset, (classes, names) in sorted(forbidden.items()):
        current = int(scores.klass[offset])
        if CLASSES[current] not in classes or len(classes) == len(CLASSES):
            continue
        moved = _nearest_allowed(current, frozenset(classes))
        scores.klass[offset] = moved
        reasons[scores.members[offset]].append(
            {
                "code": "veto",
                "rule": "、".join(names),
                "from": CLASSES[current],
                "to": CLASSES[moved],
            }
        )
