"""Background jobs of 督办: the daily reminders, run by the django-q2 worker that ``make run``
starts. Every job is idempotent (``reminders_run`` sends each message at most once a day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongye.core.context import execution_context
from gongye.supervision.reminders import reminders_run

SCHEDULE_NAME = "supervision.reminders"
SCHEDULE_FUNC = "gongye.supervision.jobs.send_reminders"
# Before office hours in China (TIME_ZONE is Asia/Shanghai, which has no daylight saving, so
# adding a day to the run time keeps it at 07:30 all year).
RUN_AT = dt.time(7, 30)


def send_reminders() -> dict[str, Any]:
    """The day's reminders and escalations, as the worker runs them every morning."""
    with execution_context(channel="job"):
        return reminders_run()


def next_run_after(now: dt.datetime) -> dt.datetime:
    """The next 07:30 local time strictly after ``now``."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=1), RUN_AT)
        )
    return candidate


def ensure_schedules() -> None:
    """Registers the daily reminders with django-q2 (idempotent; called at set-up).

    A schedule that already runs at 07:30 keeps its next run, so calling this after a missed
    morning does not skip the pending run; any other time is moved to the next 07:30."""
    from django_q.models import Schedule

    defaults: dict[str, Any] = {
        "func": SCHEDULE_FUNC,
        "schedule_type": Schedule.DAILY,
        "repeats": -1,
    }
    existing = Schedule.objects.filter(name=SCHEDULE_NAME).first()
    if (
        existing is None
        or existing.next_run is None
        or timezone.localtime(existing.next_run).time() != RUN_AT
    ):
        defaults["next_run"] = next_run_after(timezone.now())
    Schedule.objects.update_or_create(name=SCHEDULE_NAME, defaults=defaults)
