"""Reads of appeals (诉求): lists scoped by need to know (``appeal_permissions``), one appeal's
page with the steps its reader may take and its timeline (a view of the audit log), the
enterprise page's section and the 工作台 panel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.models import AuditEntry
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.enterprises.appeal_choices import (
    AppealAction,
    AppealRating,
    AppealStatus,
    AppealVerb,
)
from gongye.enterprises.appeal_permissions import (
    appeals_visible_to,
    can_log_appeal,
    enterprise_of,
)
from gongye.enterprises.appeal_workflow import APPEAL_WORKFLOW, rate_days
from gongye.enterprises.models import Appeal
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit
from gongye.supervision.rules import ColourInput, task_colour

if TYPE_CHECKING:
    from gongye.accounts.models import User

TARGET_TYPE = "enterprises.appeal"
PANEL_ROWS = 5


def warn_days() -> int:
    return int(settings.GONGYE_REMIND_DAYS_BEFORE)


def appeal_colour(appeal: Appeal, today: dt.date | None = None) -> str:
    """Like a task's: while the unit holds it, green; yellow when due within the reminder's
    days (or once it has been overdue); red when overdue. Other stages have no colour ("")."""
    if appeal.status != AppealStatus.ASSIGNED or appeal.deadline is None:
        return ""
    today = today or timezone.localdate()
    return str(
        task_colour(ColourInput(appeal.deadline, False, appeal.was_overdue), today, warn_days())
    )


def with_colours(appeals: list[Appeal], today: dt.date | None = None) -> list[Appeal]:
    today = today or timezone.localdate()
    for appeal in appeals:
        appeal.colour = appeal_colour(appeal, today)  # type: ignore[attr-defined]
    return appeals


def appeal_list_for(
    user: User, *, status: str = "", overdue: bool = False, today: dt.date | None = None
) -> QuerySet[Appeal]:
    """The appeals ``user`` sees, newest first; withdrawn ones only when asked for by status
    (a withdrawn appeal leaves nothing behind in the lists)."""
    rows = appeals_visible_to(user).select_related("enterprise", "unit", "raised_unit")
    if status in AppealStatus.values:
        rows = rows.filter(status=status)
    else:
        rows = rows.counted()
    if overdue:
        today = today or timezone.localdate()
        rows = rows.filter(status=AppealStatus.ASSIGNED, deadline__lt=today)
    return rows.order_by("-created_at", "-pk")


def appeal_get_for(user: User, pk: int) -> Appeal:
    """One appeal ``user`` sees, else 404."""
    return get_object_or_404(
        appeals_visible_to(user).select_related(
            "enterprise", "unit", "raised_unit", "region", "raised_by", "answered_by"
        ),
        pk=pk,
    )


class EnterpriseAppeals(list):
    """The enterprise page's appeals (a list, newest first), and whether its reader may log
    one from a visit (``may_log``: the section offers the link only then)."""

    may_log: bool = False


def appeals_for_enterprise(user: Any, enterprise: Any) -> list[Any]:
    """The enterprise's appeals that ``user`` may see, for its page (the template
    ``enterprises/_appeals_section.html`` renders them as ``appeals``), newest first, each
    with its ``colour``; the list's ``may_log`` says whether ``user`` may log one."""
    rows = (
        appeals_visible_to(user)
        .counted()
        .filter(enterprise_id=enterprise.pk)
        .select_related("unit")
        .order_by("-created_at", "-pk")[:20]
    )
    appeals = EnterpriseAppeals(with_colours(list(rows)))
    appeals.may_log = bool(can_log_appeal(user, enterprise))
    return appeals


def open_appeal_counts(user: Any, enterprise_ids: list[int]) -> dict[int, int]:
    """How many appeals of each enterprise are still to be dealt with (neither 办结 nor
    withdrawn), in one query."""
    rows = (
        appeals_visible_to(user)
        .filter(enterprise_id__in=enterprise_ids)
        .exclude(status__in=(AppealStatus.CLOSED, AppealStatus.WITHDRAWN))
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    return dict(rows)


@dataclass(frozen=True)
class TimelineLine:
    at: dt.datetime
    actor_name: str
    unit_name: str
    label: str
    note: str


def _note(entry: AuditEntry, units: dict[int, str]) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    verb = entry.verb
    if verb in (AppealVerb.ASSIGN, AppealVerb.REASSIGN):
        unit = units.get(after.get("unit") or 0, "")
        due = after.get("deadline") or ""
        values = {"unit": unit or "—", "due": due or "—", "comment": after.get("comment") or ""}
        if values["comment"]:
            return _("承办单位：%(unit)s，办理时限：%(due)s；%(comment)s") % values
        return _("承办单位：%(unit)s，办理时限：%(due)s") % values
    if verb == AppealVerb.ANSWER:
        return str(after.get("answer") or "")
    if verb in (AppealVerb.RATE, AppealVerb.REOPEN):
        rating = after.get("rating") or ""
        label = str(AppealRating(rating).label) if rating in AppealRating.values else ""
        comment = str(after.get("comment") or "")
        if label and comment:
            return _("%(rating)s：%(comment)s") % {"rating": label, "comment": comment}
        return label or comment
    return str(after.get("comment") or "")


def appeal_timeline(appeal: Appeal) -> list[TimelineLine]:
    """Who did what and when, read from the audit log (two queries whatever its length)."""
    entries = list(
        AuditEntry.objects.filter(target_type=TARGET_TYPE, target_id=str(appeal.pk)).order_by(
            "at", "pk"
        )
    )
    unit_ids = {
        e.after.get("unit") for e in entries if isinstance(e.after, dict) and e.after.get("unit")
    }
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    labels = dict(AppealVerb.choices)
    return [
        TimelineLine(
            at=e.at,
            actor_name=e.actor_name,
            unit_name=e.unit_name,
            label=str(labels.get(e.verb, e.verb)),
            note=_note(e, units),
        )
        for e in entries
    ]


def assignable_units(appeal: Appeal) -> QuerySet[Unit]:
    """The units the plan office may assign the appeal to: its region's, in use, no groups."""
    return (
        Unit.objects.filter(region_id=appeal.region_id, is_active=True)
        .exclude(kind=UnitKind.GROUP)
        .order_by("sort_order", "name")
    )


def appeal_page(user: User, appeal: Appeal) -> dict[str, Any]:
    """What the appeal page shows: the appeal and its colour, the steps this reader may take
    now (``available``), the units to assign to, and the timeline."""
    actions = {str(e.action) for e in APPEAL_WORKFLOW.available(user, appeal)}
    # the plan office sees why it cannot close an answer yet (the enterprise may still rate)
    close_edge = APPEAL_WORKFLOW.edge(appeal.status, AppealAction.CLOSE)
    close_note = ""
    if close_edge is not None and close_edge.allowed(user, appeal) and "close" not in actions:
        close_note = str(close_edge.when(appeal).reason)
    assigning = actions & {AppealAction.ASSIGN, AppealAction.REASSIGN}
    return {
        "appeal": appeal,
        "colour": appeal_colour(appeal),
        "actions": actions,
        "can_rate": bool(actions & {AppealAction.ACCEPT, AppealAction.REOPEN}),
        "units": list(assignable_units(appeal)) if assigning else [],
        "timeline": appeal_timeline(appeal),
        "close_note": close_note,
        "rate_days": rate_days(),
        "ratings": AppealRating.choices,
    }


def appeals_home_for(user: User) -> dict[str, Any] | None:
    """The 工作台 panel: appeals to assign (plan office), to answer (a unit), returned or to
    rate (an enterprise), open ones of a leader's paired enterprises. None when nothing waits."""
    acting = acting_of(user)
    if acting is None:
        return None
    visible = appeals_visible_to(user).select_related("enterprise", "unit")
    today = timezone.localdate()
    sections: list[tuple[str, str, list[Appeal], int]] = []

    def add(key: str, title: str, rows: QuerySet[Appeal]) -> None:
        total = rows.count()
        if total:
            sections.append((key, title, with_colours(list(rows[:PANEL_ROWS]), today), total))

    if acting.role == Role.PLAN_OFFICE:
        add("to-assign", _("待交办"), visible.filter(status=AppealStatus.RAISED))
        add(
            "overdue",
            _("逾期未答复"),
            visible.filter(status=AppealStatus.ASSIGNED, deadline__lt=today).order_by("deadline"),
        )
    elif acting.role in (Role.LIAISON, Role.UNIT_HEAD) and acting.unit_id is not None:
        add(
            "to-answer",
            _("待本单位答复"),
            visible.filter(unit_id=acting.unit_id, status=AppealStatus.ASSIGNED).order_by(
                "deadline", "pk"
            ),
        )
        add(
            "returned",
            _("退回补充（本单位登记）"),
            visible.filter(raised_unit_id=acting.unit_id, status=AppealStatus.RETURNED),
        )
    elif acting.role == Role.ENTERPRISE:
        add("to-rate", _("已答复，待您评价"), visible.filter(status=AppealStatus.ANSWERED))
        add("returned", _("退回补充，待您修改"), visible.filter(status=AppealStatus.RETURNED))
    elif acting.role == Role.LEADER:
        add(
            "paired-open",
            _("联系企业未办结的诉求"),
            visible.open().exclude(status=AppealStatus.RETURNED),
        )
    # an enterprise always finds its way in: the panel offers to raise an appeal
    may_raise = acting.role == Role.ENTERPRISE and enterprise_of(user) is not None
    if not sections and not may_raise:
        return None
    return {
        "sections": [
            {"key": k, "title": t, "rows": rows, "total": n} for k, t, rows, n in sections
        ],
        "may_raise": may_raise,
    }


def enterprise_waiting(user: User) -> dict[str, int]:
    """For an enterprise user's list page: how many answers wait for its rating, how many
    appeals were returned to it (shown prominently: it has no unit the reminders reach)."""
    visible = appeals_visible_to(user)
    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return {"to_rate": 0, "returned": 0}
    return {
        "to_rate": visible.filter(status=AppealStatus.ANSWERED).count(),
        "returned": visible.filter(status=AppealStatus.RETURNED).count(),
    }


__all__ = [
    "appeal_colour",
    "appeal_get_for",
    "appeal_list_for",
    "appeal_page",
    "appeal_timeline",
    "appeals_for_enterprise",
    "appeals_home_for",
    "assignable_units",
    "enterprise_waiting",
]
