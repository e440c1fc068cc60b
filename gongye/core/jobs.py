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
