"""``python manage.py audit_verify``: walks the audit log's hash chain (``gongye.audit.chain``)
and its anchors. Exits 0 with a summary when intact; otherwise names the first edited, removed,
inserted or cut-off entry and exits 1 (for cron or monitoring)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongye.audit import chain


class Command(BaseCommand):
    help = "校验审计日志的哈希链与锚点：完整时返回 0，发现被修改、删除、插入或截断的记录时返回 1。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = chain.verify()
        if not result.ok:
            raise CommandError(f"审计日志校验未通过：{result.problem}", returncode=1)
        self.stdout.write(self.style.SUCCESS(result.summary))
