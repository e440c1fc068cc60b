"""The 督办 rules as pure functions (no ORM): colours, on-time, reminders. Tested with a
controlled clock by passing ``today``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongye.core.roles import Role
from gongye.plans.recurrence import recurrence_of
from gongye.supervision.choices import Colour, ReminderRule

if TYPE_CHECKING:
    from gongye.plans.models import Task


@dataclass(frozen=True)
class ColourInput:
    due: dt.date | None
    closed: bool
    was_overdue: bool


def task_colour(task: ColourInput, today: dt.date, warn_days: int) -> Colour:
    """Green on track; yellow when the deadline is within ``warn_days`` and there is no
    accepted completion; red when overdue. A task that went red turns yellow again only once
    it is caught up (postponed to a new date, or completed), never straight back to green
    until the plan office closes it. A closed task is green."""
    if task.closed:
        return Colour.GREEN
    if task.due is None:
        return Colour.GREEN
    if today > task.due:
        return Colour.RED
    if task.was_overdue:
        return Colour.YELLOW
    if (task.due - today).days <= warn_days:
        return Colour.YELLOW
    return Colour.GREEN


def closed_on_time(due: dt.date | None, closed_on: dt.date) -> bool:
    return due is None or closed_on <= due


@dataclass(frozen=True)
class Reminder:
    rule: ReminderRule
    audiences: tuple[Role, ...]  # the lead unit's liaisons; its head and the plan office


def reminders_due(
    due: dt.date | None, closed: bool, today: dt.date, days_before: int
) -> list[Reminder]:
    """Which reminders a task calls for today: N days before and on the deadline to the lead
    unit; after it, to the unit head and the plan office — on the first day overdue and then
    every seven days, so that escalation repeats without flooding anyone."""
    if closed or due is None:
        return []
    delta = (due - today).days
    if delta == days_before and days_before > 0:
        return [Reminder(ReminderRule.DUE_SOON, (Role.LIAISON,))]
    if delta == 0:
        return [Reminder(ReminderRule.DUE_TODAY, (Role.LIAISON,))]
    if delta < 0 and (-delta - 1) % 7 == 0:
        return [Reminder(ReminderRule.OVERDUE, (Role.UNIT_HEAD, Role.PLAN_OFFICE))]
    return []


def recurring_due(task: Task, last_reported: dt.date | None) -> dt.date | None:
    """For a task with a recurring deadline (每月10日前 …, ``plans.recurrence``) and no single
    one: the deadline of the period after the one its latest approved report covers — the
    period whose deadline lies nearest the report (a report on 12 February answers February's
    10th, late; on 1 March, March's 10th, early); with no report yet, the year's first. After
    the last period, the last deadline stays. None for any other task."""
    if task.due is not None:
        return None
    recurrence = recurrence_of(task.period_label, task.text)
    if recurrence is None:
        return None
    deadlines = recurrence.deadlines(task.plan.year)
    if last_reported is None:
        return deadlines[0]
    covered = min(deadlines, key=lambda d: (abs((d - last_reported).days), d))
    return next((d for d in deadlines if d > covered), deadlines[-1])
