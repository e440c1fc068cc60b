"""The bulletin of a plan, read from the database: one plan in a fixed number of queries, or
many plans' totals side by side in one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from gongye.accounts.models import RoleAssignment
from gongye.core.roles import Role
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
    checkpoints and signed by the unit that holds the plan office's role in the region
    (``issuing_office``). Raises Plan.DoesNotExist when the region has
    no plan for the year."""
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
        issuer=issuing_office(plan.region),
    )


def issuing_office(region: Region) -> str:
    """The office that signs the region's bulletin: the unit holding the plan office's role
    there (督办, the plan's owner), the first by the register's order if several do; empty
    when none does (the bulletin then signs with the region's name)."""
    office = (
        RoleAssignment.objects.filter(
            role=Role.PLAN_OFFICE,
            is_active=True,
            user__is_active=True,
            region=region,
            unit__isnull=False,
        )
        .order_by("unit__sort_order", "unit_id")
        .values_list("unit__name", "unit__full_name")
        .first()
    )
    return office_name(region.name, *office) if office else ""


def office_name(region_name: str, name: str | None, full_name: str | None) -> str:
    """How the issuing office signs (发文机关署名): its full name when the register has one,
    else its short name under the region's — 科技经信局 of 霍山县 signs 霍山县科技经信局,
    县科技经信局 signs the same, 区经信局 of 金安区 signs 金安区经信局. Empty when the region
    has no plan office (the bulletin then signs with the region's name)."""
    if full_name:
        return full_name
    if not name:
        return ""
    if name.startswith(region_name):
        return name
    if region_name and name[0] == region_name[-1]:  # 县…/区…/市… short for the region
        return region_name + name[1:]
    return region_name + name
