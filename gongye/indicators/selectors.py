"""Each target's figures and status against pace (序时进度), read in bulk.

Every read here costs a fixed number of queries whatever the number of plans, targets and
months: a county's cockpit and a province's comparison of a hundred counties go through the same
functions, so a county's figures on the comparison equal those on its own page.

Which figure judges a target: the latest approved whole-county figure (not a township's part)
of the plan's year whose measure can judge the target's kind (``pace.MEASURES_FOR_KIND``): a
level target may also carry a year-on-year growth rate (规上工业产值 with its 增速), which is
shown as its speed but never judged against the level.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from gongye.indicators.choices import ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import MEASURES_FOR_KIND, Assessment, assess
from gongye.indicators.pace import Observation as Figure
from gongye.plans.models import Plan, Target


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    observation: Observation | None
    assessment: Assessment | None
    # the same as it stood at the end of the month before (for 位次 changes); filled only when
    # asked for
    previous_observation: Observation | None = None
    previous_assessment: Assessment | None = None


@dataclass(frozen=True)
class SeriesPoint:
    """One month of a target's line: the figure and, when it can be judged, its pace."""

    observation: Observation
    assessment: Assessment | None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def judge(target: Target, obs: Observation | None, as_of: dt.date) -> Assessment | None:
    """The status of ``target`` by the figure ``obs``. A figure for the month in progress (the
    service accepts it) is judged, like every figure, at its own month's pace: the clock is
    read at that month's end. A figure that cannot judge the target (a rank without last
    year's position, refused on entry but possible in old data) gives no status rather than
    an error on a leader's page."""
    if obs is None:
        return None
    try:
        return assess(
            target,
            Figure(
                year=obs.year,
                month=obs.month,
                value=obs.value,
                measure=obs.measure,
                baseline=obs.baseline,
            ),
            max(as_of, month_end(obs.year, obs.month)),
        )
    except ValueError:
        return None


def _judging() -> Q:
    """Figures whose measure can judge their target's kind."""
    q = Q(pk__in=[])
    for kind, measures in MEASURES_FOR_KIND.items():
        q |= Q(target__kind=kind, measure__in=[str(m) for m in measures])
    return q


def _approved_whole() -> Q:
    """Approved figures of the whole (not a part) for the year of the target's plan."""
    return Q(status=ObservationStatus.APPROVED, part_unit=None, year=F("target__plan__year"))


def _plan_ids(plans: Iterable[Plan] | QuerySet[Plan]) -> QuerySet[Plan] | list[int]:
    if isinstance(plans, QuerySet):
        return plans.values("pk")
    return [p.pk for p in plans]


def target_status_map(
    plans: Iterable[Plan] | QuerySet[Plan],
    *,
    as_of: dt.date | None = None,
    month: int = 12,
    previous: bool = False,
) -> dict[int, list[TargetStatus]]:
    """Per plan (by id), its active targets in ``seq`` order with the latest figure of month
    ``month`` or before and its status; with ``previous``, also as it stood at the end of the
    month before (January's previous is nothing). Two queries for any number of plans."""
    as_of = as_of or timezone.localdate()
    ids = _plan_ids(plans)
    targets = list(
        Target.objects.filter(plan__in=ids, is_active=True)
        .select_related("plan__region")
        .order_by("plan_id", "seq", "pk")
    )
    # the newest figures of each target, newest first: enough to find the latest at the end
    # of this month and of the month before even when two measures share a month
    depth = 3 if previous else 1
    ranked = (
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
        .order_by("target_id", "row")
    )
    newest: dict[int, list[Observation]] = defaultdict(list)
    for obs in ranked:
        newest[obs.target_id].append(obs)
    result: dict[int, list[TargetStatus]] = {}
    for target in targets:
        figures = newest.get(target.pk, [])
        obs = figures[0] if figures else None
        before = None
        if previous:
            before = next((o for o in figures if o.month <= month - 1), None)
        result.setdefault(target.plan_id, []).append(
            TargetStatus(
                target,
                obs,
                judge(target, obs, as_of),
                before,
                judge(target, before, as_of) if before else None,
            )
        )
    return result


def target_status_list(plan: Plan, *, as_of: dt.date | None = None) -> list[TargetStatus]:
    """The plan's active targets with their latest figure and status (two queries)."""
    return target_status_map([plan], as_of=as_of).get(plan.pk, [])


def target_series(
    plan: Plan, *, as_of: dt.date | None = None, targets: Iterable[Target] | None = None
) -> dict[int, list[SeriesPoint]]:
    """Each active target's monthly line (by target id): the figures of the measure that
    judges it now (the measure of its latest figure), one per month, each with its pace and
    status as of that month. One query for the whole plan."""
    as_of = as_of or timezone.localdate()
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
    for target_id, observed in figures.items():
        measure = observed[-1].measure
        by_month = {o.month: o for o in observed if o.measure == measure}  # the last one wins
        target = by_id[target_id]
        series[target_id] = [
            SeriesPoint(o, judge(target, o, as_of)) for _m, o in sorted(by_month.items())
        ]
    return series
