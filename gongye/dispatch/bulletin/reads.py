"""The bulletin of a plan, read from the database: one plan in a fixed number of queries, or
many plans' totals side by side in one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from gongye.orgs.models import Region
from gongye.plans.models import Plan

from .facts import plan_task_facts, plans_task_dates
from .figures import BulletinData, Totals, compute_bulletin


def bulletin_totals(
    plans: Sequence[Plan], *, year: int, months: Sequence[int], today: dt.date
) -> dict[int, dict[int, Totals]]:
    """The bulletin's totals (due, done, on time…) of each plan's key tasks at the end of
    each of ``months`` — the arithmetic of ``compute_bulletin`` — for many plans in one query
    (a city's counties side by side)."""
    checkpoints = {p.pk: p.checkpoint_shares() for p in plans}
    return {
        plan_id: {
            m: compute_bulletin(
                tasks, year=year, month=m, today=today, checkpoints=checkpoints[plan_id]
            ).totals
            for m in months
        }
        for plan_id, tasks in plans_task_dates(plans).items()
    }


def bulletin_data(
    region: Region, year: int, month: int, today: dt.date | None = None
) -> BulletinData:
    """The bulletin of ``region``'s plan of ``year`` for ``month``, paced by the plan's own
    checkpoints. Raises Plan.DoesNotExist when the region has no plan for the year."""
    if not 1 <= month <= 12:
        raise ValueError("month must be 1–12")
    plan = Plan.objects.select_related("region").get(region=region, year=year)
    return compute_bulletin(
        plan_task_facts(plan),
        year=year,
        month=month,
        today=today or timezone.localdate(),
        checkpoints=plan.checkpoint_shares(),
        region_name=plan.region.name,
        region_code=plan.region.code,
        plan_id=plan.pk,
        plan_title=plan.title,
    )
