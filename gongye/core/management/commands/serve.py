"""Serves the app (gunicorn) together with the background worker (django-q2's qcluster),
which ``core.supervisor`` keeps alive: restarted, with its whole process group, when it exits
or its heartbeat goes stale — the site stays up meanwhile. Ctrl-C stops both; gunicorn dying
stops everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from gongye.core.jobs import queue_heartbeat
from gongye.core.supervisor import WorkerSupervisor


class Command(BaseCommand):
    help = "启动网站与后台任务进程（后台任务进程退出或失去心跳时自动重启；Ctrl-C 同时停止）。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=settings.GONGYE_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.GONGYE_WEB_THREADS)
        parser.add_argument(
            "--worker-stale-seconds",
            type=float,
            default=settings.GONGYE_WORKER_STALE_SECONDS,
            help="后台任务心跳超过该秒数未更新即视为卡死并重启（默认 180）。",
        )

    def handle(self, *args, **options):
        bind = f"{options['host']}:{options['port']}"
        web = subprocess.Popen(  # noqa: S603  (fixed argv, no user input)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["threads"]),
                "--worker-class",
                "gthread",
                "--access-logfile",
                "-",
                "--timeout",
                "120",
            ]
        )
        worker = WorkerSupervisor(
            argv=[sys.executable, "manage.py", "qcluster"],
            stale_after=options["worker_stale_seconds"],
            say=lambda line: self.stdout.write(line),
            ping=queue_heartbeat,
        )
        worker.start()
        self.stdout.write(f"Gongye 已启动：http://{bind}/ （Ctrl-C 停止）")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        last_check = 0.0
        try:
            while not stopping and web.poll() is None:
                if time.monotonic() - last_check >= 1:
                    worker.check()
                    last_check = time.monotonic()
                time.sleep(0.2)
        finally:
            if web.poll() is None:
                web.send_signal(signal.SIGTERM)
            worker.stop()
            try:
                web.wait(timeout=15)
            except subprocess.TimeoutExpired:
                web.kill()
        self.stdout.write("Gongye 已停止。")
