"""Plain data shapes shared by the plan-document readers, extractors and exporters.

Nothing here touches Django: the import service turns these into model rows later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gongye.core.sheets import CellError


def _location(file: str, row: int | None, column: int | None, line: int | None) -> str:
    return CellError("", file=file, row=row, column=column, line=line).location


class ParseError(CellError):
    """A plan document that cannot be used, with a Chinese message and where it went wrong
    (the one cell-error type of ``core.sheets``). ``row`` and ``column`` are 1-based positions
    in a table (or, for paragraph problems, ``line`` is the 1-based paragraph/line number)."""


@dataclass(frozen=True)
class ParseWarning:
    """Something the plan office should look at before confirming an import."""

    message: str
    file: str
    row: int | None = None
    column: int | None = None
    line: int | None = None
    table: int | None = None

    def __str__(self) -> str:
        prefix = _location(self.file, self.row, self.column, self.line)
        if self.table is not None:
            prefix += f"（第{self.table}个表格）"
        return f"{prefix}：{self.message}"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or one line of a text file) of the document body."""

    text: str
    index: int
    line: int | None = None


@dataclass(frozen=True)
class Cell:
    """One table cell; ``row``/``col`` are 1-based. Line breaks inside the cell are "\\n"."""

    text: str
    row: int
    col: int
    line: int | None = None


@dataclass(frozen=True)
class Table:
    """A rectangular table: merged cells are already copied into every position they cover."""

    rows: list[list[Cell]]
    index: int
    name: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass
class Document:
    """A read document: its blocks in body order."""

    filename: str
    kind: str  # "docx" | "xlsx" | "text"
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(frozen=True)
class Period:
    """A deadline cell read as a date: "3月" → month 3, due 3-31; "全年" → month None, due 12-31."""

    label: str
    month: int | None
    due: date | None


@dataclass
class ParsedTask:
    """One key task (重点工作) with its lead (牵头) and cooperating (配合) units."""

    month: int | None
    period_label: str
    seq: int | None
    text: str
    due: date | None
    lead_units: list[str]
    cooperating_units: list[str]
    unresolved: list[str] = field(default_factory=list)
    lead_open_ended: bool = False
    cooperating_open_ended: bool = False
    people: list[str] = field(default_factory=list)
    source_table: int | None = None
    source_row: int | None = None
    source_col: int | None = None
    source_line: int | None = None
    # the row was an indicator (主要指标) row: its target was read with it, so its wording is
    # not scanned again for milestones
    states_target: bool = False

    @property
    def open_ended(self) -> bool:
        return self.lead_open_ended or self.cooperating_open_ended


@dataclass(frozen=True)
class Milestone:
    """A dated intermediate value of a target, read from a task (e.g. 3月 2.5亿元)."""

    due: date | None
    month: int | None
    value: Decimal
    unit: str
    comparator: str
    text: str


@dataclass
class ParsedTarget:
    """One quantitative target (目标) read from the plan's text, from a row of an indicator
    table (``source="table"``) or from the task table's wording (``source="task"``); the
    latter two name the task they were read with (its index in ``ParsedPlan.tasks``) and so
    its lead and cooperating units."""

    name: str
    kind: str  # level | growth | share | count | rank_change | upper_bound
    comparator: str  # gte | lte | eq | approx
    value: Decimal
    unit: str
    qualifiers: list[str]
    sentence: str
    chapter: str
    due: date | None = None
    milestones: list[Milestone] = field(default_factory=list)
    source: str = "body"  # "body", "table" or "task"
    paragraph: int | None = None
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    task_index: int | None = None


@dataclass(frozen=True)
class Amount:
    """A money amount as written (200, "万元") with its value in yuan."""

    value: Decimal
    unit: str

    @property
    def yuan(self) -> Decimal:
        factor = {
            "亿元": Decimal(100_000_000),
            "万元": Decimal(10_000),
            "元": Decimal(1),
        }
        return self.value * factor.get(self.unit, Decimal(1))


@dataclass
class ParsedMoneyRule:
    """A money rule of the plan (奖补、奖励、专项资金), kept as text for the incentives module."""

    text: str
    chapter: str
    amounts: list[Amount]
    sentence: str = ""
    paragraph: int | None = None


@dataclass
class ParsedPlan:
    """Everything read from one plan document, before anything is written."""

    title: str
    year: int | None
    targets: list[ParsedTarget]
    tasks: list[ParsedTask]
    money_rules: list[ParsedMoneyRule]
    warnings: list[ParseWarning]
    filename: str = ""
    kind: str = ""
    # {month: percent of the year's work due by that month's end} (序时节点), as stated
    checkpoints: dict[int, Decimal] = field(default_factory=dict)

    @property
    def unresolved_units(self) -> list[str]:
        seen: dict[str, None] = {}
        for task in self.tasks:
            for name in task.unresolved:
                seen.setdefault(name, None)
        return list(seen)
