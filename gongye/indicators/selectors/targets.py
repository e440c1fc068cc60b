"""The pages of a plan's targets as typed objects: the list, and one target's line against its
pace with its parts (分解)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongye.indicators.models import TargetOwner
from gongye.indicators.permissions import can_read_indicators
from gongye.indicators.selectors.figures import (
    target_part_status,
    target_series,
    target_status_list,
)
from gongye.indicators.selectors.words import (
    Judged,
    LinePoint,
    TargetRow,
    figure_text,
    judged_words,
    line_chart,
    line_points,
    owners_of,
    target_rows,
)
from gongye.plans.models import Plan, Target

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass(frozen=True)
class TargetListPage:
    rows: list[TargetRow]
    demo: bool


def target_list_page(plan: Plan) -> TargetListPage:
    """The plan's active targets with their latest figure and status (three queries)."""
    rows = target_rows(target_status_list(plan), owners_of(plan))
    return TargetListPage(rows=rows, demo=any(r.is_demo for r in rows))


@dataclass(frozen=True)
class PartRow(Judged):
    """A township's or the development zone's part of the target, judged like the whole."""

    unit: str
    goal: str
    latest: str
    month: int | None


@dataclass(frozen=True)
class TargetDetailPage:
    target: Target
    plan: Plan
    goal: str
    owner: str | None
    points: list[LinePoint]
    parts: list[PartRow]
    chart: dict[str, Any]  # the JSON the page's script draws from: the same points
    demo: bool

    @property
    def latest(self) -> LinePoint | None:
        return self.points[-1] if self.points else None


def target_detail_page(user: User, *, pk: int) -> TargetDetailPage:
    """One target of a plan in the user's scope (else 404; not a reader → 403): its monthly
    line against pace, its owner and its parts. Five queries."""
    can_read_indicators(user).require()
    target = get_object_or_404(Target.objects.in_scope(user).select_related("plan__region"), pk=pk)
    points = line_points(
        target_series(target.plan, targets=[target]).get(target.pk, []), str(target.kind)
    )
    parts = [
        PartRow(
            unit=part.unit_name,
            goal=f"{figure_text(part.goal)}{target.unit}",
            latest=figure_text(part.observation.value) if part.observation else "—",
            month=part.observation.month if part.observation else None,
            **judged_words(part.assessment, kind=str(target.kind)),
        )
        for part in target_part_status(target)
    ]
    return TargetDetailPage(
        target=target,
        plan=target.plan,
        goal=f"{figure_text(target.value)}{target.unit}",
        owner=TargetOwner.objects.filter(target=target)
        .values_list("unit__name", flat=True)
        .first(),
        points=points,
        parts=parts,
        chart={
            **line_chart(target.pk, target.name, target.unit, points),
            "labels": {"actual": _("实际"), "pace": _("序时要求")},
        },
        demo=any(p.is_demo for p in points),
    )
