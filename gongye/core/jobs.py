"""Background jobs of the core app. Every job is idempotent."""

from __future__ import annotations

import os
import socket

from django.utils import timezone

from gongye.core.context import execution_context
from gongye.core.models import WorkerHeartbeat


def heartbeat() -> str:
    """Run every minute by the worker's schedule, and every 15 s when ``serve`` supervises the
    worker (``queue_heartbeat``), so /healthz can tell the worker is alive and taking work."""
    with execution_context(channel="job"):
        name = f"{socket.gethostname()}:{os.getpid()}"
        WorkerHeartbeat.objects.update_or_create(worker=name, defaults={"at": timezone.now()})
    return name


def queue_heartbeat() -> None:
    """Puts a heartbeat on the worker's queue (not kept in the results: one every 15 s)."""
    from django_q.tasks import async_task

    async_task("gongye.core.jobs.heartbeat", save=False)
