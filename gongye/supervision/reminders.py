"""The key tasks' deadline rule (提醒与督办; issue 4, item 4), registered with the notifications
engine (``SupervisionConfig.notification_rules``).

For every open task the pure rule ``rules.reminders_due`` says what today calls for — N days
before the deadline and on the day, the lead unit's liaisons; after the deadline, the lead
unit's head and the plan office, on the first overdue day and then every seven days. This
module words each message and names its recipient units; the engine claims, delivers and
audits them (``gongye.notifications.engine``)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gongye.core.dates import date_zh
from gongye.core.roles import Role
from gongye.notifications.rules import Message, RuleRun, plan_office_units, shorten
from gongye.orgs.models import Unit
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task, TaskUnit
from gongye.supervision.choices import ReminderRule
from gongye.supervision.labels import task_label
from gongye.supervision.models import TaskState
from gongye.supervision.rules import reminders_due


@dataclasses.dataclass(frozen=True)
class Planned:
    """One message the rule calls for today, before it is claimed."""

    state: TaskState
    rule: str
    audience: str
    unit: Unit
    lead_names: tuple[str, ...]


def reminder_text(planned: Planned, today: dt.date) -> tuple[str, str]:
    """The title and body, in the words a county office would use."""
    state, task, unit = planned.state, planned.state.task, planned.unit
    due = state.due
    assert due is not None
    leads = "、".join(planned.lead_names) or "牵头单位"
    who = leads if planned.audience == Role.PLAN_OFFICE else unit.name
    what = f"{task_label(task)}重点工作“{shorten(task.text, 120)}”"
    progress = f"当前进展：{state.get_state_display()}，完成{state.percent}%。"
    late_days = (today - due).days
    if planned.rule == ReminderRule.OVERDUE:
        title = f"【逾期督办】{who}：{shorten(task.text, 60)}（完成时限{date_zh(due)}，已逾期{late_days}天）"
    else:
        title = f"【{ReminderRule(planned.rule).label}】{who}：{shorten(task.text, 60)}（完成时限{date_zh(due)}）"
    if planned.rule == ReminderRule.DUE_SOON:
        body = (
            f"{unit.name}：你单位牵头的{what}完成时限为{date_zh(due)}，还有{-late_days}天到期。"
            f"请抓紧推进，并在到期前通过平台报送进展和佐证材料。{progress}"
        )
    elif planned.rule == ReminderRule.DUE_TODAY:
        body = (
            f"{unit.name}：你单位牵头的{what}今天（{date_zh(due)}）到期。"
            f"请今天内报送完成情况；确需延期的，请向督办（计划办）说明理由。{progress}"
        )
    elif planned.audience == Role.PLAN_OFFICE:
        body = (
            f"{unit.name}：牵头单位{leads}的{what}完成时限为{date_zh(due)}，"
            f"已逾期{late_days}天，尚未办结。{progress}"
        )
    else:
        body = (
            f"{unit.name}负责同志：你单位牵头的{what}完成时限为{date_zh(due)}，"
            f"已逾期{late_days}天，尚未办结。请督促抓紧办理，报送进展并说明滞后原因。{progress}"
        )
    return title[:200], body


def _lead_units(task: Task) -> list[Unit]:
    """The task's lead units, a group (相关乡镇) standing for its active members."""
    units: list[Unit] = []
    for duty in task.task_units.all():  # prefetched: lead duties only
        unit = duty.unit
        chosen = list(unit.members.all()) if unit.is_group else [unit]
        for member in chosen:
            if member.is_active and member not in units:
                units.append(member)
    return units


def _open_states() -> QuerySet[TaskState]:
    return TaskState.objects.filter(closed_at__isnull=True, task__is_active=True, due__isnull=False)


def _plan(today: dt.date, days_before: int) -> tuple[list[Planned], int, list[int]]:
    """What the rule calls for today, per recipient unit; also how many task states were
    looked at and the tasks for which an audience had no unit to receive it."""
    lead_duties = TaskUnit.objects.filter(role=UnitRole.LEAD).select_related("unit")
    lead_duties = lead_duties.prefetch_related(
        Prefetch("unit__members", queryset=Unit.objects.order_by("sort_order", "pk"))
    )
    # Only the days the rule can fire on: N days ahead, today, and any overdue day (the
    # every-seventh-day test is the pure rule's, in Python).
    states = (
        _open_states()
        .filter(Q(due__in=[today, today + dt.timedelta(days=days_before)]) | Q(due__lt=today))
        .select_related("task", "region")
        .prefetch_related(
            Prefetch("task__task_units", queryset=lead_duties.order_by("position", "pk"))
        )
        .order_by("region_id", "due", "task_id")
    )
    planned: list[tuple[TaskState, str, Role, list[Unit] | None]] = []
    checked = 0
    for state in states:
        checked += 1
        for reminder in reminders_due(state.due, False, today, days_before):
            for audience in reminder.audiences:
                units = None if audience == Role.PLAN_OFFICE else _lead_units(state.task)
                planned.append((state, reminder.rule, audience, units))
    offices = plan_office_units({s.region_id for s, _r, a, _u in planned if a == Role.PLAN_OFFICE})
    result: list[Planned] = []
    unaddressed: list[int] = []
    for state, rule, audience, units in planned:
        if units is None:
            units = offices.get(state.region_id, [])
        if not units:
            unaddressed.append(state.task_id)
        leads = tuple(d.unit.name for d in state.task.task_units.all())
        result.extend(Planned(state, rule, audience, unit, leads) for unit in units)
    return result, checked, unaddressed


def task_deadlines(today: dt.date) -> RuleRun:
    """The rule the notifications engine runs each morning (``notification_rules``).

    Also marks open tasks past their deadline as having been overdue (``was_overdue``), so a
    task that goes red turns yellow, not green, when it is postponed."""
    days_before = settings.GONGYE_REMIND_DAYS_BEFORE
    overdue = _open_states().filter(due__lt=today, was_overdue=False)
    overdue_ids = list(overdue.values_list("task_id", flat=True))
    if overdue_ids:
        TaskState.objects.filter(task_id__in=overdue_ids).update(
            was_overdue=True, updated_at=timezone.now()
        )
    planned, checked, unaddressed = _plan(today, days_before)
    messages = []
    for item in planned:
        title, body = reminder_text(item, today)
        messages.append(
            Message(
                subject_type=Task._meta.label_lower,
                subject_id=str(item.state.task_id),
                link=reverse("supervision:task_detail", args=[item.state.task_id]),
                region_code=item.state.region.code,
                rule=item.rule,
                rule_label=str(ReminderRule(item.rule).label),
                audience=Role(item.audience),
                unit=item.unit,
                title=title,
                body=body,
            )
        )
    return RuleRun(
        messages=messages,
        unaddressed=[str(pk) for pk in unaddressed],
        summary={
            "tasks_checked": checked,
            "overdue_marked": len(overdue_ids),
            "unaddressed_tasks": sorted(set(unaddressed)),
        },
        audit={"overdue_task_ids": overdue_ids},
    )


def reminders_run(*, today: dt.date | None = None) -> dict:
    """The whole daily run (every app's rules), as the worker runs it; kept under this name
    for the supervision tests and callers."""
    from gongye.notifications.engine import notifications_run

    return notifications_run(today=today)
