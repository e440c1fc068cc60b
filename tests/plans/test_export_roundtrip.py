"""Exporting the plan's task table from the database and importing it back (issue 3, item 7):
the official tables carry every task and unit of the stored plan."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry
from gongye.plans.models import Task
from gongye.plans.parsing import (
    ParsedTarget,
    export_targets_xlsx,
    export_tasks_docx,
    export_tasks_xlsx,
)
from gongye.plans.services import plan_apply_parsed, plan_document_parse

from .helpers import MONTH_COUNTS, db_task_rows, parsed_task_rows, parsed_tasks_from_db

pytestmark = pytest.mark.django_db

TITLE = "2022年度全县工业及民营经济重点工作明细表"
EXPORTERS = {
    "docx": lambda tasks: export_tasks_docx(tasks, TITLE),
    "docx-portrait": lambda tasks: export_tasks_docx(tasks, TITLE, landscape=False),
    "xlsx": lambda tasks: export_tasks_xlsx(tasks, TITLE),
}


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_exported_table_reads_back_to_the_stored_tasks(seed_plan, huoshan, fmt):
    plan = seed_plan.plan
    stored = db_task_rows(plan)
    data = EXPORTERS[fmt](parsed_tasks_from_db(plan))

    parsed, _ = plan_document_parse(region=huoshan, data=data, filename=f"导出.{fmt[:4]}")

    assert (parsed.title, parsed.year) == (TITLE, 2022)
    assert parsed.unresolved_units == []
    assert len(parsed.tasks) == 83
    assert {m: sum(1 for t in parsed.tasks if t.month == m) for m in MONTH_COUNTS} == MONTH_COUNTS
    assert parsed_task_rows(parsed) == stored


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_reimporting_an_export_leaves_every_task_as_it_was(seed_plan, huoshan, plan_office, fmt):
    plan = seed_plan.plan
    stored = db_task_rows(plan)
    ids = list(plan.tasks.values_list("pk", flat=True))
    audit = AuditEntry.objects.filter(target_type="plans.task").count()
    data = EXPORTERS[fmt](parsed_tasks_from_db(plan))
    parsed, resolver = plan_document_parse(region=huoshan, data=data, filename=f"导出.{fmt}")

    result = plan_apply_parsed(
        actor=plan_office, region=huoshan, parsed=parsed, resolver=resolver, filename=f"导出.{fmt}"
    )

    assert result.plan.pk == plan.pk and result.created is False
    assert result.tasks == {"unchanged": 83, "changed": 0, "added": 0, "removed": 0}
    assert list(plan.tasks.values_list("pk", flat=True)) == ids
    assert Task.objects.filter(plan=plan, is_active=False).count() == 0
    assert db_task_rows(plan) == stored
    assert AuditEntry.objects.filter(target_type="plans.task").count() == audit


def test_reimporting_an_exported_task_table_keeps_the_plans_targets(
    seed_plan, huoshan, plan_office
):
    plan = seed_plan.plan
    active = set(plan.targets.filter(is_active=True).values_list("pk", flat=True))
    data = export_tasks_xlsx(parsed_tasks_from_db(plan), TITLE)
    parsed, resolver = plan_document_parse(region=huoshan, data=data, filename="导出.xlsx")

    result = plan_apply_parsed(
        actor=plan_office, region=huoshan, parsed=parsed, resolver=resolver, filename="导出.xlsx"
    )

    assert result.targets["removed"] == 0
    assert set(plan.targets.filter(is_active=True).values_list("pk", flat=True)) == active


def test_export_of_a_revised_plan_carries_the_revision(seed_plan, huoshan, unit):
    """What is exported is the database's state, not the document first imported."""
    plan = seed_plan.plan
    task = plan.tasks.get(month=5, seq=3)
    task.task_units.create(unit=unit("税务局"), role="cooperating", position=9)
    withdrawn = plan.tasks.get(month=7, seq=5)
    withdrawn.is_active = False
    withdrawn.save()

    data = export_tasks_xlsx(parsed_tasks_from_db(plan), TITLE)
    parsed, _ = plan_document_parse(region=huoshan, data=data, filename="导出.xlsx")

    assert len(parsed.tasks) == 82
    again = {(t.month, t.seq): t for t in parsed.tasks}
    assert (7, 5) not in again
    assert again[(5, 3)].cooperating_units == ["统计局", "开发区", "相关乡镇", "税务局"]


def test_targets_table_export_from_the_database(seed_plan):
    targets = [
        ParsedTarget(
            name=t.name,
            kind=t.kind,
            comparator=t.comparator,
            value=t.value,
            unit=t.unit,
            qualifiers=list(t.qualifiers),
            sentence=t.sentence,
            chapter=t.chapter,
            due=t.due,
            source=t.source,
        )
        for t in seed_plan.plan.targets.filter(is_active=True)
    ]
    sheet = load_workbook(io.BytesIO(export_targets_xlsx(targets, "主要目标任务表"))).active
    assert sheet is not None
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row and "指标名称" in row)
    name_col = rows[header].index("指标名称")
    value_col = rows[header].index("目标值")
    unit_col = rows[header].index("计量单位")
    body = [r for r in rows[header + 1 :] if r[name_col]]
    assert [r[name_col] for r in body] == [t.name for t in targets]
    by_name = {r[name_col]: r for r in body}
    assert Decimal(str(by_name["规上工业产值"][value_col])) == Decimal("200")
    assert by_name["规上工业产值"][unit_col] == "亿元"
    assert Decimal(str(by_name["规上工业增加值增长"][value_col])) == Decimal("12")
