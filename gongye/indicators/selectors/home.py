"""The indicators' part of a person's 工作台: the figures they owe, review or lead by.

- a liaison whose unit owns targets (or holds parts of cascaded ones): those still without a
  figure for the month now due, with the entry page;
- the statistics bureau: the targets without that month's figure, with the sheet import;
- the plan office: figures waiting for its approval, targets without an owning unit;
- a county leader: the targets by status (the cockpit's own count), with the cockpit.

The month due is the one before this (the bureau publishes a month in the middle of the next);
for a past year's plan, December. The plan is the region's plan of this year, or the last one
before it (``core.periods.default_year``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from gongye.core.periods import default_month, default_year
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.indicators.choices import ObservationStatus
from gongye.indicators.models import Observation, TargetOwner, TargetPart
from gongye.orgs.choices import RegionLevel
from gongye.plans.models import Plan, Target

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass(frozen=True)
class HomeFigures:
    plan: Plan
    month: int  # the month whose figures are due (0: none yet this year)
    # what the panel shows: "status" (a leader's counts), "review" (the plan office's
    # approvals and set-up), "enter" (a unit's figures to enter), "import" (the bureau's)
    kind: str
    to_enter: list[Target] = field(default_factory=list)  # without that month's figure
    to_enter_total: int = 0
    pending_total: int = 0  # figures waiting for the plan office
    without_owner: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # targets by status (leaders)


def due_month(plan: Plan, today: dt.date) -> int:
    if plan.year == today.year:
        return today.month - 1
    return 12 if plan.year < today.year else 0


def current_plan_of(user: User, today: dt.date | None = None) -> Plan | None:
    """The acting county's plan of this year, or the last one before it."""
    today = today or timezone.localdate()
    acting = acting_of(user)
    if acting is None or acting.region.level != RegionLevel.COUNTY:
        return None
    plans = {p.year: p for p in Plan.objects.filter(region=acting.region).select_related("region")}
    if not plans:
        return None
    return plans.get(default_year(list(plans), today))


def _missing(targets, plan: Plan, month: int, part_unit_id: int | None = None):
    figures = Observation.objects.filter(
        year=plan.year,
        month=month,
        status__in=(ObservationStatus.PENDING, ObservationStatus.APPROVED),
    )
    if part_unit_id is None:
        figures = figures.filter(part_unit__isnull=True)
    else:
        figures = figures.filter(part_unit_id=part_unit_id)
    return targets.exclude(pk__in=figures.values("target_id"))


def home_figures_for(user: User, *, today: dt.date | None = None) -> HomeFigures | None:
    today = today or timezone.localdate()
    acting = acting_of(user)
    if acting is None or acting.role not in (
        Role.LIAISON,
        Role.STATISTICS,
        Role.PLAN_OFFICE,
        Role.LEADER,
    ):
        return None
    plan = current_plan_of(user, today)
    if plan is None:
        return None
    month = due_month(plan, today)
    targets = plan.targets.filter(is_active=True).order_by("seq", "pk")
    if acting.role == Role.LIAISON:
        unit_id = acting.unit_id
        if unit_id is None:
            return None
        owned = targets.filter(
            Q(pk__in=TargetOwner.objects.filter(unit_id=unit_id).values("target_id"))
            | Q(pk__in=TargetPart.objects.filter(unit_id=unit_id).values("target_id"))
        )
        if not owned.exists():
            return None  # its unit owns no target: nothing to say
        missing = _missing(owned, plan, month) if month else owned.none()
        return HomeFigures(plan, month, "enter", list(missing[:5]), missing.count() if month else 0)
    if acting.role == Role.STATISTICS:
        missing = _missing(targets, plan, month) if month else targets.none()
        return HomeFigures(plan, month, "import", list(missing[:5]), missing.count())
    if acting.role == Role.PLAN_OFFICE:
        return HomeFigures(
            plan,
            month,
            "review",
            pending_total=Observation.objects.filter(
                target__plan=plan, status=ObservationStatus.PENDING
            ).count(),
            without_owner=targets.exclude(pk__in=TargetOwner.objects.values("target_id")).count(),
        )
    # a county leader: the cockpit's count of targets by status (its cached plan part)
    from gongye.indicators.selectors.cockpit import STATUSES, plan_part

    part = plan_part(plan, today=today, month=default_month(plan.year, today))
    counts = {key: sum(1 for r in part.rows if r.status == key) for key in STATUSES}
    return HomeFigures(plan, month, "status", counts=counts)


@dataclass(frozen=True)
class DataLink:
    label: str
    url: str
    icon: str
    key: str


def data_links_for(user: User, plan: Plan) -> list[DataLink]:
    """The figure pages this person may use on ``plan``: entry (an owning unit's liaison, the
    statistics bureau), approval and target set-up (the plan office), the sheet import (the
    statistics bureau) — linked from the target list and the cockpit."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from gongye.indicators.permissions import can_import_statistics, can_manage_plan_targets

    acting = acting_of(user)
    if acting is None or not plan.region.path.startswith(acting.region.path):
        return []
    links = []
    enters = acting.role == Role.STATISTICS or (
        acting.role == Role.LIAISON
        and acting.unit_id is not None
        and (
            TargetOwner.objects.filter(target__plan=plan, unit_id=acting.unit_id).exists()
            or TargetPart.objects.filter(target__plan=plan, unit_id=acting.unit_id).exists()
        )
    )
    if enters:
        url = reverse("indicators:observation_enter", args=[plan.pk])
        links.append(DataLink(_("填报数据"), url, "pencil", "enter"))
    if can_import_statistics(user, plan):
        url = reverse("indicators:statistics_upload", args=[plan.pk])
        links.append(DataLink(_("导入统计数据表"), url, "upload", "import"))
    if can_manage_plan_targets(user, plan):
        links.append(
            DataLink(
                _("审核数据"),
                reverse("indicators:review_list", args=[plan.pk]),
                "check2-square",
                "review",
            )
        )
        links.append(
            DataLink(
                _("责任单位与分解"),
                reverse("indicators:target_setup", args=[plan.pk]),
                "gear",
                "setup",
            )
        )
    return links
