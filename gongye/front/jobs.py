"""The schedule of background jobs: every app's ``ScheduledJob`` contributions registered with
django-q2 (idempotent; ``load_demo`` calls it at set-up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongye.core.contrib import ScheduledJob, collect_sorted


def next_run_after(now: dt.datetime, at: dt.time) -> dt.datetime:
    """The next ``at`` local time strictly after ``now`` (Asia/Shanghai has no daylight
    saving, so a daily schedule keeps its hour all year)."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=1), at)
        )
    return candidate


def ensure_schedule(job: ScheduledJob) -> None:
    """Registers one job. A daily job that already runs at its hour keeps its next run, so
    registering again after a missed morning does not skip the pending run; any other time is
    moved to the next run at that hour."""
    from django_q.models import Schedule

    defaults: dict[str, Any] = {"func": job.func, "repeats": -1}
    if job.daily_at is not None:
        defaults["schedule_type"] = Schedule.DAILY
        existing = Schedule.objects.filter(name=job.name).first()
        if (
            existing is None
            or existing.next_run is None
            or timezone.localtime(existing.next_run).time() != job.daily_at
        ):
            defaults["next_run"] = next_run_after(timezone.now(), job.daily_at)
    else:
        defaults["schedule_type"] = Schedule.MINUTES
        defaults["minutes"] = job.minutes or 1
    Schedule.objects.update_or_create(name=job.name, defaults=defaults)


def ensure_schedules() -> None:
    for job in collect_sorted("schedules", key=lambda job: job.name):
        ensure_schedule(job)


def cleanup_uploads() -> dict[str, Any]:
    """Daily: what interrupted uploads left behind (``services.uploads_cleanup``)."""
    from gongye.core.context import execution_context
    from gongye.front.services import uploads_cleanup

    with execution_context(channel="job"):
        return uploads_cleanup()
