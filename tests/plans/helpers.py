"""Shared helpers for the plan import tests: database snapshots, task rows read from the
database, and Word documents built from the seed's table (with edits) by the parser tests'
builders."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from gongye.audit.models import AuditEntry
from gongye.orgs.models import Unit, UnitAlias
from gongye.plans.models import Plan, PlanImport, Target, TargetMilestone, Task, TaskUnit
from gongye.plans.parsing import ParsedPlan, ParsedTask
from gongye.plans.tests.parsing.builders import (
    PAGE_BREAK,
    Block,
    Row,
    build_docx,
    seed_docx,
    seed_layout,
)

HUOSHAN = "341525"
SEED_TITLE = "霍山县2022年工业及民营经济工作意见"
MONTH_COUNTS = {1: 5, 2: 10, 3: 10, 4: 7, 5: 6, 6: 7, 7: 5, 8: 7, 9: 6, 10: 6, 11: 7, 12: 7}

TaskRow = tuple[object, ...]


def db_counts() -> dict[str, int]:
    """Row counts of everything an import could write."""
    models = (
        Plan,
        Task,
        TaskUnit,
        Target,
        TargetMilestone,
        PlanImport,
        AuditEntry,
        Unit,
        UnitAlias,
    )
    return {m.__name__: m.objects.count() for m in models}


def db_task_rows(plan: Plan, *, active: bool = True) -> list[TaskRow]:
    """(month, seq, text, due, lead, cooperating, lead 等, cooperating 等) in plan order."""
    tasks = plan.tasks.filter(is_active=active).prefetch_related("task_units__unit")
    return [
        (
            t.month,
            t.seq,
            t.text,
            t.due,
            tuple(t.lead_names),
            tuple(t.cooperating_names),
            t.lead_open_ended,
            t.cooperating_open_ended,
        )
        for t in tasks
    ]


def parsed_task_rows(parsed: ParsedPlan) -> list[TaskRow]:
    return [
        (
            t.month,
            t.seq,
            t.text,
            t.due,
            tuple(t.lead_units),
            tuple(t.cooperating_units),
            t.lead_open_ended,
            t.cooperating_open_ended,
        )
        for t in parsed.tasks
    ]


def parsed_tasks_from_db(plan: Plan) -> list[ParsedTask]:
    """The plan's active tasks as the exporter's input, read only from database rows."""
    return [
        ParsedTask(
            month=t.month,
            period_label=t.period_label,
            seq=t.seq,
            text=t.text,
            due=t.due,
            lead_units=t.lead_names,
            cooperating_units=t.cooperating_names,
            lead_open_ended=t.lead_open_ended,
            cooperating_open_ended=t.cooperating_open_ended,
            people=list(t.people),
        )
        for t in plan.tasks.filter(is_active=True).prefetch_related("task_units__unit")
    ]


@cache
def seed_word() -> bytes:
    """The Word rebuild of the seed (merged month cells, wrapped unit cells, page breaks)."""
    return seed_docx()


def seed_word_edited(edit: Callable[[list[list[str]]], None]) -> bytes:
    """The seed rebuilt as Word after ``edit`` changed its table rows in place.

    Rows are [month or "", "N.task text", lead cell, cooperating cell]; the layout (merged
    month column, header repeated where the seed repeats a month after a page break)
    follows :func:`seed_docx`."""
    paragraphs, heading, rows = seed_layout()
    header, body = rows[0], [list(r) for r in rows[1:]]
    edit(body)
    tables: list[list[Row]] = [[header]]
    seen: set[str] = set()
    for row in body:
        month = row[0]
        if month and month in seen:
            tables.append([header])
        if month:
            seen.add(month)
        tables[-1].append([month or None, *row[1:]])
    blocks: list[Block] = [*paragraphs, *heading]
    for i, table in enumerate(tables):
        if i:
            blocks.append(PAGE_BREAK)
        blocks.append(table)
    return build_docx(blocks)


def row_index(body: list[list[str]], text_start: str) -> int:
    matches = [i for i, row in enumerate(body) if row[1].startswith(text_start)]
    assert len(matches) == 1, (text_start, matches)
    return matches[0]


def small_plan_docx(lead: str, *, title: str = "霍山县2023年工业重点工作安排") -> bytes:
    """A one-task plan whose lead unit is ``lead`` (for unknown-name tests)."""
    return build_docx(
        [
            title,
            [
                ["月度", "重点工作", "牵头单位", "配合单位"],
                ["1月", "1.推进全县工业数据资源归集共享。", lead, "科技经信局、开发区"],
                [None, "2.开展数字化车间申报辅导。", "科技经信局", "开发区"],
            ],
        ]
    )
