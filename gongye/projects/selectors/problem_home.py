"""The project register's 工作台 panel (``ProjectsConfig.home_panels``): what waits for the
reader in the problem lists and the 月30 returns.

- a leader: the open problems (not 销号, not withdrawn) of the projects paired with them
  (一对一联系, issue 13 item 5);
- a unit (its liaisons and head): the problems assigned to it (办理中), and the projects it
  answers for that owe this month's return and have not filed it, with their colour;
- the plan office: problems to assign, answers to verify, and problems overdue.

Each part is a count and its first rows: two queries whatever the data (a flat query count).
None when nothing waits (then the panel is not shown)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.projects.choices import ProblemStatus, ReturnColour
from gongye.projects.models import ProjectReturn
from gongye.projects.permissions import UNIT_MEMBERS, problems_visible_to, projects_visible_to
from gongye.projects.selectors.problems import overdue_q, with_colours
from gongye.projects.selectors.returns import owing, return_colour
from gongye.projects.services.returns import return_due

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

PANEL_ROWS = 8


@dataclass(frozen=True)
class PanelPart:
    key: str
    title: str
    kind: str  # "problems" or "returns"
    rows: list[Any]
    total: int
    link: str = ""  # the problem list's filter that shows them all


@dataclass(frozen=True)
class ProblemHome:
    parts: list[PanelPart]
    due: dt.date | None = None  # this month's 月30 due day, when a part lists returns


def _problems(key: str, title: str, rows: QuerySet[Any], today: dt.date, link: str) -> PanelPart:
    rows = rows.select_related("project", "unit")
    return PanelPart(
        key, title, "problems", with_colours(list(rows[:PANEL_ROWS]), today), rows.count(), link
    )


def _returns_owed(user: User | AnonymousUser, unit_id: int, today: dt.date) -> PanelPart:
    """The projects the unit answers for that owe this month's return, not yet filed."""
    filed = ProjectReturn.objects.filter(year=today.year, month=today.month).values("project_id")
    rows = (
        owing(projects_visible_to(user).filter(unit_id=unit_id), today.year, today.month)
        .exclude(pk__in=filed)
        .select_related("location")
        .order_by("name", "id")
    )
    colour = return_colour(None, today.year, today.month, today)
    shown = list(rows[:PANEL_ROWS])
    for project in shown:
        project.colour = "" if colour == ReturnColour.NONE else str(colour)  # type: ignore[attr-defined]
    return PanelPart("returns", _("本月应报的月30调度"), "returns", shown, rows.count())


def problems_home_for(user: User | AnonymousUser) -> ProblemHome | None:
    acting = acting_of(user)
    if acting is None:
        return None
    today = timezone.localdate()
    visible = problems_visible_to(user)
    parts: list[PanelPart] = []
    due = None
    if acting.role == Role.LEADER:
        paired = visible.open().filter(project__paired_leader_id=acting.user_id)
        parts.append(
            _problems(
                "paired-open",
                _("联系项目未销号的问题"),
                paired.order_by(F("deadline").asc(nulls_last=True), "-created_at", "id"),
                today,
                "",
            )
        )
    elif acting.role in UNIT_MEMBERS and acting.unit_id is not None:
        held = visible.filter(unit_id=acting.unit_id, status=ProblemStatus.ASSIGNED)
        parts.append(
            _problems(
                "to-answer",
                _("交本单位办理的问题"),
                held.order_by("deadline", "id"),
                today,
                f"?status={ProblemStatus.ASSIGNED}&unit={acting.unit_id}",
            )
        )
        parts.append(_returns_owed(user, acting.unit_id, today))
        due = return_due(today.year, today.month)
    elif acting.role == Role.PLAN_OFFICE:
        for key, title, rows, link in (
            (
                "to-assign",
                _("待交办的问题"),
                visible.filter(status=ProblemStatus.RAISED).order_by("created_at", "id"),
                f"?status={ProblemStatus.RAISED}",
            ),
            (
                "to-verify",
                _("已答复待核实的问题"),
                visible.filter(status=ProblemStatus.ANSWERED).order_by("answered_at", "id"),
                f"?status={ProblemStatus.ANSWERED}",
            ),
            (
                "overdue",
                _("逾期未答复的问题"),
                visible.filter(overdue_q(today)).order_by("deadline", "id"),
                "?overdue=on",
            ),
        ):
            parts.append(_problems(key, title, rows, today, link))
    parts = [part for part in parts if part.total]
    if not parts:
        return None
    return ProblemHome(parts=parts, due=due)
