"""Background jobs of the core app. Every job is idempotent."""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from gongye.core.context import execution_context
from gongye.core.models import WorkerHeartbeat


def heartbeat() -> str:
    """Run every minute by the worker's schedule so /healthz can tell the worker is alive."""
    with execution_context(channel="job"):
        name = f"{socket.gethostname()}:{os.getpid()}"
        WorkerHeartbeat.objects.update_or_create(worker=name, defaults={"at": timezone.now()})
    return name


def ensure_schedules() -> None:
    """Registers the recurring jobs with django-q2 (idempotent; called at set-up)."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="core.heartbeat",
        defaults={
            "func": "gongye.core.jobs.heartbeat",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
    from gongye.supervision.jobs import ensure_schedules as ensure_supervision_schedules

    ensure_supervision_schedules()
