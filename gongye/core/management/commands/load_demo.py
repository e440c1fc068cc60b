from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongye.core.context import execution_context
from gongye.core.jobs import ensure_schedules
from gongye.indicators.services_more import demo_indicators_load
from gongye.orgs.demo.loader import LoadReport, load_demo_accounts, load_organisation
from gongye.plans.demo import load_seed_plan
from gongye.supervision.demo import load_demo_progress_for_default_region


class Command(BaseCommand):
    help = "载入内置的霍山县组织机构（及演示模式下的演示账号）。可重复运行，不会重复写入。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        with execution_context(channel="command"):
            report = load_organisation(LoadReport())
            if settings.DEMO_MODE:
                load_demo_accounts(report)
            elif report.users:
                raise CommandError("非演示模式不创建演示账号。")
            plan_note = load_seed_plan()
            if settings.DEMO_MODE:
                plan_note += "\n" + load_demo_progress_for_default_region()
                plan_note += "\n" + demo_indicators_load()
            ensure_schedules()
        self.stdout.write(
            f"组织机构与演示数据：新增区划 {report.regions}、单位 {report.units}、"
            f"账号 {report.users}、角色 {report.assignments}"
            + ("（已是最新，未作改动）" if report.changed == 0 else "")
        )
        self.stdout.write(plan_note)
        if settings.DEMO_MODE and not options["quiet_accounts"]:
            self.stdout.write("演示账号（仅演示模式）：")
            for username, who, password in report.accounts:
                self.stdout.write(f"  {username:<18} {password:<18} {who}")
