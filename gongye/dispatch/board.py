"""The 督办 board's grouping and date maths, and its spreadsheets, as pure functions over task
lists (no ORM): month board by state, month and quarter calendars, the filtered list's counts,
the year timeline. Views read the tasks once through ``selectors.task_list_for`` and pass them
here, so the number of queries never depends on the number of tasks.

A task here is a ``plans.Task`` as ``task_list_for`` returns it: ``supervision`` (its
``TaskState``) selected, ``task_units`` prefetched, ``colour`` annotated.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.core.periods import (  # noqa: F401  (re-exported for the board's callers)
    default_month,
    default_year,
    month_bounds,
    quarter_bounds,
    quarter_of,
)
from gongye.core.xlsx import (  # noqa: F401  (the board's sheets are the office's sheets)
    BODY_FONT,
    HEADER_FONT,
    HEADER_ROW,
    TITLE_FONT,
    XLSX_FILLS,
    Sheet,
    xlsx_bytes,
)
from gongye.plans.choices import UnitRole
from gongye.supervision.choices import Colour, TaskProgressState
from gongye.supervision.labels import task_label  # noqa: F401  (cited by the exports)

# Columns of the month board, in the order work moves (issue 4: 未开始, 推进中, 已完成, 滞后).
STATE_ORDER: tuple[str, ...] = (
    TaskProgressState.NOT_STARTED,
    TaskProgressState.IN_PROGRESS,
    TaskProgressState.DONE,
    TaskProgressState.LATE,
)
COLOUR_ORDER: tuple[str, ...] = (Colour.RED, Colour.YELLOW, Colour.GREEN)
# lazy: a page shows them in its language, an export (written in Chinese) in Chinese
STATE_LABELS = {s.value: s.label for s in TaskProgressState}
COLOUR_LABELS = {c.value: c.label for c in Colour}
ROLE_LABELS: dict[str, Any] = {UnitRole.LEAD: _("牵头"), UnitRole.COOPERATING: _("配合")}


# --------------------------------------------------------------------------- task facts


def task_state(task: Any) -> Any | None:
    """The task's ``TaskState`` or None (a task created before supervision existed)."""
    try:
        return task.supervision
    except Exception:  # RelatedObjectDoesNotExist is model-specific; any miss means "none yet"
        return None


def due_of(task: Any) -> dt.date | None:
    """The current deadline: after any postponement, else the plan's."""
    state = task_state(task)
    if state is not None and state.due is not None:
        return state.due
    return task.due


def state_of(task: Any) -> str:
    state = task_state(task)
    return state.state if state is not None else TaskProgressState.NOT_STARTED


def percent_of(task: Any) -> int:
    state = task_state(task)
    return state.percent if state is not None else 0


def closed_on(task: Any) -> dt.date | None:
    state = task_state(task)
    if state is None or state.closed_at is None:
        return None
    return timezone.localdate(state.closed_at)


def colour_of(task: Any) -> str:
    return getattr(task, "colour", None) or Colour.GREEN


def units_text(task: Any, role: str) -> str:
    names = task.unit_names(role)
    open_ended = task.lead_open_ended if role == UnitRole.LEAD else task.cooperating_open_ended
    text = "、".join(names)
    return text + "等" if text and open_ended else text


# --------------------------------------------------------------------------- periods


# month_bounds, quarter_of, quarter_bounds, default_month and default_year are the product's
# one set of period rules (core.periods); imported here for the board's callers.


# --------------------------------------------------------------------------- counts and groups


def colour_counts(tasks: Iterable[Any]) -> dict[str, int]:
    counts = dict.fromkeys(COLOUR_ORDER, 0)
    for t in tasks:
        counts[colour_of(t)] = counts.get(colour_of(t), 0) + 1
    return counts


def state_counts(tasks: Iterable[Any]) -> dict[str, int]:
    counts = dict.fromkeys(STATE_ORDER, 0)
    for t in tasks:
        counts[state_of(t)] = counts.get(state_of(t), 0) + 1
    return counts


@dataclass
class Column:
    """One column of the month board: the tasks whose reported state is ``state``."""

    state: str
    label: str
    tasks: list[Any]
    counts: dict[str, int]


def board_columns(tasks: Iterable[Any]) -> list[Column]:
    """未开始 | 推进中 | 已完成 | 滞后, each with its tasks (red first, then by deadline) and
    colour counts. The column is what the unit reported; the colour is what the clock says, so
    a 推进中 card can be red."""
    grouped: dict[str, list[Any]] = {s: [] for s in STATE_ORDER}
    for t in tasks:
        grouped.setdefault(state_of(t), []).append(t)
    rank = {c: i for i, c in enumerate(COLOUR_ORDER)}
    return [
        Column(
            state=s,
            label=str(STATE_LABELS[s]),
            tasks=sorted(
                grouped[s],
                key=lambda t: (rank.get(colour_of(t), 9), due_of(t) or dt.date.max, t.position),
            ),
            counts=colour_counts(grouped[s]),
        )
        for s in STATE_ORDER
    ]


@dataclass
class Day:
    date: dt.date
    in_month: bool
    tasks: list[Any] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return colour_counts(self.tasks)


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list[list[Day]]
    tasks: list[Any]  # the month's tasks by deadline

    @property
    def counts(self) -> dict[str, int]:
        return colour_counts(self.tasks)


def by_due(tasks: Iterable[Any]) -> list[Any]:
    return sorted(tasks, key=lambda t: (due_of(t) or dt.date.max, t.position))


def month_grid(year: int, month: int, tasks: Iterable[Any]) -> MonthGrid:
    """Weeks (Monday first) of the month, each day holding the tasks whose current deadline it
    is. Tasks due outside the month are left out."""
    first, last = month_bounds(year, month)
    mine = [t for t in by_due(tasks) if (d := due_of(t)) is not None and first <= d <= last]
    on_day: dict[dt.date, list[Any]] = {}
    for t in mine:
        on_day.setdefault(due_of(t), []).append(t)  # type: ignore[arg-type]
    weeks = [
        [Day(d, d.month == month, on_day.get(d, []) if d.month == month else []) for d in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return MonthGrid(year, month, weeks, mine)


def quarter_grids(year: int, quarter: int, tasks: Iterable[Any]) -> list[MonthGrid]:
    tasks = list(tasks)
    first = 3 * (quarter - 1) + 1
    return [month_grid(year, m, tasks) for m in range(first, first + 3)]


def due_groups(tasks: Iterable[Any]) -> list[tuple[dt.date | None, list[Any]]]:
    """Tasks grouped by their current deadline, in date order."""
    groups: dict[dt.date | None, list[Any]] = {}
    for t in by_due(tasks):
        groups.setdefault(due_of(t), []).append(t)
    return list(groups.items())


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Cell:
    month: int
    span: bool  # inside the task's window: its plan month to its current deadline
    due: bool  # the deadline falls in this month
    closed: bool  # the plan office closed it in this month
    carries_on: bool = False  # the deadline lies beyond this year
    starts: bool = False  # first month of the bar
    ends: bool = False  # last month of the bar

    @property
    def text(self) -> str:
        """What the spreadsheet writes in the cell."""
        if self.closed:
            return "办结"
        if self.due:
            return "到期"
        if self.carries_on:
            return "→"
        return "▬" if self.span else ""


@dataclass
class TimelineRow:
    task: Any
    colour: str
    cells: list[Cell]


def timeline_rows(tasks: Iterable[Any], year: int) -> list[TimelineRow]:
    """One row per task, twelve cells: the bar runs from the task's plan month to the month of
    its current deadline (a postponement lengthens it), the deadline and the closing are marked.
    """
    rows = []
    for t in sorted(tasks, key=lambda t: (t.month or 13, t.position)):
        due = due_of(t)
        if due is None or due.year > year:
            end, beyond = 12, due is not None
        elif due.year < year:
            end, beyond = 0, False
        else:
            end, beyond = due.month, False
        start = t.month or (end if end else 1)
        start = min(start, end) if end else start
        done = closed_on(t)
        closed_month = done.month if done and done.year == year else None
        cells = [
            Cell(
                month=m,
                span=start <= m <= end,
                due=m == end and not beyond and due is not None,
                closed=m == closed_month,
                carries_on=beyond and m == 12,
                starts=m == start and start <= end,
                ends=m == end and start <= end and not beyond,
            )
            for m in range(1, 13)
        ]
        rows.append(TimelineRow(task=t, colour=colour_of(t), cells=cells))
    return rows


# --------------------------------------------------------------------------- spreadsheets


TASK_HEADERS = (
    "月度",
    "序号",
    "重点工作",
    "牵头单位",
    "配合单位",
    "当前完成时限",
    "状态",
    "完成百分比",
    "颜色",
    "办结日期",
)
TASK_WIDTHS = (8, 6, 56, 18, 24, 13, 9, 10, 7, 12)


def task_cells(task: Any) -> list[Any]:
    due = due_of(task)
    done = closed_on(task)
    return [
        task.period_label,
        task.seq,
        task.text,
        units_text(task, UnitRole.LEAD),
        units_text(task, UnitRole.COOPERATING),
        due.isoformat() if due else "",
        str(STATE_LABELS.get(state_of(task), state_of(task))),
        percent_of(task),
        str(COLOUR_LABELS.get(colour_of(task), "")),
        done.isoformat() if done else "",
    ]


def _duty_column(tasks: Sequence[Any]) -> bool:
    return any(getattr(t, "my_duty", None) for t in tasks)


def _region_column(tasks: Sequence[Any]) -> bool:
    return len({t.plan.region_id for t in tasks}) > 1


def task_table(tasks: Sequence[Any], *, first: tuple[str, Any] | None = None) -> Sheet:
    """The common task table; a liaison's copy says which duty its unit has, a city's copy which
    county the task belongs to. ``first`` = (header, function of the task) adds a leading column.
    """
    headers: list[str] = list(TASK_HEADERS)
    widths: list[float] = list(TASK_WIDTHS)
    duty, region = _duty_column(tasks), _region_column(tasks)
    if duty:
        headers.append("本单位职责")
        widths.append(10)
    if region:
        headers.insert(0, "区划")
        widths.insert(0, 10)
    if first:
        headers.insert(0, first[0])
        widths.insert(0, 10)
    rows, fills = [], []
    for t in tasks:
        row = task_cells(t)
        if duty:
            row.append(str(ROLE_LABELS.get(getattr(t, "my_duty", ""), "")))
        if region:
            row.insert(0, t.plan.region.name)
        if first:
            row.insert(0, first[1](t))
        rows.append(row)
        fills.append({headers.index("颜色"): colour_of(t)})
    return Sheet(title="", headers=headers, rows=rows, widths=widths, fills=fills)


def board_sheet(columns: Sequence[Column]) -> Sheet:
    """The board as a table: each column's tasks in the order the board shows them."""
    tasks = [t for c in columns for t in c.tasks]
    return task_table(tasks, first=("看板列", lambda t: str(STATE_LABELS.get(state_of(t), ""))))


def timeline_sheet(rows: Sequence[TimelineRow]) -> Sheet:
    sheet = task_table([r.task for r in rows])
    sheet.headers += [f"{m}月" for m in range(1, 13)]
    sheet.widths += [6] * 12
    base = len(sheet.rows[0]) if sheet.rows else 0
    for row, fill, timeline in zip(sheet.rows, sheet.fills, rows, strict=True):
        row.extend(c.text for c in timeline.cells)
        for i, c in enumerate(timeline.cells):
            if c.span or c.closed:
                fill[base + i] = timeline.colour
    return sheet
