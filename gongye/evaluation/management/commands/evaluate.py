"""python manage.py evaluate --scheme SCHEME --inputs FILE [--json]

A per-mu benefit evaluation for batch use and checks: the scheme (YAML or JSON) applied to an
input sheet (.xlsx/.xls/.csv, columns recognised by meaning, money converted to 万元). With
--json it prints ``{"results": [{"credit_code", "name", "group", "indicators": {NAME: value},
"scores": {NAME: score}, "total", "rank", "class", "status", "reasons"}]}`` in the sheet's
order (total rounded to two decimals; class T for not graded, null for those not evaluated).
It writes nothing. Exits 2 on a fault in the scheme or the sheet, listing each by line, row
and column."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gongye.evaluation.engine.scheme import CLASSES, NOT_GRADED, SchemeErrors, parse_scheme
from gongye.evaluation.engine.scoring import GRADED, EvaluationError, evaluate
from gongye.evaluation.explain import reason_text
from gongye.evaluation.input_sheet import read_input_sheet


class Command(BaseCommand):
    help = "亩均效益评价（试算，不写入）：按评价方案对数据表中的企业打分、排名、分类。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scheme", required=True, help="评价方案文件（YAML 或 JSON）")
        parser.add_argument("--inputs", required=True, help="参评企业数据表（.xlsx/.xls/.csv）")
        parser.add_argument("--json", action="store_true", help="以 JSON 打印结果")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        scheme_path, inputs_path = Path(options["scheme"]), Path(options["inputs"])
        scheme_text = self._read(scheme_path, as_json).decode("utf-8-sig", errors="replace")
        data = self._read(inputs_path, as_json)
        try:
            scheme = parse_scheme(scheme_text)
        except SchemeErrors as errors:
            self._fail(
                [
                    {"file": scheme_path.name, "line": line, "message": message}
                    for line, message in errors.errors
                ],
                as_json,
                _("评价方案“%(file)s”有误：") % {"file": scheme_path.name},
            )
        sheet = read_input_sheet(data, inputs_path.name)
        if sheet.inputs is None:
            self._fail([error.as_dict() for error in sheet.errors], as_json, "")
        try:
            evaluation = evaluate(scheme, sheet.inputs)
        except EvaluationError as error:
            self._fail([{"message": str(error)}], as_json, "")
        rows = evaluation.rows()
        if as_json:
            results = [
                {
                    "credit_code": row["credit_code"],
                    "name": row["name"],
                    "group": row["group"] or None,
                    "indicators": row["indicators"],
                    "scores": row["scores"],
                    "total": row["total"],
                    "rank": row["rank"],
                    "class": row["class"] or None,
                    "status": row["status"],
                    "reasons": row["reasons"],
                }
                for row in rows
            ]
            self.stdout.write(json.dumps({"results": results}, ensure_ascii=False, indent=1))
            return
        self._print_table(scheme.name, rows)

    def _print_table(self, name: str, rows: list[dict[str, Any]]) -> None:
        write = self.stdout.write
        write(_("评价方案：%(name)s") % {"name": name})
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row["status"] == GRADED:
                groups.setdefault(row["group"], []).append(row)
        for group, members in groups.items():
            members.sort(key=lambda r: (r["rank"], r["credit_code"]))
            counts = Counter(r["class"] for r in members)
            write("")
            write(
                _("【%(group)s】%(n)s 家：%(counts)s")
                % {
                    "group": group,
                    "n": len(members),
                    "counts": "，".join(f"{k}类 {counts.get(k, 0)}" for k in CLASSES),
                }
            )
            for row in members:
                write(
                    f"{row['rank']:>5}  {row['class']}  {row['total']:>9.2f}  {row['credit_code']}  {row['name']}"
                )
        others = [row for row in rows if row["status"] != GRADED]
        if others:
            write("")
            write(_("未分档的企业 %(n)s 家：") % {"n": len(others)})
            for row in others:
                klass = NOT_GRADED if row["class"] == NOT_GRADED else "-"
                why = "；".join(reason_text(reason) for reason in row["reasons"])
                write(f"  {klass}  {row['credit_code']}  {row['name']}  {why}")

    def _read(self, path: Path, as_json: bool) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError:
            self._fail([{"message": _("文件“%(path)s”不存在。") % {"path": path}}], as_json, "")
        except OSError:
            self._fail([{"message": _("无法读取文件“%(path)s”。") % {"path": path}}], as_json, "")

    def _fail(self, errors: list[dict[str, Any]], as_json: bool, title: str) -> NoReturn:
        if as_json:
            self.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=1))
        else:
            if title:
                self.stderr.write(title)
            for error in errors:
                text = error.get("text") or error["message"]
                if error.get("line"):
                    text = _("第 %(line)s 行：%(msg)s") % {"line": error["line"], "msg": text}
                self.stderr.write(text)
        sys.exit(2)
