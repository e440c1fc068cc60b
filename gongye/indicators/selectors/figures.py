"""Each target's figures and status against pace (序时进度), read in bulk.

Every read here costs a fixed number of queries whatever the number of plans, targets and
months: a county's cockpit and a province's comparison of a hundred counties go through the same
functions, so a county's figures on the comparison equal those on its own page.

Which figure judges a target: the latest approved whole-county figure (not a township's part)
of the plan's year whose measure can judge the target's kind (``pace.MEASURES_FOR_KIND``): a
level target may also carry a year-on-year growth rate (规上工业产值 with its 增速), which is
shown as its speed but never judged against the level.

Each figure is judged at the pace of its own plan: the plan's checkpoints
(``Plan.checkpoint_shares()``, e.g. 6月 60%) where it states them, the linear m/12 where it
states none.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from gongye.indicators.choices import ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import MEASURES_FOR_KIND, Assessment, Rules, assess
from gongye.indicators.pace import Observation as Figure
from gongye.plans.models import Plan, Target
from gongye.plans.parsing.periods import month_end


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    observation: Observation | None
    assessment: Assessment | None


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a target's line: the figure and, when it can be judged, its pace."""

    observation: Observation
    assessment: Assessment | None


# a plan's checkpoints as a hashable key for the remembered judgements: ((6, Fraction(3, 5)),)
CheckpointKey = tuple[tuple[int, Fraction], ...]


def checkpoint_key(checkpoints: Mapping[int, Fraction]) -> CheckpointKey:
    return tuple(sorted(checkpoints.items()))


def judge(
    target: Any, obs: Any, *, checkpoints: Mapping[int, Fraction] | CheckpointKey
) -> Assessment | None:
    """The status of ``target`` by the figure ``obs`` (a model row or anything with the same
    fields), at the pace of the plan's ``checkpoints`` (``Plan.checkpoint_shares()``). A
    figure for the month in progress (the service accepts it) is judged, like every figure,
    at its own month's pace: the clock is read at that month's end. A figure
    that cannot judge the target (a rank without last year's position, refused on entry but
    possible in old data) gives no status rather than an error on a leader's page."""
    if obs is None:
        return None
    return _judged(
        str(target.kind),
        str(target.comparator or ""),
        target.value,
        target.unit or "",
        obs.year,
        obs.month,
        obs.value,
        str(obs.measure),
        obs.baseline,
        checkpoints if isinstance(checkpoints, tuple) else checkpoint_key(checkpoints),
        get_language() or "",
    )


@dataclass(frozen=True)
class _Goal:
    kind: str
    comparator: str
    value: Decimal
    unit: str


@functools.lru_cache(maxsize=200_000)
def _judged(
    kind: str,
    comparator: str,
    goal: Decimal,
    unit: str,
    year: int,
    month: int,
    value: Decimal,
    measure: str,
    baseline: Decimal | None,
    checkpoints: CheckpointKey,
    language: str,
) -> Assessment | None:
    """``pace.assess`` of a figure at its own month's end: a pure function of these values
    (the clock only refuses months not yet ended, and the month's end never is), so it is
    remembered per process; a city's comparison of a hundred counties judges each figure once
    per worker, not once per request. The rule text is worded in the active ``language``,
    which is part of what is remembered."""
    try:
        return assess(
            _Goal(kind, comparator, goal, unit),
            Figure(year=year, month=month, value=value, measure=measure, baseline=baseline),
            month_end(year, month),
            rules=_rules(checkpoints),
        )
    except ValueError:
        return None


@functools.lru_cache(maxsize=1_000)
def _rules(checkpoints: CheckpointKey) -> Rules:
    """The pace rules with a plan's checkpoints (a plan without any: the linear pace)."""
    return Rules(checkpoints=dict(checkpoints))


def _judging() -> Q:
    """Figures whose measure can judge their target's kind."""
    q = Q(pk__in=[])
    for kind, measures in MEASURES_FOR_KIND.items():
        q |= Q(target__kind=kind, measure__in=[str(m) for m in measures])
    return q


def _approved_whole() -> Q:
    """Approved figures of the whole (not a part) for the year of the target's plan."""
    return Q(status=ObservationStatus.APPROVED, part_unit=None, year=F("target__plan__year"))


def _plan_ids(plans: Iterable[Plan] | QuerySet[Plan]) -> QuerySet[Plan, Any] | list[int]:
    if isinstance(plans, QuerySet):
        return plans.values("pk")
    return [p.pk for p in plans]


@dataclass(frozen=True)
class _Figure:
    year: int
    month: int
    value: Decimal
    measure: str
    baseline: Decimal | None


@dataclass(frozen=True)
class Brief:
    """A target's status in brief, for comparing many plans: the figures' values, not rows."""

    target_id: int
    plan_id: int
    name: str
    kind: str
    value: Decimal
    unit: str
    chapter: str
    status: Assessment | None
    previous: Assessment | None  # as it stood at the end of the month before


def target_briefs(
    plans: Iterable[Plan] | QuerySet[Plan], *, month: int = 12
) -> dict[int, list[Brief]]:
    """Per plan (by id), its active targets in ``seq`` order with their status at the end of
    ``month`` and of the month before: the same figures and rules as ``target_status_list``,
    read as plain values (two queries for any number of plans)."""
    ids = _plan_ids(plans)
    targets = list(
        Target.objects.filter(plan__in=ids, is_active=True)
        .order_by("plan_id", "seq", "pk")
        .values_list(
            "pk",
            "plan_id",
            "name",
            "kind",
            "comparator",
            "value",
            "unit",
            "chapter",
            "plan__checkpoints",
        )
    )
    newest: dict[int, list[_Figure]] = defaultdict(list)
    for target_id, year, m, value, measure, baseline in (
        _newest(ids, month, depth=3)
        .order_by("target_id", "row")
        .values_list("target_id", "year", "month", "value", "measure", "baseline")
    ):
        newest[target_id].append(_Figure(year, m, value, measure, baseline))
    result: dict[int, list[Brief]] = {}
    paces: dict[int, CheckpointKey] = {}
    for pk, plan_id, name, kind, comparator, value, unit, chapter, checkpoints in targets:
        goal = _Goal(kind, comparator, value, unit)
        if plan_id not in paces:
            # the plan's stored checkpoints, read with its targets (no query of their own),
            # as the plan itself reads them
            paces[plan_id] = checkpoint_key(Plan(checkpoints=checkpoints).checkpoint_shares())
        pace = paces[plan_id]
        figures = newest.get(pk, [])
        now = figures[0] if figures else None
        before = next((f for f in figures if f.month <= month - 1), None)
        result.setdefault(plan_id, []).append(
            Brief(
                pk,
                plan_id,
                name,
                kind,
                value,
                unit,
                chapter,
                judge(goal, now, checkpoints=pace),
                judge(goal, before, checkpoints=pace),
            )
        )
    return result


def latest_figure_month(plans: Iterable[Plan] | QuerySet[Plan], month: int = 12) -> int | None:
    """The latest month, ``month`` or before, with a figure that judges a target of the plans
    (the month the bureau has published up to): one query."""
    return (
        Observation.objects.filter(_approved_whole(), _judging())
        .filter(target__plan__in=_plan_ids(plans), target__is_active=True, month__lte=month)
        .aggregate(latest=Max("month"))["latest"]
    )


def _newest(ids: QuerySet[Plan] | list[int], month: int, *, depth: int) -> QuerySet[Observation]:
    """The ``depth`` newest judging figures of each target of the plans, month ``month`` or
    before, numbered 1 (newest) … ``depth`` in ``row``."""
    return (
        Observation.objects.filter(_approved_whole(), _judging())
        .filter(target__plan__in=ids, target__is_active=True, month__lte=month)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("target_id")],
                order_by=[F("month").desc(), F("pk").desc()],
            )
        )
        .filter(row__lte=depth)
    )


def target_status_list(plan: Plan) -> list[TargetStatus]:
    """The plan's active targets in ``seq`` order with their latest approved figure and its
    status (two queries)."""
    targets = list(
        plan.targets.filter(is_active=True).select_related("plan__region").order_by("seq", "pk")
    )
    latest = {obs.target_id: obs for obs in _newest([plan.pk], 12, depth=1)}
    pace = checkpoint_key(plan.checkpoint_shares())
    return [
        TargetStatus(t, latest.get(t.pk), judge(t, latest.get(t.pk), checkpoints=pace))
        for t in targets
    ]


def target_series(
    plan: Plan, *, targets: Iterable[Target] | None = None
) -> dict[int, list[SeriesPoint]]:
    """Each active target's monthly line (by target id): the figures of the measure that
    judges it now (the measure of its latest figure), one per month, each with its pace and
    status as of that month. One query for the whole plan."""
    by_id = {
        t.pk: t
        for t in (
            targets
            if targets is not None
            else plan.targets.filter(is_active=True).select_related("plan")
        )
    }
    figures: dict[int, list[Observation]] = defaultdict(list)
    for obs in (
        Observation.objects.filter(_approved_whole(), _judging())
        .filter(target__plan=plan, target_id__in=list(by_id))
        .order_by("target_id", "month", "pk")
    ):
        figures[obs.target_id].append(obs)
    series: dict[int, list[SeriesPoint]] = {}
    pace = checkpoint_key(plan.checkpoint_shares())
    for target_id, observed in figures.items():
        measure = observed[-1].measure
        by_month = {o.month: o for o in observed if o.measure == measure}  # the last one wins
        target = by_id[target_id]
        series[target_id] = [
            SeriesPoint(o, judge(target, o, checkpoints=pace)) for _m, o in sorted(by_month.items())
        ]
    return series


@dataclass(frozen=True)
class PartStatus:
    """One township's or the development zone's part of a cascaded target (分解), tracked the
    same way as the whole: its latest approved figure against its own goal at pace."""

    unit_id: int
    unit_name: str
    goal: Decimal
    observation: Observation | None
    assessment: Assessment | None


def target_part_status(target: Target) -> list[PartStatus]:
    """The target's parts in the units' order, each with its latest approved figure (of a
    measure that judges the target) and status. Two queries."""
    parts = list(target.parts.select_related("unit").order_by("unit__sort_order", "unit__name"))
    latest: dict[int, Observation] = {}
    for obs in Observation.objects.filter(
        target=target,
        part_unit__in=[p.unit_id for p in parts],
        status=ObservationStatus.APPROVED,
        year=target.plan.year,
        measure__in=[str(m) for m in MEASURES_FOR_KIND.get(target.kind, ())],
    ).order_by("month", "pk"):
        assert obs.part_unit_id is not None  # filtered on the parts' units
        latest[obs.part_unit_id] = obs  # in month order: the last one wins
    result = []
    pace = checkpoint_key(target.plan.checkpoint_shares())
    for part in parts:
        figure = latest.get(part.unit_id)
        goal = _Goal(target.kind, target.comparator, part.value, target.unit)
        status = judge(goal, figure, checkpoints=pace)
        result.append(PartStatus(part.unit_id, part.unit.name, part.value, figure, status))
    return result


def target_lines(plan: Plan) -> list[tuple[TargetStatus, list[SeriesPoint]]]:
    """Each active target with its status and its monthly line, from one read of its figures:
    the line's last point is the figure that judges the target — the newest of the measure
    that judges it, as ``target_status_list`` finds it. Two queries."""
    targets = list(
        plan.targets.filter(is_active=True).select_related("plan__region").order_by("seq", "pk")
    )
    series = target_series(plan, targets=targets)
    result = []
    for target in targets:
        line = series.get(target.pk, [])
        last = line[-1] if line else None
        status = TargetStatus(
            target, last.observation if last else None, last.assessment if last else None
        )
        result.append((status, line))
    return result
