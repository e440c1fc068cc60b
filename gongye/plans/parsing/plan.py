"""Read a whole plan document: title, year, targets, tasks, money rules and warnings."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from .checkpoints import scan_checkpoints
from .model import Document, Paragraph, ParsedPlan, ParseError, ParseWarning, Table
from .readers import ReadLimits, read_document
from .targets import extract_targets
from .tasks import KEY_LINE, extract_tasks
from .units import UnitResolver

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CHAPTER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十\d]{1,3}\s*(?:章|部分|节))"
)
_FOOTER = re.compile(r"^(抄送|抄报|主送|印发|附件[:：]|附件$|联系人|联系电话)")
_ISSUE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日(印发)?$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")


def _title(doc: Document) -> str:
    for p in doc.paragraphs:
        text = p.text.strip()
        if _FOOTER.match(text) or _DOC_NUMBER.match(text) or text in ("附件", "签发"):
            continue
        if len(text) >= 4 and re.search(r"[\u4e00-\u9fff]", text):
            return text
    for table in doc.tables:
        if table.name:
            return table.name
    return PurePath(doc.filename).stem


def _year(doc: Document, title: str) -> int | None:
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    for p in doc.paragraphs[:8]:
        m = _YEAR.search(p.text)
        if m and len(p.text) <= 60:
            return int(m.group(1))
    return None


def _body_paragraphs(
    doc: Document, title: str, task_lines: set[int | None]
) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    chapter = ""
    title_seen = False
    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.strip()
        if not text:
            continue
        if not title_seen and text == title:
            title_seen = True
            continue
        if _CHAPTER.match(text) and len(text) <= 40 and "。" not in text:
            chapter = text
            continue
        if _FOOTER.match(text) or _ISSUE_DATE.match(text) or KEY_LINE.match(text):
            continue
        if block.line in task_lines:
            continue
        out.append((block.index, chapter, text))
    return out


def _checkpoints(doc: Document) -> tuple[dict[int, Decimal], list[ParseWarning]]:
    """The checkpoints stated anywhere in the document (body or task table). Two different
    shares for one month keep the higher (the stricter demand) and are pointed out."""
    shares: dict[int, Decimal] = {}
    warnings: list[ParseWarning] = []
    seen: set[str] = set()
    places: list[tuple[str, dict[str, int | None]]] = []
    table_no = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            places.append((block.text, {"line": block.line}))
        elif isinstance(block, Table):
            table_no += 1
            for row in block.rows:
                for cell in row:
                    place: dict[str, int | None] = {
                        "row": cell.row,
                        "column": cell.col,
                        "table": table_no,
                    }
                    places.append((cell.text, place))
    for text, place in places:
        if text in seen:
            continue  # merged cells repeat their text
        seen.add(text)
        for found in scan_checkpoints(text):
            known = shares.get(found.month)
            if known is not None and known != found.percent:
                warnings.append(
                    ParseWarning(
                        f"{found.month}月的序时节点写了两个比例（{known}% 和 {found.percent}%），"
                        f"按较高的 {max(known, found.percent)}% 计",
                        file=doc.filename,
                        **place,
                    )
                )
            shares[found.month] = max(known or found.percent, found.percent)
    return dict(sorted(shares.items())), warnings


def parse_plan(
    data: bytes,
    filename: str,
    resolver: UnitResolver,
    year: int | None = None,
    *,
    limits: ReadLimits | None = None,
) -> ParsedPlan:
    """Read a plan document and everything in it; raise :class:`ParseError` if nothing is usable.

    ``year`` overrides the plan year found in the title ("2022年…").
    """
    doc = read_document(data, filename, limits=limits)
    warnings: list[ParseWarning] = []
    suffix = PurePath(filename).suffix.lower()
    mismatch = ""
    if doc.kind == "text" and suffix in (".docx", ".xlsx", ".doc", ".xls", ".docm", ".xlsm"):
        mismatch = f"文件扩展名为“{suffix}”，但内容不是 Word/Excel 文档，已按纯文本读取"
        warnings.append(ParseWarning(mismatch, file=filename))
    title = _title(doc)
    plan_year = year if year is not None else _year(doc, title)
    if plan_year is None:
        warnings.append(
            ParseWarning("未能从标题中识别计划年度，任务和目标没有完成日期", file=filename)
        )
    tasks = extract_tasks(doc, resolver, plan_year)
    warnings.extend(tasks.warnings)
    task_lines = {t.source_line for t in tasks.tasks if t.source_table is None}
    found = extract_targets(
        _body_paragraphs(doc, title, task_lines), tasks.tasks, plan_year, tasks.targets
    )
    if not tasks.tasks and not found.targets:
        _raise_nothing(doc, tasks.unrecognised_headers, mismatch)
    if (
        tasks.tables_seen
        and not tasks.tasks
        and not tasks.targets
        and not tasks.unrecognised_headers
    ):
        warnings.append(ParseWarning("找到了重点工作表格，但表格中没有任务行", file=filename))
    checkpoints, checkpoint_warnings = _checkpoints(doc)
    warnings.extend(checkpoint_warnings)
    return ParsedPlan(
        title=title,
        year=plan_year,
        targets=found.targets,
        tasks=tasks.tasks,
        money_rules=found.money_rules,
        warnings=warnings,
        filename=filename,
        kind=doc.kind,
        checkpoints=checkpoints,
    )


def _raise_nothing(doc: Document, unrecognised: list[tuple[int, list[str]]], mismatch: str) -> None:
    note = f"（{mismatch}）" if mismatch else ""
    if unrecognised:
        table_no, headers = unrecognised[0]
        shown = "、".join(f"“{h.strip()[:12]}”" for h in headers if h.strip()) or "（空）"
        table = doc.tables[table_no - 1]
        first = table.rows[0][0] if table.rows and table.rows[0] else None
        raise ParseError(
            f"第{table_no}个表格的表头 {shown} 无法识别为重点工作表：需要有“重点工作/工作任务”"
            "等任务列，以及“牵头单位/责任单位”等单位列；正文中也没有找到量化目标" + note,
            file=doc.filename,
            row=first.row if first else 1,
        )
    if any(t.rows for t in doc.tables):
        raise ParseError(
            "表格中没有找到任何任务行，正文中也没有找到量化目标" + note, file=doc.filename
        )
    if not any(p.text.strip() for p in doc.paragraphs):
        raise ParseError("文档中没有任何文字内容（可能只有图片）" + note, file=doc.filename)
    raise ParseError(
        "没有找到重点工作表格（需要“重点工作”“牵头单位”等表头）或“牵头单位：…”形式的任务，"
        "正文中也没有找到量化目标" + note,
        file=doc.filename,
    )


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def to_json_dict(parsed: ParsedPlan) -> dict[str, Any]:
    """The import command's ``--json`` shape: units as canonical names, dates ``YYYY-MM-DD``."""
    return {
        "title": parsed.title,
        "year": parsed.year,
        "targets": [
            {
                "name": t.name,
                "kind": t.kind,
                "comparator": t.comparator,
                "value": _number(t.value),
                "unit": t.unit,
                "qualifiers": list(t.qualifiers),
                "due": t.due.isoformat() if t.due else None,
                "source": t.sentence,
            }
            for t in parsed.targets
        ],
        "tasks": [
            {
                "month": t.month,
                "seq": t.seq,
                "text": t.text,
                "due": t.due.isoformat() if t.due else None,
                "lead_units": list(t.lead_units),
                "cooperating_units": list(t.cooperating_units),
                "open_ended": t.open_ended,
                "people": list(t.people),
            }
            for t in parsed.tasks
        ],
    }
