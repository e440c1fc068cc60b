from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongye.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复数据库与上传文件（先核对每个文件的校验值）。请先停止网站和后台任务进程。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="backup 命令生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库与上传文件")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("恢复会覆盖当前数据库与上传文件；确认无误后请加 --yes 再执行。")
        try:
            summary = backup_restore(options["path"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已从 {summary.path} 恢复（{summary.engine}，{summary.files} 个文件）")
