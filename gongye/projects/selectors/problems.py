"""Reads of the problem lists (问题清单交办, issue 13 item 5): the list scoped by need to know
(``permissions.problems_visible_to``) with its filters and counts, the office's problems to
assign and a unit's own, one problem's page with the steps its reader may take through
``PROBLEM_WORKFLOW`` and its history (a view of the audit log, as an appeal's timeline is).
Colours follow the tasks' rule: while a unit holds a problem, green; yellow when due within
the reminder days (or once it has been overdue); red when overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.models import AuditEntry
from gongye.core.dates import date_local
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit
from gongye.projects.choices import ProblemStatus, ProjectVerb
from gongye.projects.models import ProjectProblem
from gongye.projects.permissions import UNIT_MEMBERS, problems_visible_to
from gongye.projects.workflows import PROBLEM_WORKFLOW
from gongye.supervision.rules import ColourInput, task_colour

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.projects.models.problems import ProjectProblemQuerySet

PAGE_SIZE = 50
TOP_ROWS = 20  # the office's problems to assign, a unit's own, above the list
PROBLEM_TYPE = "projects.projectproblem"
LIST_RELATED = ("project", "unit", "raised_unit")
ENDED = (ProblemStatus.CLOSED, ProblemStatus.WITHDRAWN)


def warn_days() -> int:
    return int(settings.GONGYE_REMIND_DAYS_BEFORE)


def problem_colour(problem: ProjectProblem, today: dt.date | None = None) -> str:
    """green / yellow / red while the unit holds it (办理中); "" in every other status."""
    if problem.status != ProblemStatus.ASSIGNED or problem.deadline is None:
        return ""
    today = today or timezone.localdate()
    state = ColourInput(problem.deadline, False, problem.was_overdue)
    return str(task_colour(state, today, warn_days()))


def with_colours(problems: list[ProjectProblem], today: dt.date | None = None) -> list[Any]:
    today = today or timezone.localdate()
    for problem in problems:
        problem.colour = problem_colour(problem, today)  # type: ignore[attr-defined]
    return problems


def overdue_q(today: dt.date) -> Q:
    """Held by a unit past its deadline."""
    return Q(status=ProblemStatus.ASSIGNED, deadline__lt=today)


# ----- the list


@dataclass(frozen=True)
class ProblemFilters:
    """The list's filters as the page's form gives them."""

    status: str = ""
    unit: int | None = None
    overdue: bool = False


def _scoped(user: User | AnonymousUser, unit: int | None = None) -> ProjectProblemQuerySet:
    rows = problems_visible_to(user)
    return rows.filter(unit_id=unit) if unit is not None else rows


def problem_list_for(
    user: User | AnonymousUser, filters: ProblemFilters, today: dt.date
) -> QuerySet[ProjectProblem]:
    """The problems ``user`` sees, filtered, newest first; withdrawn ones only when asked for
    by status (a withdrawn problem leaves nothing behind in the list)."""
    rows = _scoped(user, filters.unit).select_related(*LIST_RELATED)
    if filters.status in ProblemStatus.values:
        rows = rows.filter(status=filters.status)
    else:
        rows = rows.exclude(status=ProblemStatus.WITHDRAWN)
    if filters.overdue:
        rows = rows.filter(overdue_q(today))
    return rows.order_by("-created_at", "-id")


def problem_counts(user: User | AnonymousUser, unit: int | None, today: dt.date) -> dict[str, int]:
    """How many problems in each status, and overdue, of what ``user`` sees (within the unit
    filter), in one query: the list's tabs."""
    counts = {status: Count("id", filter=Q(status=status)) for status in ProblemStatus.values}
    found = _scoped(user, unit).aggregate(
        all=Count("id", filter=~Q(status=ProblemStatus.WITHDRAWN)),
        overdue=Count("id", filter=overdue_q(today)),
        **counts,
    )
    return {key: int(value or 0) for key, value in found.items()}


def unit_filter_choices(user: User | AnonymousUser) -> list[tuple[int, str]]:
    """The units problems the reader sees are assigned to (what the filter can find)."""
    assigned = problems_visible_to(user).filter(unit__isnull=False).values("unit_id")
    units = Unit.objects.filter(pk__in=assigned).select_related("region")
    acting = acting_of(user)
    many = acting is not None and units.exclude(region_id=acting.region_id).exists()
    return [
        (u.pk, f"{u.region.name} · {u.name}" if many else u.name)
        for u in units.order_by("region__code", "sort_order", "name")
    ]


@dataclass(frozen=True)
class TopList:
    """The rows above the list that wait for the reader: the office's to assign, a unit's own."""

    key: str
    title: str
    rows: list[Any]
    total: int
    status: str  # the list filter that shows them all


def waiting_for(user: User | AnonymousUser, today: dt.date) -> TopList | None:
    """The plan office's problems to assign (待交办); a unit's problems it holds (办理中)."""
    acting = acting_of(user)
    if acting is None:
        return None
    visible = problems_visible_to(user).select_related(*LIST_RELATED)
    if acting.role == Role.PLAN_OFFICE:
        key, title, status = "to-assign", _("待交办的问题"), ProblemStatus.RAISED
        rows = visible.filter(status=status).order_by("created_at", "id")
    elif acting.role in UNIT_MEMBERS and acting.unit_id is not None:
        key, title, status = "own", _("交本单位办理的问题"), ProblemStatus.ASSIGNED
        rows = visible.filter(status=status, unit_id=acting.unit_id).order_by("deadline", "id")
    else:
        return None
    total = rows.count()
    return TopList(key, title, with_colours(list(rows[:TOP_ROWS]), today), total, status)


# ----- one problem


def problem_for(user: User | AnonymousUser, pk: Any) -> ProjectProblem:
    """One problem ``user`` sees, with what its page shows beside it; else 404."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该问题，或不在您的管辖范围内。")) from None
    found = (
        problems_visible_to(user)
        .select_related(
            "project", "project__unit", "region", "unit", "raised_unit", "raised_by", "answered_by"
        )
        .filter(pk=key)
        .first()
    )
    if found is None:
        raise Http404(_("未找到该问题，或不在您的管辖范围内。"))
    return found


@dataclass(frozen=True)
class TimelineLine:
    at: dt.datetime
    actor_name: str
    unit_name: str
    label: str
    note: str


def _date_text(value: Any) -> str:
    try:
        return date_local(dt.date.fromisoformat(str(value)))
    except ValueError:
        return "—"


def _note(entry: AuditEntry, units: dict[int, str]) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    verb = entry.verb
    if verb in (ProjectVerb.PROBLEM_ASSIGN, ProjectVerb.PROBLEM_REASSIGN):
        values = {
            "unit": units.get(after.get("unit") or 0, "—"),
            "due": _date_text(after.get("deadline")),
        }
        if "unit" not in after:  # the same unit, a new deadline (or nothing new)
            return _("办理时限：%(due)s") % values if after.get("deadline") else ""
        return _("承办单位：%(unit)s，办理时限：%(due)s") % values
    if verb == ProjectVerb.PROBLEM_ANSWER:
        return str(after.get("answer") or "")
    if verb == ProjectVerb.PROBLEM_REOPEN:
        values = {"comment": after.get("comment") or "", "due": _date_text(after.get("deadline"))}
        if after.get("deadline"):
            return _("%(comment)s（新的办理时限：%(due)s）") % values
        return str(values["comment"])
    if verb == ProjectVerb.PROBLEM_RAISE:
        return str(after.get("title") or "")
    return str(after.get("comment") or "")


def problem_timeline(problem: ProjectProblem) -> list[TimelineLine]:
    """Who did what and when, oldest first, read from the audit log (two queries whatever
    its length)."""
    entries = list(
        AuditEntry.objects.filter(target_type=PROBLEM_TYPE, target_id=str(problem.pk)).order_by(
            "at", "id"
        )
    )
    unit_ids = {
        e.after.get("unit") for e in entries if isinstance(e.after, dict) and e.after.get("unit")
    }
    units = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        TimelineLine(
            at=e.at,
            actor_name=e.actor_name,
            unit_name=e.unit_name,
            label=e.verb_label,
            note=_note(e, units),
        )
        for e in entries
    ]


def assignable_units(region_id: int) -> QuerySet[Unit]:
    """The units the plan office may assign a problem of the region to: its region's, in use,
    no groups (``orgs.assign`` checks the same)."""
    return (
        Unit.objects.filter(region_id=region_id, is_active=True)
        .exclude(kind=UnitKind.GROUP)
        .order_by("sort_order", "name")
    )


@dataclass(frozen=True)
class ProblemPage:
    problem: ProjectProblem
    colour: str
    actions: set[str]
    raised_role: str
    timeline: list[TimelineLine] = field(default_factory=list)


def problem_page(user: User, problem: ProjectProblem) -> ProblemPage:
    """What the problem's page shows: the problem and its colour, the steps this reader may
    take now (``actions``), and the history."""
    actions = {str(e.action) for e in PROBLEM_WORKFLOW.available(user, problem)}
    try:
        role = str(Role(problem.raised_role).label)
    except ValueError:
        role = problem.raised_role
    return ProblemPage(
        problem=problem,
        colour=problem_colour(problem),
        actions=actions,
        raised_role=role,
        timeline=problem_timeline(problem),
    )
