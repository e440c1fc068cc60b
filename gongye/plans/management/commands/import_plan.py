"""python manage.py import_plan PATH [--region CODE] [--year YYYY] [--dry-run] [--json]"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongye.core.context import execution_context
from gongye.orgs.models import Region
from gongye.plans.parsing import ParseError, to_json_dict
from gongye.plans.services import plan_apply_parsed, plan_document_parse, unresolved_names


class Command(BaseCommand):
    help = "导入工作计划文件（.docx/.xlsx/文本）：目标、重点工作及牵头、配合单位。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="计划文件路径")
        parser.add_argument(
            "--region", default=settings.GONGYE_DEFAULT_REGION, help="区划代码（默认霍山县 341525）"
        )
        parser.add_argument("--year", type=int, help="计划年度（默认从标题读取）")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入")
        parser.add_argument("--json", action="store_true", help="把解析结果以 JSON 打印到标准输出")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._fail(f"文件“{path}”不存在。")
        except OSError:
            self._fail(f"无法读取文件“{path}”（可能是目录或没有读取权限）。")
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            self._fail(f"区划代码“{options['region']}”不存在。")
        try:
            parsed, resolver = plan_document_parse(
                region=region, data=data, filename=path.name, year=options["year"]
            )
        except ParseError as error:
            self._fail(str(error))
        if options["json"]:
            self.stdout.write(json.dumps(to_json_dict(parsed), ensure_ascii=False, indent=2))
        else:
            for warning in parsed.warnings:
                self.stderr.write(f"提示：{warning}")
        missing = unresolved_names(parsed)
        if options["dry_run"]:
            if missing and not options["json"]:
                self.stderr.write("未识别的单位名称：" + "、".join(missing))
            if not options["json"]:
                self.stdout.write(
                    f"解析完成（未写入）：目标 {len(parsed.targets)} 个，重点工作 {len(parsed.tasks)} 项。"
                )
            return
        try:
            with execution_context(channel="command"):
                result = plan_apply_parsed(
                    actor=None, region=region, parsed=parsed, resolver=resolver, filename=path.name
                )
        except ValidationError as error:
            raise CommandError(f"文件“{path.name}”：" + "；".join(error.messages)) from error
        if not options["json"]:
            t = result.tasks
            self.stdout.write(
                f"{'已新建' if result.created else '已修订'}《{result.plan.title}》：重点工作 新增 {t['added']}、"
                f"修改 {t['changed']}、未变 {t['unchanged']}、撤销 {t['removed']}；"
                f"目标 {sum(result.targets.values()) - result.targets['removed']} 个。"
            )

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(2)
