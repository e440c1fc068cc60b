"""Find the key-task table (重点工作明细表) whatever its layout, and tasks written as paragraphs.

Columns are recognised by what their header means, in any order; a table split by a page
break (a header row repeated, or a second table with the same columns) continues; a row
holding only a month ("一月份") opens a month section; numbering may restart each month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..recurrence import recurrence_of
from .columns import Columns, classify_header, find_header, is_header_repeat
from .indicator_rows import read_indicator_row
from .model import Cell, Document, Paragraph, ParsedTarget, ParsedTask, ParseWarning, Period
from .periods import CN_NUMERAL_CHARS, cn_to_int, parse_period, to_halfwidth
from .units import UnitList, UnitResolver, split_people, split_units

__all__ = ["KEY_LINE", "TaskExtraction", "classify_header", "extract_tasks", "strip_numbering"]

_NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"[（(]\s*(?P<a>\d{{1,3}}|[{CN_NUMERAL_CHARS}]{{1,4}})\s*[)）]"
    rf"|(?P<b>\d{{1,3}})\s*(?:[.．](?!\d)|[、，,)）])"
    rf"|(?P<c>[{CN_NUMERAL_CHARS}]{{1,4}})\s*[、.．]"
    rf"|第(?P<d>[{CN_NUMERAL_CHARS}\d]{{1,4}})[项条]\s*[:：、]?"
    rf")\s*"
)


def strip_numbering(text: str) -> tuple[int | None, str]:
    """ "3.制定…" → (3, "制定…"); text without a leading number is returned unchanged."""
    m = _NUMBERING.match(text)
    if not m:
        return None, text.strip()
    token = m.group("a") or m.group("b") or m.group("c") or m.group("d")
    rest = text[m.end() :].strip()
    if not rest:
        return None, text.strip()
    return cn_to_int(to_halfwidth(token)), rest


def _parse_seq(text: str) -> int | None:
    t = to_halfwidth(text.strip()).strip(".、．")
    if re.fullmatch(r"\d{1,4}", t):
        return int(t)
    return cn_to_int(t) if t and len(t) <= 4 else None


@dataclass
class TaskExtraction:
    tasks: list[ParsedTask] = field(default_factory=list)
    targets: list[ParsedTarget] = field(default_factory=list)  # read from indicator rows
    warnings: list[ParseWarning] = field(default_factory=list)
    tables_seen: int = 0
    unrecognised_headers: list[tuple[int, list[str]]] = field(default_factory=list)


class _Builder:
    def __init__(self, doc: Document, resolver: UnitResolver, year: int | None) -> None:
        self.doc = doc
        self.resolver = resolver
        self.year = year
        self.out = TaskExtraction()
        self._unit_cache: dict[str, UnitList] = {}

    def warn(self, message: str, cell: Cell | None = None, table: int | None = None) -> None:
        self.out.warnings.append(
            ParseWarning(
                message=message,
                file=self.doc.filename,
                row=cell.row if cell else None,
                column=cell.col if cell else None,
                line=cell.line if cell else None,
                table=table,
            )
        )

    def units(self, cell: Cell, table_no: int) -> UnitList:
        # The same unit cells recur on many rows; reading each distinct text once is enough.
        units = self._unit_cache.get(cell.text)
        if units is None:
            units = split_units(cell.text, self.resolver)
            self._unit_cache[cell.text] = units
        units = UnitList(refs=list(units.refs), open_ended=units.open_ended)
        for message in unresolved_messages(units):
            self.warn(message, cell, table_no)
        return units


def unresolved_messages(units: UnitList) -> list[str]:
    """What to tell the plan office about each name of a cell that did not resolve."""
    return [
        f"{ref.mismatch.message}，请映射或新建"
        if ref.mismatch
        else f"单位“{ref.raw}”未能匹配到已知单位，请映射或新建"
        for ref in units.refs
        if ref.canonical is None
    ]


def extract_tasks(doc: Document, resolver: UnitResolver, year: int | None) -> TaskExtraction:
    """Every task in the document: from task tables first, then paragraph-style tasks."""
    b = _Builder(doc, resolver, year)
    current_cols: Columns | None = None
    header_texts: list[str] = []
    width = 0
    period: Period | None = None
    counter = 0
    table_no = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            continue
        table_no += 1
        b.out.tables_seen += 1
        found = find_header(block)
        if found is not None:
            start, current_cols = found
            header_texts = [c.text for c in block.rows[start]]
            width = block.width
            start += 1
        elif current_cols is not None and block.width == width:
            start = 0  # continuation of the previous table after a page break
        else:
            if block.rows:
                b.out.unrecognised_headers.append((table_no, [c.text for c in block.rows[0]]))
            current_cols = None
            continue
        cols = current_cols
        for row in block.rows[start:]:
            if len(row) < cols.width_needed:
                continue
            texts = [c.text for c in row]
            nonempty = [t.strip() for t in texts if t.strip()]
            if not nonempty:
                continue
            if is_header_repeat(texts, header_texts, cols):
                continue
            distinct = set(nonempty)
            task_cell = row[cols.task]
            if len(distinct) == 1 and (len(nonempty) > 1 or not task_cell.text.strip()):
                only = next(iter(distinct))
                section = parse_period(only, year)
                if section is not None:
                    period, counter = section, 0
                else:
                    b.warn(f"跳过不属于任务的整行内容“{only[:30]}”", row[0], table_no)
                continue
            if cols.period is not None:
                ptext = row[cols.period].text.strip()
                if ptext:
                    parsed = parse_period(ptext, year)
                    if parsed is None:
                        # a recurring time (每月10日前 …) is understood: 督办 holds the task to
                        # each period's deadline (plans.recurrence); anything else is said
                        if recurrence_of(ptext) is None:
                            b.warn(
                                f"无法识别时间“{ptext}”，该任务没有完成时限",
                                row[cols.period],
                                table_no,
                            )
                        parsed = Period(ptext, None, None)
                    if period is None or parsed.label != period.label:
                        counter = 0
                    period = parsed
            text = task_cell.text.strip()
            if not text or (cols.period is not None and text == row[cols.period].text.strip()):
                if any(row[i].text.strip() for i in [cols.lead or 0, *cols.coop]):
                    b.warn("这一行有单位但没有任务内容，已跳过", task_cell, table_no)
                continue
            number, body = strip_numbering(text)
            seq = _parse_seq(row[cols.seq].text) if cols.seq is not None else None
            counter += 1
            if seq is None:
                seq = number if number is not None else counter
            counter = seq
            _table_row(b, cols, row, table_no, body, seq, period)
    _paragraph_tasks(b)
    return b.out


def _table_row(
    b: _Builder,
    cols: Columns,
    row: list[Cell],
    table_no: int,
    body: str,
    seq: int | None,
    period: Period | None,
) -> None:
    """One task row, or one indicator row: a target (and, with units, a task as well)."""
    task_cell = row[cols.task]
    targets: list[ParsedTarget] = []
    if cols.states_targets:
        reading = read_indicator_row(
            cols,
            [c.text for c in row],
            body,
            year=b.year,
            due=period.due if period and cols.period is not None else None,
        )
        if not cols.has_units:  # an indicator table of targets only (主要指标表)
            b.out.targets.extend(reading.targets)
            return
        body, targets = reading.text, reading.targets
        period = period or _indicator_period(cols, b.year)
    lead = b.units(row[cols.lead], table_no) if cols.lead is not None else UnitList()
    if not lead.refs:
        b.warn("缺少牵头单位", row[cols.lead] if cols.lead is not None else task_cell, table_no)
    coop = UnitList()
    for ci in cols.coop:
        more = b.units(row[ci], table_no)
        coop.refs.extend(r for r in more.refs if r.name not in coop.names)
        coop.open_ended = coop.open_ended or more.open_ended
    people: list[str] = []
    for pi in cols.people:
        people.extend(split_people(row[pi].text))
    for target in targets:  # the row's task answers for its targets
        target.task_index = len(b.out.tasks)
        target.lead_units, target.cooperating_units = lead.names, coop.names
    b.out.targets.extend(targets)
    b.out.tasks.append(
        ParsedTask(
            month=period.month if period else None,
            period_label=period.label if period else "",
            seq=seq,
            text=body,
            due=period.due if period else None,
            lead_units=lead.names,
            cooperating_units=coop.names,
            unresolved=[*lead.unresolved, *coop.unresolved],
            lead_open_ended=lead.open_ended,
            cooperating_open_ended=coop.open_ended,
            people=people,
            source_table=table_no,
            source_row=task_cell.row,
            source_col=task_cell.col,
            source_line=task_cell.line,
            states_target=bool(targets),
        )
    )


def _indicator_period(cols: Columns, year: int | None) -> Period | None:
    """An indicator row without a deadline column is due at the end of the year its value
    column names (2025年), or else of the plan's year."""
    column = cols.value_column(year)
    stated = cols.header_year(column) if column is not None else None
    target_year = stated or year
    if target_year is None:
        return None
    label = f"{target_year}年" if stated and stated != year else "全年"
    return Period(label, None, date(target_year, 12, 31))


# --------------------------------------------------------------------------- paragraph tasks

KEY_LINE = re.compile(
    r"(?P<key>责任领导|分管领导|牵头领导|联系领导|责任人|牵头责任单位|牵头单位|牵头部门|"
    r"牵头负责司局|配合单位|配合部门|协办单位|协助单位|参与单位|责任单位|责任部门|"
    r"完成时限|完成时间|时间节点|时限)\s*[:：]"
)
_TAIL_END = re.compile(r"[）)]\s*[。.；;]?\s*$")


def _paren_tail(text: str) -> tuple[int, str] | None:
    """The bracketed part closing a paragraph, brackets inside it kept ("（牵头单位：经信局；
    责任单位：各乡镇（街道））"): where it starts and what it holds."""
    end = _TAIL_END.search(text)
    if not end:
        return None
    depth = 0
    for i in range(end.start(), -1, -1):
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                inner = text[i + 1 : end.start()]
                return (i, inner) if re.search(r"[:：]", inner) else None
    return None


def _key_values(text: str) -> list[tuple[str, str]]:
    matches = list(KEY_LINE.finditer(text))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip().strip("；;。.，, \u3000")
        out.append((m.group("key"), value))
    return out


def _paragraph_tasks(b: _Builder) -> None:
    paragraphs = [blk for blk in b.doc.blocks if isinstance(blk, Paragraph)]
    period: Period | None = None
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        text = p.text.strip()
        section = parse_period(text, b.year) if len(text) <= 12 else None
        if section is not None:
            period = section
            i += 1
            continue
        pairs: list[tuple[str, str]] = []
        body = ""
        consumed = 1
        tail = _paren_tail(text)
        if tail and KEY_LINE.search(tail[1]):
            pairs = _key_values(tail[1])
            body = text[: tail[0]].strip()
        elif (km := KEY_LINE.search(text)) and km.start() > 0 and not KEY_LINE.match(text):
            pairs = _key_values(text[km.start() :])
            body = text[: km.start()].strip()
        else:
            j = i + 1
            while j < len(paragraphs) and KEY_LINE.match(paragraphs[j].text.strip()):
                pairs.extend(_key_values(paragraphs[j].text.strip()))
                j += 1
            if pairs and not KEY_LINE.match(text):
                body = text
                consumed = j - i
            else:
                pairs = []
        if not pairs or not body:
            i += 1
            continue
        _add_paragraph_task(b, p, body, pairs, period)
        i += consumed


def _add_paragraph_task(
    b: _Builder, p: Paragraph, body: str, pairs: list[tuple[str, str]], period: Period | None
) -> None:
    lead_texts: list[str] = []
    coop_texts: list[str] = []
    resp_texts: list[str] = []
    people: list[str] = []
    task_period = period
    for key, value in pairs:
        role = classify_header(key)
        if key.startswith("牵头") and "领导" not in key:
            role = "lead"
        if role == "people":
            people.extend(split_people(value))
        elif role == "lead":
            lead_texts.append(value)
        elif role == "coop":
            coop_texts.append(value)
        elif role == "responsible":
            resp_texts.append(value)
        elif role == "period":
            parsed = parse_period(value, b.year)
            task_period = parsed or Period(value, None, None)
            if parsed is None:
                b.out.warnings.append(
                    ParseWarning(f"无法识别时间“{value}”", file=b.doc.filename, line=p.line)
                )
    if lead_texts:
        coop_texts.extend(resp_texts)
    else:
        lead_texts, coop_texts = resp_texts[:1], coop_texts + resp_texts[1:]
    lead = UnitList()
    coop = UnitList()
    for target, texts in ((lead, lead_texts), (coop, coop_texts)):
        for t in texts:
            more = split_units(t, b.resolver)
            target.refs.extend(r for r in more.refs if r.name not in target.names)
            target.open_ended = target.open_ended or more.open_ended
    unresolved = [*lead.unresolved, *coop.unresolved]
    for message in [*unresolved_messages(lead), *unresolved_messages(coop)]:
        b.out.warnings.append(ParseWarning(message, file=b.doc.filename, line=p.line))
    if not lead.refs:
        b.out.warnings.append(ParseWarning("缺少牵头单位", file=b.doc.filename, line=p.line))
    number, text = strip_numbering(body)
    b.out.tasks.append(
        ParsedTask(
            month=task_period.month if task_period else None,
            period_label=task_period.label if task_period else "",
            seq=number,
            text=text.rstrip("；;，,"),
            due=task_period.due if task_period else None,
            lead_units=lead.names,
            cooperating_units=coop.names,
            unresolved=unresolved,
            lead_open_ended=lead.open_ended,
            cooperating_open_ended=coop.open_ended,
            people=people,
            source_line=p.line,
        )
    )
