from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongye.core.context import execution_context
from gongye.core.contrib import DemoLoader, DemoReport, collect_sorted, resolve
from gongye.front.jobs import ensure_schedules


class Command(BaseCommand):
    help = "载入内置的霍山县组织机构、工作计划（及演示模式下的演示账号与演示数据）。可重复运行，不会重复写入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args: Any, **options: Any) -> None:
        report = DemoReport()
        notes: list[str] = []
        with execution_context(channel="command"):
            # every app's step, in its declared order (AppConfig.demo_loaders)
            for loader in collect_sorted("demo_loaders"):
                assert isinstance(loader, DemoLoader)
                if loader.demo_only and not settings.DEMO_MODE:
                    continue
                note = resolve(loader.func)(report)
                if note:
                    notes.append(note)
            ensure_schedules()
        self.stdout.write(
            f"组织机构与演示数据：新增区划 {report.regions}、单位 {report.units}、"
            f"账号 {report.users}、角色 {report.assignments}"
            + ("（已是最新，未作改动）" if report.changed == 0 else "")
        )
        for note in notes:
            self.stdout.write(note)
        if settings.DEMO_MODE and not options["quiet_accounts"]:
            self.stdout.write("演示账号（仅演示模式）：")
            for username, who, password in report.accounts:
                self.stdout.write(f"  {username:<18} {password:<18} {who}")
