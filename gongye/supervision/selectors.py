"""Reads for 督办: tasks with their colour, a unit's inbox, reports awaiting review, the task
page (``task_detail_page``, read alike by the page and the API), timelines (``timeline``).
The colour is computed in SQL (``colour_case``) by the same rule as ``rules.task_colour`` (a
test holds the two together), so boards and lists filter and count by colour in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.core.workflow import Edge
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task, TaskUnit
from gongye.supervision.choices import (
    OPEN_REPORT_STATUSES,
    Colour,
    ReportKind,
    ReportStatus,
    ReviewAction,
    TaskProgressState,
)
from gongye.supervision.models import Evidence, ProgressReport, TaskState
from gongye.supervision.permissions import (
    can_postpone,
    can_reassign,
    can_report,
    can_split,
    can_use_progress_sheet,
    duty_of,
    is_unit_scoped,
    open_report_message,
    open_report_of,
    units_acting_for,
)
from gongye.supervision.timeline import TimelineEntry, timeline_count, timeline_for_task
from gongye.supervision.workflows import REPORT_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User

__all__ = ["timeline_for_task"]  # the timeline is read from here by pages and the API


def colour_case(today: dt.date, warn_days: int | None = None) -> Case:
    warn = settings.GONGYE_WARN_DAYS if warn_days is None else warn_days
    return Case(
        When(supervision__closed_at__isnull=False, then=Value(Colour.GREEN)),
        When(supervision__due__isnull=True, then=Value(Colour.GREEN)),
        When(supervision__due__lt=today, then=Value(Colour.RED)),
        When(supervision__was_overdue=True, then=Value(Colour.YELLOW)),
        When(supervision__due__lte=today + dt.timedelta(days=warn), then=Value(Colour.YELLOW)),
        default=Value(Colour.GREEN),
        output_field=CharField(),
    )


_TASK_UNITS_PREFETCH = Prefetch(
    "task_units", queryset=TaskUnit.objects.select_related("unit").order_by("role", "position")
)


def marked(**marks: str) -> Q:
    """A filter on what ``task_list_for`` annotates on each task (``colour``, ``my_duty``).
    Built as ``Q``: django-stubs checks ``filter()`` keywords against the model's own fields,
    and its annotated types do not survive a declared ``QuerySet[Task]``; Django checks these
    names at run time."""
    return Q(**marks)


def colour_of(task: Task) -> str:
    """The traffic light ``task_list_for`` annotates on the task (green if read without it)."""
    colour: str | None = getattr(task, "colour", None)
    return colour or Colour.GREEN


def _duty_exists(unit_ids: list[int], role: str | None = None) -> Exists:
    duties = TaskUnit.objects.filter(task=OuterRef("pk"), unit_id__in=unit_ids)
    return Exists(duties.filter(role=role) if role else duties)


def task_list_for(
    user: User,
    *,
    today: dt.date | None = None,
    month: int | None = None,
    unit_id: int | None = None,
    role: str | None = None,
    colour: str | None = None,
    state: str | None = None,
) -> QuerySet[Task]:
    """Active tasks the acting user may see: the whole region for the plan office, leaders and
    statistics; the unit's own duties for liaisons and unit heads."""
    acting = acting_of(user)
    if acting is None:
        return Task.objects.none()
    today = today or timezone.localdate()
    tasks = Task.objects.in_scope(user).filter(is_active=True)
    own_unit = acting.unit_id if is_unit_scoped(user) else None
    own_units = units_acting_for(own_unit) if own_unit is not None else []
    if own_unit is not None:
        tasks = tasks.filter(_duty_exists(own_units))
    focus = [unit_id] if unit_id else own_units
    if focus and role in (UnitRole.LEAD, UnitRole.COOPERATING):
        tasks = tasks.filter(_duty_exists(focus, role))
    elif unit_id:
        tasks = tasks.filter(_duty_exists([unit_id]))
    if month:
        tasks = tasks.filter(month=month)
    if state:
        tasks = tasks.filter(supervision__state=state)
    tasks = tasks.annotate(colour=colour_case(today))
    if own_unit is not None:
        tasks = tasks.annotate(
            my_duty=Case(
                When(_duty_exists(own_units, UnitRole.LEAD), then=Value(UnitRole.LEAD)),
                default=Value(UnitRole.COOPERATING),
                output_field=CharField(),
            )
        )
    if colour:
        tasks = tasks.filter(marked(colour=colour))
    return (
        tasks.select_related("supervision", "plan__region")
        .prefetch_related(_TASK_UNITS_PREFETCH)
        .order_by("supervision__due", "position")
    )


def task_get_for(user: User, task_id: int) -> Task:
    return get_object_or_404(task_list_for(user), pk=task_id)


INBOX_LIMIT = 20


ALL_SECTIONS = ("overdue", "this_month", "upcoming", "tasks", "lead", "cooperating")


def inbox_for(
    user: User,
    *,
    today: dt.date | None = None,
    limit: int = INBOX_LIMIT,
    sections: tuple[str, ...] = ALL_SECTIONS,
) -> dict[str, Any]:
    """A unit's inbox (or the region's, for the plan office and leaders): overdue tasks, this
    month's, those coming up in the next 30 days, lead and cooperating duties — each list the
    first ``limit`` by deadline, with full counts — colour counts, and the reports waiting for
    this user's review. Counting happens in the database, so the page costs the same number of
    queries for 10 tasks or 10,000."""
    today = today or timezone.localdate()
    base = task_list_for(user, today=today)
    month_start = today.replace(day=1)
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    soon = today + dt.timedelta(days=30)
    open_tasks = base.filter(supervision__closed_at__isnull=True)
    wanted = sections
    lists: dict[str, QuerySet[Task]] = {
        "overdue": open_tasks.filter(marked(colour=Colour.RED)),
        "this_month": base.filter(
            supervision__due__gte=month_start, supervision__due__lte=month_end
        ),
        "upcoming": open_tasks.filter(supervision__due__gt=month_end, supervision__due__lte=soon),
        "tasks": open_tasks,
    }
    unit_scoped = is_unit_scoped(user)
    if unit_scoped:
        lists["lead"] = base.filter(marked(my_duty=UnitRole.LEAD))
        lists["cooperating"] = base.filter(marked(my_duty=UnitRole.COOPERATING))
    totals = base.order_by().aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(supervision__closed_at__isnull=True)),
        red=Count("pk", filter=Q(colour=Colour.RED)),
        yellow=Count("pk", filter=Q(colour=Colour.YELLOW)),
        green=Count("pk", filter=Q(colour=Colour.GREEN)),
        overdue=Count("pk", filter=Q(colour=Colour.RED, supervision__closed_at__isnull=True)),
        this_month=Count(
            "pk", filter=Q(supervision__due__gte=month_start, supervision__due__lte=month_end)
        ),
        upcoming=Count(
            "pk",
            filter=Q(
                supervision__closed_at__isnull=True,
                supervision__due__gt=month_end,
                supervision__due__lte=soon,
            ),
        ),
        **(
            {
                "lead": Count("pk", filter=Q(my_duty=UnitRole.LEAD)),
                "cooperating": Count("pk", filter=Q(my_duty=UnitRole.COOPERATING)),
            }
            if unit_scoped
            else {}
        ),
    )
    result: dict[str, Any] = {
        name: list(qs.prefetch_related(None)[:limit]) if name in wanted else []
        for name, qs in lists.items()
    }
    # one prefetch of the units for every task shown, whatever section it is in
    listed = [name for name in result if name in wanted]
    shown = {t.pk: t for name in listed for t in result[name]}
    prefetch_related_objects(list(shown.values()), _TASK_UNITS_PREFETCH)
    for name in listed:
        result[name] = [shown[t.pk] for t in result[name]]
    result.setdefault("lead", [])
    result.setdefault("cooperating", [])
    result.update(
        today=today,
        limit=limit,
        totals=totals,
        counts={c: totals[c] for c in Colour.values},
        to_review=list(reports_to_review_for(user)[:limit]),
        to_review_total=reports_to_review_for(user).count(),
        returned=list(reports_returned_to(user)[:limit]),
        contributions_waiting=list(contributions_waiting_for(user)[:limit]),
        contributions_waiting_total=contributions_waiting_for(user).count(),
        may_use_progress_sheet=can_use_progress_sheet(user).allowed,
    )
    return result


def reports_to_review_for(user: User) -> QuerySet[ProgressReport]:
    """The reports waiting for this person's step (``REPORT_WORKFLOW``): the unit head's own
    unit's submitted reports; the approved contributions on tasks its unit leads, for the lead
    unit's liaison and head to take up (采纳); the region's approved lead reports for the plan
    office. Oldest first: the longest waiting comes first."""
    acting = acting_of(user)
    if acting is None:
        return ProgressReport.objects.none()
    reports = (
        ProgressReport.objects.filter(task__is_active=True)
        .select_related("task", "unit", "created_by")
        .order_by("created_at", "pk")
    )
    if acting.role in (Role.UNIT_HEAD, Role.LIAISON) and acting.unit_id is not None:
        to_adopt = Q(
            kind=ReportKind.CONTRIBUTION,
            status=ReportStatus.APPROVED,
            task__in=TaskUnit.objects.filter(
                unit_id__in=units_acting_for(acting.unit_id), role=UnitRole.LEAD
            ).values("task_id"),
        )
        if acting.role == Role.UNIT_HEAD:
            return reports.filter(
                Q(unit_id=acting.unit_id, status=ReportStatus.SUBMITTED) | to_adopt
            )
        return reports.filter(to_adopt)
    if acting.role == Role.PLAN_OFFICE:
        return reports.within(acting.region.path).filter(
            status=ReportStatus.APPROVED, kind=ReportKind.LEAD
        )
    return ProgressReport.objects.none()


def contributions_waiting_for(user: User) -> QuerySet[ProgressReport]:
    """For the plan office: approved contributions the lead units have not yet taken up (it
    may take them up or return them too; the lead unit does so first)."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.within(acting.region.path)
        .filter(task__is_active=True, kind=ReportKind.CONTRIBUTION, status=ReportStatus.APPROVED)
        .select_related("task", "unit", "created_by")
        .order_by("created_at", "pk")
    )


def reports_returned_to(user: User) -> QuerySet[ProgressReport]:
    """The acting unit's returned reports not yet followed by a newer report of the unit on
    the same open task: what its liaison still has to redo (被退回)."""
    acting = acting_of(user)
    if (
        acting is None
        or acting.unit_id is None
        or acting.role not in (Role.LIAISON, Role.UNIT_HEAD)
    ):
        return ProgressReport.objects.none()
    newer = ProgressReport.objects.filter(
        task_id=OuterRef("task_id"),
        unit_id=OuterRef("unit_id"),
        created_at__gt=OuterRef("created_at"),
    )
    return (
        ProgressReport.objects.filter(
            unit_id=acting.unit_id,
            status=ReportStatus.RETURNED,
            task__is_active=True,
            task__supervision__closed_at__isnull=True,
        )
        .exclude(Exists(newer))
        .select_related("task", "unit", "reviewed_by", "approved_by")
        .order_by("-reviewed_at", "-approved_at", "-pk")
    )


def report_list_for_task(task: Task) -> QuerySet[ProgressReport]:
    return task.reports.select_related(
        "unit", "created_by", "approved_by", "reviewed_by"
    ).prefetch_related("evidence")


def report_get_for(user: User, report_id: int) -> ProgressReport:
    """A report is visible when its task is."""
    report = get_object_or_404(ProgressReport.objects.select_related("task"), pk=report_id)
    task_get_for(user, report.task_id)
    return report


# --------------------------------------------------------------------------- the task page


@dataclass(frozen=True)
class ReviewStep:
    """A step of a report's review open to this person: an edge of ``REPORT_WORKFLOW``."""

    action: str  # approve / accept / return: the URL's and the API's word
    verb: str  # report.approve, …
    label: str
    sends_back: bool  # a return (the comment is required)

    @classmethod
    def of(cls, edge: Edge[User, ProgressReport], report: ProgressReport) -> ReviewStep:
        label = str(edge.label)
        if edge.action == ReviewAction.ACCEPT:
            # a completion is accepted and closes the task; progress is confirmed
            done = report.state == TaskProgressState.DONE
            label = _("验收办结") if done else _("确认进展")
        return cls(
            action=str(edge.action),
            verb=str(edge.verb),
            label=str(label),
            sends_back=edge.target == ReportStatus.RETURNED,
        )


@dataclass(frozen=True)
class ReportRow:
    """A report on the task page, with the steps of its review this person may take now."""

    report: ProgressReport
    evidence: tuple[Evidence, ...]
    actions: tuple[ReviewStep, ...]


@dataclass(frozen=True)
class TaskMay:
    """What this person may do to the task itself."""

    report: bool
    postpone: bool
    reassign: bool
    split: bool

    @property
    def adjust(self) -> bool:
        """Any of the plan office's adjustments (the API's ``actions.adjust``)."""
        return self.postpone or self.reassign or self.split


@dataclass(frozen=True)
class TaskDetailPage:
    """The task page (任务详情) and ``GET /api/v1/supervision/tasks/<id>``."""

    task: Task
    state: TaskState
    colour: str
    colour_label: str
    duty: str | None
    report_label: str  # 报送进展 (lead) or 报送配合情况 (cooperating)
    reports: tuple[ReportRow, ...]
    timeline: tuple[TimelineEntry, ...]
    may: TaskMay
    waiting: str = ""  # why this liaison may not report now (its unit's report is under review)
    # older closed reports and timeline entries left out (``shown``), reached with ?all=1
    reports_hidden: int = 0
    timeline_hidden: int = 0

    @property
    def report_objects(self) -> list[ProgressReport]:
        return [row.report for row in self.reports]


def task_detail_page(user: User, task: Task, shown: int | None = None) -> TaskDetailPage:
    """The task as ``task_get_for`` found it (in scope, with its colour), its reports with the
    review steps open to this person (``REPORT_WORKFLOW.available``), its timeline, what
    they may do to it. With ``shown``: every open report, the ``shown`` latest closed
    ones and timeline entries (a task refiled for years stays quick to open; the API: all)."""
    found = report_list_for_task(task).select_related("task__plan__region")
    reports_hidden = timeline_hidden = 0
    if shown is None:
        listed = list(found)
    else:  # the open ones and the latest closed, from the database (not all of them)
        listed = list(found.filter(status__in=OPEN_REPORT_STATUSES))
        listed += found.exclude(status__in=OPEN_REPORT_STATUSES)[:shown]
        listed.sort(key=lambda r: (r.created_at, r.pk), reverse=True)  # newest first
        reports_hidden = task.reports.count() - len(listed)
        timeline_hidden = max(0, timeline_count(task) - shown)
    duty = duty_of(user, task)
    may_report = can_report(user, task).allowed
    pending = open_report_of(user, task) if may_report else None
    return TaskDetailPage(
        task=task,
        state=task.supervision,
        colour=colour_of(task),
        colour_label=str(Colour(colour_of(task)).label),
        duty=duty,
        report_label=_("报送进展") if duty == UnitRole.LEAD else _("报送配合情况"),
        reports=tuple(
            ReportRow(
                report=r,
                evidence=tuple(r.evidence.all()),
                actions=tuple(ReviewStep.of(e, r) for e in REPORT_WORKFLOW.available(user, r)),
            )
            for r in listed
        ),
        timeline=tuple(timeline_for_task(task, listed, last=shown)),
        waiting=open_report_message(pending) if pending is not None else "",
        may=TaskMay(
            report=may_report and pending is None,
            postpone=can_postpone(user, task).allowed,
            reassign=can_reassign(user, task).allowed,
            split=can_split(user, task).allowed,
        ),
        reports_hidden=reports_hidden,
        timeline_hidden=timeline_hidden,
    )
