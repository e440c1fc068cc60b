"""Background jobs of the notifications app: the daily reminders, run by the django-q2 worker
that ``make run`` starts (scheduled by the shell from ``NotificationsConfig.schedules``).
Idempotent: ``notifications_run`` sends each message at most once a day, so catching up the
days a stopped worker missed sends nothing twice."""

from __future__ import annotations

from typing import Any

from gongye.core.context import execution_context
from gongye.notifications.apps import DAILY
from gongye.notifications.engine import notifications_catch_up

SCHEDULE_NAME = DAILY.name  # the schedule is declared once, in NotificationsConfig.schedules


def send_reminders() -> dict[str, Any]:
    """The day's reminders and escalations of every registered rule, as the worker runs them
    every morning — after those of the days the worker missed (up to seven)."""
    with execution_context(channel="job"):
        return notifications_catch_up()
