"""The 督办 rules as pure functions (no ORM): colours, on-time, reminders. Tested with a
controlled clock by passing ``today``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongye.core.roles import Role
from gongye.supervision.choices import Colour, ReminderRule


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
