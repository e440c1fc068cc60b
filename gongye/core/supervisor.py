"""Keeps the background worker alive beside the web server (``manage.py serve``, issue 10,
item 10).

The django-q2 cluster is a main process with children (workers, monitor, pusher). Killed alone,
the main process left its children polling the queue and, in the old ``serve``, took the site
down with it. So the supervisor starts the cluster in a process group of its own
(``start_new_session=True``) and, when the cluster's main process exits — or when the worker's
heartbeat (the ``core.heartbeat`` job, every minute) is older than ``stale_after`` although the
cluster has run that long — it ends the whole group (SIGTERM, then SIGKILL after ``grace``), so
no child is left behind, and starts a new one. The web server is never touched by this; a
restart is logged and counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

logger = logging.getLogger("gongye.supervisor")

HEARTBEAT_FUNC = "gongye.core.jobs.heartbeat"


def last_heartbeat() -> dt.datetime | None:
    """The newest heartbeat any worker wrote, or None when none was ever written."""
    from django.db import close_old_connections
    from django.db.models import Max

    from gongye.core.models import WorkerHeartbeat

    close_old_connections()  # a long-lived loop must not hold a stale connection
    newest: dt.datetime | None = WorkerHeartbeat.objects.aggregate(at=Max("at"))["at"]
    return newest


def heartbeat_scheduled() -> bool:
    """Hang detection needs the heartbeat job; without its schedule only exits count."""
    from django_q.models import Schedule

    return Schedule.objects.filter(func=HEARTBEAT_FUNC).exists()


def group_members(pgid: int) -> list[int]:
    """The live processes of a process group (Linux /proc; empty elsewhere)."""
    members = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # pid (comm) state ppid pgrp … — comm may hold spaces, so split after the last ")"
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def end_group(pgid: int, *, grace: float) -> None:
    """SIGTERM to the whole group, SIGKILL to whatever is left after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + (grace if sig == signal.SIGTERM else 5)
        while time.monotonic() < deadline:
            if not group_members(pgid):
                return
            time.sleep(0.2)


@dataclass
class WorkerSupervisor:
    """Starts the worker cluster and restarts it when it exits or stops beating."""

    argv: Sequence[str]
    stale_after: float = 180.0  # seconds without a heartbeat before the cluster counts as hung
    grace: float = 15.0
    heartbeat: Callable[[], dt.datetime | None] = last_heartbeat
    hang_detection: Callable[[], bool] = heartbeat_scheduled
    say: Callable[[str], None] = print
    # asks the cluster for a beat between its scheduled ones (every ``ping_every`` seconds), so
    # that /healthz can tell within a minute that the worker stopped taking work
    ping: Callable[[], None] | None = None
    ping_every: float = 15.0
    _last_ping: float = 0.0
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    _started_wall: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def start(self) -> None:
        self.process = subprocess.Popen(list(self.argv), start_new_session=True)  # noqa: S603
        self.started_at = time.monotonic()
        self._started_wall = dt.datetime.now(dt.UTC)
        self.say(f"后台任务进程组已启动：{self.process.pid}")

    def why_restart(self) -> str | None:
        """Why the cluster should be restarted now, or None while it is well."""
        assert self.process is not None  # start() runs first
        code = self.process.poll()
        if code is not None:
            return f"主进程已退出（{code}）"
        running_for = time.monotonic() - self.started_at
        if running_for < self.stale_after:
            return None  # a new cluster gets one whole threshold to write its first beat
        try:
            if not self.hang_detection():
                return None
            beat = self.heartbeat()
        except Exception:  # the database being away is the web's problem, not the worker's
            logger.exception("supervisor: the heartbeat could not be read")
            return None
        # a heartbeat from before this cluster started counts from the start
        since = max(beat, self._started_wall) if beat else self._started_wall
        age = (dt.datetime.now(dt.UTC) - since).total_seconds()
        if age > self.stale_after:
            return f"心跳已 {age:.0f} 秒未更新"
        return None

    def check(self) -> None:
        reason = self.why_restart()
        if reason is None:
            self._maybe_ping()
            return
        self.stop()
        self.restarts += 1
        logger.warning("supervisor: restarting the worker cluster: %s", reason)
        self.say(f"后台任务进程组重启（{reason}）")
        self.start()

    def _maybe_ping(self) -> None:
        if self.ping is None or time.monotonic() - self._last_ping < self.ping_every:
            return
        self._last_ping = time.monotonic()
        try:
            self.ping()
        except Exception:  # the queue being away is reported by /healthz, not fatal here
            logger.exception("supervisor: the heartbeat could not be queued")

    def stop(self) -> None:
        if self.process is None:
            return
        end_group(self.process.pid, grace=self.grace)  # the group id is the main process's id
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover — SIGKILL was sent
            pass
