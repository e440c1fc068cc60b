"""board.py's pure functions on plain stand-ins for tasks: columns, calendar grids, the
timeline's bars, the period defaults."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from gongye.dispatch import board as b


def task(pk, *, month=6, due=None, state="not_started", colour="green", closed=None, seq=None):
    supervision = SimpleNamespace(
        due=due or dt.date(2022, month, 28),
        state=state,
        percent=0,
        closed_at=closed,
        was_overdue=False,
    )
    return SimpleNamespace(
        pk=pk,
        position=pk,
        month=month,
        seq=seq or pk,
        period_label=f"{month}月",
        due=supervision.due,
        supervision=supervision,
        colour=colour,
    )


def test_board_columns_keep_state_order_and_put_red_first():
    tasks = [
        task(1, state="in_progress", colour="green"),
        task(2, state="in_progress", colour="red"),
        task(3, state="late", colour="yellow"),
        task(4, state="done", colour="green"),
    ]
    columns = b.board_columns(tasks)
    assert [c.label for c in columns] == ["未开始", "推进中", "已完成", "滞后"]
    assert [t.pk for t in columns[1].tasks] == [2, 1]
    assert columns[1].counts == {"red": 1, "yellow": 0, "green": 1}
    assert [len(c.tasks) for c in columns] == [0, 2, 1, 1]


def test_month_grid_places_tasks_on_their_due_day_monday_first():
    tasks = [
        task(1, due=dt.date(2022, 6, 30)),
        task(2, due=dt.date(2022, 6, 1)),
        task(3, due=dt.date(2022, 7, 1)),
    ]
    grid = b.month_grid(2022, 6, tasks)
    assert grid.weeks[0][0].date == dt.date(2022, 5, 30)  # a Monday, outside June
    assert not grid.weeks[0][0].in_month
    days = {d.date: [t.pk for t in d.tasks] for week in grid.weeks for d in week if d.tasks}
    assert days == {dt.date(2022, 6, 1): [2], dt.date(2022, 6, 30): [1]}
    assert [t.pk for t in grid.tasks] == [2, 1]


def test_quarter_grids_cover_three_months():
    grids = b.quarter_grids(2022, 2, [task(1, due=dt.date(2022, 5, 31))])
    assert [g.month for g in grids] == [4, 5, 6]
    assert [len(g.tasks) for g in grids] == [0, 1, 0]


def test_timeline_bar_runs_from_plan_month_to_current_deadline():
    postponed = task(1, month=3, due=dt.date(2022, 5, 15))
    closed = task(
        2, month=4, due=dt.date(2022, 4, 30), closed=dt.datetime(2022, 4, 20, 2, tzinfo=dt.UTC)
    )
    next_year = task(3, month=11, due=dt.date(2023, 2, 1))
    rows = {r.task.pk: r for r in b.timeline_rows([postponed, closed, next_year], 2022)}
    assert [c.text for c in rows[1].cells[1:6]] == ["", "▬", "▬", "到期", ""]
    assert rows[1].cells[2].starts and rows[1].cells[4].ends
    assert rows[2].cells[3].text == "办结"
    assert [c.text for c in rows[3].cells[9:]] == ["", "▬", "→"]
    assert not rows[3].cells[11].ends


def test_period_defaults():
    today = dt.date(2026, 11, 27)
    assert b.default_year([2022], today) == 2022
    assert b.default_year([2022, 2026], today) == 2026
    assert b.default_month(2022, today) == 12
    assert b.default_month(2026, today) == 11
    assert b.default_month(2027, today) == 1
    assert b.quarter_bounds(2022, 2) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
