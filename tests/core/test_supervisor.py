"""``manage.py serve`` keeps the worker alive (issue 10, item 10). The first test runs the real
thing: a migrated database of its own, gunicorn and the django-q2 cluster; the cluster's main
process is killed with SIGKILL, and a new cluster must run jobs again with no child of the old
one left. The others judge a cluster's health with a clock and heartbeats of their own."""

from __future__ import annotations

import datetime as dt
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from gongye.core.supervisor import WorkerSupervisor, group_members

ROOT = Path(__file__).resolve().parents[2]
STARTED = re.compile(r"后台任务进程组已启动：(\d+)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lines(stream) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], pattern: re.Pattern[str], timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if match := pattern.search(line):
            return match
    raise AssertionError(f"no {pattern.pattern!r} in: {''.join(seen)[-3000:]}")


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answer := check():
            return answer
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_cluster_killed_with_sigkill_comes_back_without_orphans(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GONGYE_QUEUE_REDIS"}}
    env |= {"GONGYE_VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    serve = subprocess.Popen(
        [*manage, "serve", "--port", str(port), "--workers", "1", "--worker-stale-seconds", "30"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    old: list[int] = []
    second = 0
    try:
        lines = _lines(serve.stdout)
        first = int(_wait_for(lines, STARTED, 60).group(1))
        old = _until(lambda: len(group_members(first)) > 1 and group_members(first), 60, "workers")
        killed_at = dt.datetime.now(dt.UTC)
        os.kill(first, signal.SIGKILL)
        second = int(_wait_for(lines, STARTED, 60).group(1))
        assert second != first
        # no child of the killed cluster is left polling the queue
        _until(lambda: not [p for p in old if Path(f"/proc/{p}").exists()], 30, "the old group")
        assert not group_members(first)
        # the new cluster runs jobs: a heartbeat queued now is written after the kill
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from django_q.tasks import async_task; async_task('gongye.core.jobs.heartbeat')",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )

        def beat_after_kill() -> bool:
            with sqlite3.connect(tmp_path / "gongye.sqlite3") as db:
                (newest,) = db.execute("SELECT MAX(at) FROM core_workerheartbeat").fetchone()
            return bool(newest) and newest > killed_at.strftime("%Y-%m-%d %H:%M:%S")

        _until(beat_after_kill, 60, "a heartbeat from the new cluster")
        # and the site stayed up throughout
        try:
            status = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz").status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 200
        assert serve.poll() is None
    finally:
        try:
            os.killpg(serve.pid, signal.SIGINT)
            serve.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        for pgid in (serve.pid, *old):
            try:
                os.killpg(pgid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    assert not second or not group_members(second), "Ctrl-C left the worker cluster behind"


class _Alive:
    pid = 4242

    def poll(self):
        return None


def _supervisor(beat, *, scheduled=True, stale_after=180.0) -> WorkerSupervisor:
    supervisor = WorkerSupervisor(
        argv=["true"],
        stale_after=stale_after,
        heartbeat=lambda: beat,
        hang_detection=lambda: scheduled,
        say=lambda line: None,
    )
    supervisor.process = _Alive()  # type: ignore[assignment]
    return supervisor


def test_a_cluster_whose_heartbeat_is_stale_counts_as_hung():
    now = dt.datetime.now(dt.UTC)
    supervisor = _supervisor(now - dt.timedelta(minutes=7))
    supervisor.started_at = time.monotonic() - 600
    supervisor._started_wall = now - dt.timedelta(minutes=10)
    assert "心跳" in (supervisor.why_restart() or "")
    # a fresh beat, a cluster younger than the threshold, or no heartbeat job: left alone
    fresh = _supervisor(now - dt.timedelta(seconds=30))
    fresh.started_at, fresh._started_wall = supervisor.started_at, supervisor._started_wall
    assert fresh.why_restart() is None
    young = _supervisor(None)
    young.started_at = time.monotonic() - 60
    assert young.why_restart() is None
    unscheduled = _supervisor(None, scheduled=False)
    unscheduled.started_at = time.monotonic() - 600
    assert unscheduled.why_restart() is None


def test_a_heartbeat_from_before_the_restart_does_not_count_against_the_new_cluster():
    now = dt.datetime.now(dt.UTC)
    supervisor = _supervisor(now - dt.timedelta(hours=1), stale_after=180)
    supervisor.started_at = time.monotonic() - 200
    supervisor._started_wall = now - dt.timedelta(seconds=100)  # clocks disagree: wall decides
    assert supervisor.why_restart() is None


def test_a_well_cluster_is_asked_for_a_beat_every_ping_interval():
    """Between its scheduled beats the supervisor queues one every ``ping_every`` seconds, so
    /healthz (a minute) can tell a worker that stopped taking work."""
    pings: list[float] = []
    now = dt.datetime.now(dt.UTC)
    supervisor = _supervisor(now)
    supervisor.ping, supervisor.ping_every = (lambda: pings.append(time.monotonic())), 0.2
    supervisor.started_at = time.monotonic()
    supervisor.check()
    supervisor.check()  # within the interval: not again
    assert len(pings) == 1
    time.sleep(0.25)
    supervisor.check()
    assert len(pings) == 2

    def broken() -> None:
        raise ConnectionError("queue away")

    supervisor.ping, supervisor._last_ping = broken, 0.0
    supervisor.check()  # logged, not raised: the web keeps serving


def test_the_queued_heartbeat_is_run_by_the_worker_and_not_kept(db, monkeypatch):
    from django_q.conf import Conf
    from django_q.models import OrmQ, Success

    from gongye.core.jobs import queue_heartbeat
    from gongye.core.models import WorkerHeartbeat

    monkeypatch.setattr(Conf, "SYNC", True)  # the worker runs it at once, in this process
    queue_heartbeat()
    assert WorkerHeartbeat.objects.exists()
    assert not Success.objects.exists() and not OrmQ.objects.exists()
