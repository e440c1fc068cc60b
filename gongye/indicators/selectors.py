"""Each target's latest approved figure and its status against pace (序时进度)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from gongye.indicators.choices import ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import Assessment, assess
from gongye.indicators.pace import Observation as Figure
from gongye.plans.models import Plan, Target


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    observation: Observation | None
    assessment: Assessment | None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def target_status_list(plan: Plan, *, as_of: dt.date | None = None) -> list[TargetStatus]:
    """Two queries whatever the number of targets and figures."""
    as_of = as_of or timezone.localdate()
    targets = list(plan.targets.filter(is_active=True).select_related("plan").order_by("seq"))
    latest: dict[int, Observation] = {}
    for obs in Observation.objects.filter(
        target__plan=plan, status=ObservationStatus.APPROVED, year=plan.year, part_unit=None
    ).order_by("target_id", "month"):
        latest[obs.target_id] = obs  # ordered by month: the last one wins
    result = []
    for target in targets:
        obs = latest.get(target.pk)
        assessment = None
        if obs is not None:
            assessment = assess(
                target,
                Figure(
                    year=obs.year,
                    month=obs.month,
                    value=obs.value,
                    measure=obs.measure,
                    baseline=obs.baseline,
                ),
                # a figure for the month in progress (the service accepts it) is judged, like
                # every figure, at its own month's pace: read the clock at that month's end
                max(as_of, _month_end(obs.year, obs.month)),
            )
        result.append(TargetStatus(target, obs, assessment))
    return result
