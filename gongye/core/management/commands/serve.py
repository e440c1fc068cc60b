"""Serves the app (gunicorn) together with the background worker (django-q2's qcluster).
Ctrl-C stops both; if either dies, the other is stopped too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站与后台任务进程（Ctrl-C 同时停止）。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=settings.GONGYE_WEB_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.GONGYE_WEB_THREADS)

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
        worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"])
        self.stdout.write(
            f"Gongye 已启动：http://{bind}/ （后台任务进程 {worker.pid}；Ctrl-C 停止）"
        )
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web, worker):
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.stdout.write("Gongye 已停止。")
