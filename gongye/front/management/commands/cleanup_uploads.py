"""``python manage.py cleanup_uploads [--dry-run]``: removes orphaned media files and stale
temporary upload files older than an hour (``front.services.uploads_cleanup``); also run daily
by the worker (``front.jobs.cleanup_uploads``)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from gongye.core.context import execution_context
from gongye.front.services import uploads_cleanup


class Command(BaseCommand):
    help = "清理无记录引用的上传文件和中断上传留下的临时文件（一小时以前的）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除。")
        parser.add_argument(
            "--older-than-minutes", type=int, default=60, help="只处理早于该分钟数的文件。"
        )

    def handle(self, *args, **options):
        with execution_context(channel="command"):
            summary = uploads_cleanup(
                dry_run=options["dry_run"],
                older_than=dt.timedelta(minutes=options["older_than_minutes"]),
            )
        verb = "将删除" if summary["dry_run"] else "已删除"
        for item in summary["files"]:
            kind = "孤立文件" if item["kind"] == "orphan" else "临时文件"
            self.stdout.write(f"{verb}{kind}：{item['path']}（{item['bytes']} 字节）")
        self.stdout.write(
            f"{verb}孤立文件 {summary['orphans']} 个、临时文件 {summary['temporary']} 个，"
            f"共 {summary['bytes']} 字节。"
        )
