"""Find the key-task table (重点工作明细表) whatever its layout, and tasks written as paragraphs.

Columns are recognised by what their header means, in any order; a table split by a page
break (a header row repeated, or a second table with the same columns) continues; a row
holding only a month ("一月份") opens a month section; numbering may restart each month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Cell, Document, Paragraph, ParsedTask, ParseWarning, Period, Table
from .periods import CN_NUMERAL_CHARS, cn_to_int, parse_period, to_halfwidth
from .units import UnitList, UnitResolver, split_people, split_units

# Roles, tried in this order against a header cell with whitespace removed. People come
# first (牵头领导 is a person), then lead (牵头…), cooperating, generic responsible units.
_ROLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("people", re.compile(r"(领导|责任人|负责人|联系人|包保人|分管)")),
    ("lead", re.compile(r"牵头")),
    ("coop", re.compile(r"(配合|协办|协助|参与|协同|协作)")),
    (
        "responsible",
        re.compile(
            r"(责任单位|责任部门|责任主体|主体单位|承办单位|实施单位|主办单位|负责单位|^单位$|^部门$|司局$)"
        ),
    ),
    ("seq", re.compile(r"^(序号|编号|序|No\.?|#)$", re.IGNORECASE)),
    (
        "task",
        re.compile(
            r"(重点工作|工作任务|工作内容|主要任务|重点任务|具体任务|目标任务|工作事项|指标名称|"
            r"工作目标|任务内容|主要内容|工作措施|具体措施|项目名称|事项名称)"
        ),
    ),
    ("period", re.compile(r"(月度|月份|时间|时限|期限|日期|进度安排|时间节点|节点|季度|^月$)")),
    ("task", re.compile(r"(任务|工作|内容|事项|指标|措施|举措)")),
    ("note", re.compile(r"^(备注|说明|附注)$")),
]
_MAX_HEADER_LEN = 16


@dataclass
class Columns:
    """Which grid column holds what (0-based)."""

    task: int
    lead: int | None = None
    coop: list[int] = field(default_factory=list)
    period: int | None = None
    seq: int | None = None
    people: list[int] = field(default_factory=list)

    @property
    def width_needed(self) -> int:
        cols = [self.task, self.lead, self.period, self.seq, *self.coop, *self.people]
        return max(c for c in cols if c is not None) + 1


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000：:（）()]+", "", text)


def classify_header(text: str) -> str | None:
    key = _norm(text)
    if not key or len(key) > _MAX_HEADER_LEN:
        return None
    for role, pattern in _ROLE_RULES:
        if pattern.search(key):
            return role
    return None


def detect_columns(texts: list[str]) -> Columns | None:
    """Columns of a header row, or None when the row is not a task-table header."""
    roles: list[tuple[int, str]] = []
    seen_texts: set[str] = set()
    for i, text in enumerate(texts):
        key = _norm(text)
        if not key or key in seen_texts:  # horizontally merged header repeats its text
            continue
        seen_texts.add(key)
        role = classify_header(text)
        if role:
            roles.append((i, role))
    by_role: dict[str, list[int]] = {}
    for i, role in roles:
        by_role.setdefault(role, []).append(i)
    if "task" not in by_role:
        return None
    has_lead = "lead" in by_role
    responsible = by_role.get("responsible", [])
    if not (has_lead or responsible or "coop" in by_role):
        return None
    lead = by_role["lead"][0] if has_lead else (responsible[0] if responsible else None)
    coop = list(by_role.get("coop", []))
    # 责任单位 beside a lead column cooperates; without one, the first 责任单位 leads.
    coop = sorted(coop + responsible) if has_lead else sorted(coop + responsible[1:])
    return Columns(
        task=by_role["task"][0],
        lead=lead,
        coop=coop,
        period=by_role.get("period", [None])[0],
        seq=by_role.get("seq", [None])[0],
        people=by_role.get("people", []),
    )


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
        for raw in units.unresolved:
            self.warn(f"单位“{raw}”未能匹配到已知单位，请映射或新建", cell, table_no)
        return units


def _find_header(table: Table, limit: int = 8) -> tuple[int, Columns] | None:
    for r, row in enumerate(table.rows[:limit]):
        cols = detect_columns([c.text for c in row])
        if cols is None:
            continue
        # A two-row header (责任单位 over 牵头单位 | 配合单位): the second row refines the first.
        if r + 1 < len(table.rows):
            below = [c.text for c in table.rows[r + 1]]
            below_roles = [classify_header(t) for t in below]
            if sum(
                1 for x in below_roles if x in ("lead", "coop", "responsible", "people")
            ) and all(
                (classify_header(t) is not None) or not t.strip() or t == above
                for t, above in zip(below, [c.text for c in row], strict=False)
            ):
                merged = [
                    b if classify_header(b) else a.text for a, b in zip(row, below, strict=False)
                ]
                refined = detect_columns(merged)
                if refined is not None:
                    return r + 1, refined
        return r, cols
    return None


def _is_header_repeat(texts: list[str], header: list[str], cols: Columns) -> bool:
    if len(texts[cols.task]) > _MAX_HEADER_LEN * 2:
        return False  # a task's wording, not a header
    if [_norm(t) for t in texts] == [_norm(t) for t in header]:
        return True
    again = detect_columns(texts)
    return again is not None and again.task == cols.task and again.lead == cols.lead


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
        found = _find_header(block)
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
            if _is_header_repeat(texts, header_texts, cols):
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
                        b.warn(
                            f"无法识别时间“{ptext}”，该任务没有完成时限", row[cols.period], table_no
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
            lead = b.units(row[cols.lead], table_no) if cols.lead is not None else UnitList()
            if not lead.refs:
                b.warn(
                    "缺少牵头单位", row[cols.lead] if cols.lead is not None else task_cell, table_no
                )
            coop = UnitList()
            for ci in cols.coop:
                more = b.units(row[ci], table_no)
                coop.refs.extend(r for r in more.refs if r.name not in coop.names)
                coop.open_ended = coop.open_ended or more.open_ended
            people: list[str] = []
            for pi in cols.people:
                people.extend(split_people(row[pi].text))
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
                )
            )
    _paragraph_tasks(b)
    return b.out


# --------------------------------------------------------------------------- paragraph tasks

KEY_LINE = re.compile(
    r"(?P<key>责任领导|分管领导|牵头领导|联系领导|责任人|牵头责任单位|牵头单位|牵头部门|"
    r"牵头负责司局|配合单位|配合部门|协办单位|协助单位|参与单位|责任单位|责任部门|"
    r"完成时限|完成时间|时间节点|时限)\s*[:：]"
)
_PAREN_TAIL = re.compile(r"[（(](?P<inner>[^（）()]*[:：][^（）()]*)[）)]\s*[。.；;]?\s*$")


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
        m = _PAREN_TAIL.search(text)
        if m and KEY_LINE.search(m.group("inner")):
            pairs = _key_values(m.group("inner"))
            body = text[: m.start()].strip()
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
    for raw in unresolved:
        b.out.warnings.append(
            ParseWarning(
                f"单位“{raw}”未能匹配到已知单位，请映射或新建", file=b.doc.filename, line=p.line
            )
        )
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
