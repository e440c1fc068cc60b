from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongye.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库与上传文件（佐证材料、计划文件）到一个 .tar.gz 文件；网站运行时也可执行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="备份文件路径，如 /srv/backup/gongye-20260101.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_create(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已备份到 {summary.path}（{summary.engine}，{summary.files} 个文件，"
            f"{summary.bytes / 1024 / 1024:.1f} MB）"
        )
