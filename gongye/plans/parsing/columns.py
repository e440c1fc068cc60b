"""What each column of a plan table holds, read from what its header means, in any order.

A key-task table (重点工作明细表) has a task column and unit columns (牵头/配合/责任单位),
perhaps a period, a number and the responsible leaders. An indicator table (主要指标, 指标名称 /
预期效果 or 目标值 / 指标属性 / 完成时限 / 牵头单位 …) has an indicator column and one or more value
columns; with unit columns each of its rows is a task as well as a target, without them it
states targets only. ``单位`` alone is either who is responsible or the unit of measure
(计量单位): the column's cells decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Table

# Roles, tried in this order against a header cell with whitespace removed. People come
# first (牵头领导 is a person), then lead (牵头…), cooperating, generic responsible units.
_ROLE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("people", re.compile(r"(领导|责任人|负责人|联系人|包保人|分管)")),
    ("lead", re.compile(r"牵头")),
    ("coop", re.compile(r"(配合|协办|协助|参与|协同|协作)")),
    ("measure", re.compile(r"^(计量单位|度量单位|单位名称计量)$")),
    (
        "responsible",
        re.compile(
            r"(责任单位|责任部门|责任主体|主体单位|承办单位|实施单位|主办单位|负责单位|^单位$|^部门$|司局$)"
        ),
    ),
    ("seq", re.compile(r"^(序号|编号|序|No\.?|#)$", re.IGNORECASE)),
    # the columns the targets table export writes besides name and value (parsing.export)
    ("kind", re.compile(r"^(目标类型|指标类型|类型)$")),
    ("comparator", re.compile(r"^(比较方式|比较)$")),
    ("qualifiers", re.compile(r"^(限定词|限定)$")),
    ("chapter", re.compile(r"^(所属章节|章节)$")),
    (
        "task",
        re.compile(
            r"(重点工作|工作任务|工作内容|主要任务|重点任务|具体任务|目标任务|工作事项|指标名称|"
            r"工作目标|任务内容|主要内容|工作措施|具体措施|项目名称|事项名称)"
        ),
    ),
    ("attr", re.compile(r"(属性|性质)$")),
    ("base", re.compile(r"(实际|基期|基数|基准|现状|上年|预计|完成情况|完成值|已完成|年完成$)")),
    ("growth", re.compile(r"(增长|增速|增幅)")),
    (
        "value",
        re.compile(
            r"(目标|预期|指标值|计划值|绝对值|^\d{4}年?度?$|^\d{4}年(?!.*(?:时限|时间|期限)))"
        ),
    ),
    ("period", re.compile(r"(月度|月份|时间|时限|期限|日期|进度安排|时间节点|节点|季度|^月$)")),
    ("task", re.compile(r"(任务|工作|内容|事项|指标|措施|举措)")),
    ("note", re.compile(r"^(备注|说明|附注)$")),
]
MAX_HEADER_LEN = 16
# roles a second header row may name under a merged first row
_REFINING = ("lead", "coop", "responsible", "people", "value", "growth", "base")
_INDICATOR = re.compile(r"指标")
_YEAR = re.compile(r"((?:19|20)\d{2})")


@dataclass
class Columns:
    """Which grid column holds what (0-based)."""

    task: int
    lead: int | None = None
    coop: list[int] = field(default_factory=list)
    period: int | None = None
    seq: int | None = None
    people: list[int] = field(default_factory=list)
    values: list[int] = field(default_factory=list)  # 目标值, 预期效果, 2025年 …
    growth: list[int] = field(default_factory=list)  # 增长（%）, 年均增速 …
    measure: int | None = None  # 计量单位
    attr: int | None = None  # 指标属性: 预期性 / 约束性
    indicator: bool = False  # the task column names indicators (指标名称)
    headers: list[str] = field(default_factory=list)
    # kind, comparator, qualifiers, chapter written out (the targets table export)
    stated: dict[str, int] = field(default_factory=dict)

    @property
    def width_needed(self) -> int:
        cols = [self.task, self.lead, self.period, self.seq, self.measure, self.attr]
        cols += [*self.coop, *self.people, *self.values, *self.growth, *self.stated.values()]
        return max(c for c in cols if c is not None) + 1

    @property
    def has_units(self) -> bool:
        return self.lead is not None or bool(self.coop)

    @property
    def states_targets(self) -> bool:
        return bool(self.values or self.growth)

    def value_column(self, year: int | None) -> int | None:
        """The column holding the target: the one headed by the plan's year, else the latest
        year (2020年 | 2025年 → 2025年), else the first value column."""
        if not self.values:
            return None
        dated = [(self.header_year(c), c) for c in self.values]
        if year is not None:
            for y, c in dated:
                if y == year:
                    return c
        years = [(y, c) for y, c in dated if y is not None]
        if years:
            return max(years)[1]
        return self.values[0]

    def header_year(self, col: int) -> int | None:
        m = _YEAR.search(self.headers[col]) if col < len(self.headers) else None
        return int(m.group(1)) if m else None


def norm_header(text: str) -> str:
    return re.sub(r"[\s\u3000：:（）()%％]+", "", text)


def classify_header(text: str) -> str | None:
    key = norm_header(text)
    if not key or len(key) > MAX_HEADER_LEN:
        return None
    for role, pattern in _ROLE_RULES:
        if pattern.search(key):
            return role
    return None


def detect_columns(texts: list[str], measure: frozenset[int] = frozenset()) -> Columns | None:
    """Columns of a header row, or None when the row is not a task or indicator header.
    ``measure`` are columns known to hold units of measure (a ``单位`` column of ``%``, ``家``)."""
    roles: list[tuple[int, str]] = []
    seen_texts: set[str] = set()
    for i, text in enumerate(texts):
        key = norm_header(text)
        if not key or key in seen_texts:  # horizontally merged header repeats its text
            continue
        seen_texts.add(key)
        role = "measure" if i in measure else classify_header(text)
        if role:
            roles.append((i, role))
    by_role: dict[str, list[int]] = {}
    for i, role in roles:
        by_role.setdefault(role, []).append(i)
    if "task" not in by_role:
        return None
    task = by_role["task"][0]
    indicator = bool(_INDICATOR.search(norm_header(texts[task])))
    # a second task-like column that names aims (重点任务 | 工作目标) holds the targets
    aims = [i for i in by_role["task"][1:] if "目标" in norm_header(texts[i])]
    values = sorted(by_role.get("value", []) + aims)
    growth = by_role.get("growth", [])
    has_lead = "lead" in by_role
    responsible = by_role.get("responsible", [])
    if not (has_lead or responsible or "coop" in by_role):
        if not (indicator and (values or growth)):
            return None
    lead = by_role["lead"][0] if has_lead else (responsible[0] if responsible else None)
    coop = list(by_role.get("coop", []))
    # 责任单位 beside a lead column cooperates; without one, the first 责任单位 leads.
    coop = sorted(coop + responsible) if has_lead else sorted(coop + responsible[1:])
    return Columns(
        task=task,
        lead=lead,
        coop=coop,
        period=by_role.get("period", [None])[0],
        seq=by_role.get("seq", [None])[0],
        people=by_role.get("people", []),
        values=values,
        growth=growth,
        measure=by_role.get("measure", [None])[0],
        attr=by_role.get("attr", [None])[0],
        indicator=indicator,
        headers=list(texts),
        stated={
            role: by_role[role][0]
            for role in ("kind", "comparator", "qualifiers", "chapter")
            if role in by_role
        },
    )


_MEASURE = re.compile(
    r"^(?:[%‰℃]|个百分点|百分点|位次|倍|.{1,6}[/／].{1,4}|"
    r"(?:万|亿|千|百|十)?(?:元|吨|吨标准煤|人|人次|户|家|个|项|件|亩|千瓦时|千瓦|平方米|立方米|"
    r"公里|千米|次|台|套|辆|座|所|条|天|小时|年|标准煤|公顷|兆瓦|张|册|场|批|宗))$"
)


def measure_like(text: str) -> bool:
    """A cell that is a unit of measure (%, 亿元, 家, 吨标准煤/万元), not a unit's name."""
    key = re.sub(r"[\s\u3000（）()]+", "", text).replace("％", "%")
    return bool(_MEASURE.match(key))


def _measure_columns(table: Table, header_row: int, cols: Columns) -> frozenset[int]:
    """``单位`` columns of an indicator table whose cells are units of measure."""
    if not (cols.indicator or cols.states_targets):
        return frozenset()
    found: set[int] = set()
    for c, text in enumerate(cols.headers):
        if norm_header(text) != "单位":
            continue
        cells = [
            row[c].text.strip()
            for row in table.rows[header_row + 1 :]
            if c < len(row) and row[c].text.strip() not in ("", "—", "-", "/")
        ]
        if cells and sum(measure_like(t) for t in cells) * 2 > len(cells):
            found.add(c)
    return frozenset(found)


def find_header(table: Table, limit: int = 8) -> tuple[int, Columns] | None:
    """The header row of a table (its index) and what its columns hold."""
    for r, row in enumerate(table.rows[:limit]):
        texts = [c.text for c in row]
        cols = detect_columns(texts)
        if cols is None:
            continue
        # A two-row header (责任单位 over 牵头单位 | 配合单位): the second row refines the first.
        if r + 1 < len(table.rows):
            below = [c.text for c in table.rows[r + 1]]
            below_roles = [classify_header(t) for t in below]
            if sum(1 for x in below_roles if x in _REFINING) and all(
                (classify_header(t) is not None) or not t.strip() or t == above
                for t, above in zip(below, texts, strict=False)
            ):
                merged = [
                    b if classify_header(b) else a for a, b in zip(texts, below, strict=False)
                ]
                refined = detect_columns(merged)
                if refined is not None:
                    return r + 1, _with_measures(table, r + 1, refined)
        return r, _with_measures(table, r, cols)
    return None


def _with_measures(table: Table, header_row: int, cols: Columns) -> Columns:
    measure = _measure_columns(table, header_row, cols)
    if not measure:
        return cols
    return detect_columns(cols.headers, measure) or cols


def is_header_repeat(texts: list[str], header: list[str], cols: Columns) -> bool:
    if len(texts[cols.task]) > MAX_HEADER_LEN * 2:
        return False  # a task's wording, not a header
    if [norm_header(t) for t in texts] == [norm_header(t) for t in header]:
        return True
    again = detect_columns(texts)
    return again is not None and again.task == cols.task and again.lead == cols.lead
