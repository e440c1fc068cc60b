"""python manage.py import_enterprise_data PATH [PATH ...] [--region CODE] [--month YYYY-MM] [--dry-run] [--json]

The statistics bureau's monthly enterprise sheet, for batch use and checks. With --json it
prints ``{"month", "rows", "new_enterprises", "errors": [{"row", "column", "message"}],
"data": [...]}`` (money in 万元, electricity in 千瓦时, energy in 吨标准煤; 本年累计 where the
sheet gives it, else 本月; absent fields null). Exits 2 when there is any error, and then
writes nothing. Unknown codes are registered as new enterprises unless --dry-run.

Several files (a year's sheets) are imported in the order given, each checked against the
months before it, in one transaction (``figures_import_batch``): all of them, or none when
any has an error (the files after it are not read). Each month is taken from its sheet's title
(``--month`` is for one file); --json then prints a list of those objects, each with its
``file``, up to the first file with errors (and a list of one, ``file`` null, when the command
cannot start); --dry-run checks them in the same way, then undoes what it wrote."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from gongye.core.context import execution_context
from gongye.enterprises.services.figures import (
    FigureSheetInvalid,
    PreparedImport,
    figures_import,
    figures_import_batch,
    figures_import_prepare,
)
from gongye.orgs.models import Region

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class Command(BaseCommand):
    help = "导入统计局企业月度数据表（.xlsx/.xls/.csv）：按列名识别指标，换算计量单位，逐格校验。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="+", help="数据表路径（可多个，按所给顺序导入）")
        parser.add_argument("--region", help="区划代码（只有一个县时可省略）")
        parser.add_argument("--month", help="数据月份 YYYY-MM（默认从表题读取）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 打印结果")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        paths = [Path(p) for p in options["path"]]
        self._many = len(paths) > 1  # --json answers with a list
        files = [(self._read(path, as_json), path.name) for path in paths]
        region = self._region(options["region"], as_json)
        if len(files) > 1:
            if options["month"]:
                self._fail("--month 只能用于单个文件；多个文件的月份从各表的表题读取。", as_json)
            self._batch(region, files, dry_run=options["dry_run"], as_json=as_json)
            return
        data, name = files[0]
        year = month = None
        if options["month"]:
            m = _MONTH.match(options["month"].strip())
            if not m or not 1 <= int(m[2]) <= 12:
                self._fail(
                    f"月份“{options['month']}”格式不正确，应为 YYYY-MM，如 2022-06。", as_json
                )
            year, month = int(m[1]), int(m[2])
        if options["dry_run"]:
            prepared = figures_import_prepare(
                region=region, data=data, filename=name, year=year, month=month
            )
        else:
            try:
                with execution_context(channel="command"):
                    _batch, prepared = figures_import(
                        actor=None,
                        region=region,
                        data=data,
                        filename=name,
                        year=year,
                        month=month,
                    )
            except FigureSheetInvalid as invalid:
                prepared = invalid.prepared
        if as_json:
            self.stdout.write(json.dumps(prepared.as_json(), ensure_ascii=False))
        else:
            for error in prepared.errors:
                self.stderr.write(str(error))
        if prepared.errors:
            if not as_json:
                self.stderr.write(f"发现 {len(prepared.errors)} 处错误，未写入任何数据。")
            sys.exit(2)
        if not as_json:
            done = "校验通过（未写入）" if options["dry_run"] else "已导入"
            self.stdout.write(
                f"{done}：{prepared.year}年{prepared.month}月，{prepared.rows} 家企业，"
                f"其中新企业 {len(prepared.new)} 家。"
            )

    def _batch(
        self, region: Region, files: list[tuple[bytes, str]], *, dry_run: bool, as_json: bool
    ) -> None:
        """Each sheet's answer written as soon as it is written (its columns are then let go),
        a JSON list item or a line; the lines only once the batch has committed."""
        items = 0
        lines: list[str] = []
        done_word = "校验通过（未写入）" if dry_run else "已导入"

        def answer(prepared: PreparedImport) -> None:
            nonlocal items
            if as_json:
                item = json.dumps(
                    {"file": prepared.filename, **prepared.as_json()}, ensure_ascii=False
                )
                self.stdout.write(("," if items else "") + item)
                items += 1
            else:
                lines.append(
                    f"{done_word}：{prepared.filename}，{prepared.year}年{prepared.month}月，"
                    f"{prepared.rows} 家企业，其中新企业 {len(prepared.new)} 家。"
                )

        if as_json:
            self.stdout.write("[")
        failed: PreparedImport | None = None
        try:
            with execution_context(channel="command"), transaction.atomic():
                figures_import_batch(actor=None, region=region, files=files, on_sheet=answer)
                if dry_run:
                    transaction.set_rollback(True)
        except FigureSheetInvalid as invalid:
            failed = invalid.prepared
            if as_json:
                answer(failed)
        if as_json:
            self.stdout.write("]")
        if failed is not None:
            if not as_json:
                for error in failed.errors:
                    self.stderr.write(f"{failed.filename}：{error}")
                self.stderr.write(
                    f"文件“{failed.filename}”发现 {len(failed.errors)} 处错误，"
                    f"{len(files)} 个文件均未写入。"
                )
            sys.exit(2)
        for line in lines:
            self.stdout.write(line)

    def _read(self, path: Path, as_json: bool) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            self._fail(f"文件“{path}”不存在。", as_json)
        except OSError:
            self._fail(f"无法读取文件“{path}”（可能是目录或没有读取权限）。", as_json)

    def _region(self, code: str | None, as_json: bool) -> Region:
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                self._fail(f"区划代码“{code}”不存在。", as_json)
            return region
        counties = list(Region.objects.filter(level="county")[:2])
        if len(counties) != 1:
            self._fail("系统中有多个县（区），请用 --region 指定区划代码。", as_json)
        return counties[0]

    def _fail(self, message: str, as_json: bool) -> NoReturn:
        if as_json:
            answer = {
                "month": None,
                "rows": 0,
                "new_enterprises": 0,
                "errors": [{"row": None, "column": "", "message": message}],
                "data": [],
            }
            many = getattr(self, "_many", False)
            shown = [{"file": None, **answer}] if many else answer
            self.stdout.write(json.dumps(shown, ensure_ascii=False))
        else:
            self.stderr.write(message)
        sys.exit(2)
