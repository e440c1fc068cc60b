"""The layout table (issue 11, item 15): task and indicator tables as counties, cities and
ministries publish them, each built as Word, Excel and/or Word-exported text, each read to the
tasks (text, period, lead and cooperating units) and the targets (name, kind, comparator,
value, unit, lead units, due date) it states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongye.plans.parsing import ParsedPlan, parse_plan

from .shapes.layouts import LAYOUTS, Layout
from .shapes.registers import REGISTERS

CASES = [(layout, fmt) for layout in LAYOUTS for fmt in layout.formats]


def _read(layout: Layout, fmt: str) -> ParsedPlan:
    data, name = layout.document(fmt)
    return parse_plan(data, name, REGISTERS[layout.register]())


def _layout(layout_id: str) -> Layout:
    return next(layout for layout in LAYOUTS if layout.id == layout_id)


def test_the_table_has_at_least_ten_layouts_in_every_format() -> None:
    assert len(LAYOUTS) >= 10
    assert len({layout.id for layout in LAYOUTS}) == len(LAYOUTS)
    assert {fmt for layout in LAYOUTS for fmt in layout.formats} == {"docx", "xlsx", "txt"}
    assert {layout.register for layout in LAYOUTS} == {"county", "city", "ministry"}


@pytest.mark.parametrize(("layout", "fmt"), CASES, ids=[f"{lay.id}-{f}" for lay, f in CASES])
def test_layout_tasks(layout: Layout, fmt: str) -> None:
    plan = _read(layout, fmt)
    got = [(t.text, t.period_label, t.month, t.lead_units, t.cooperating_units) for t in plan.tasks]
    assert got == [tuple(row) for row in layout.tasks]
    assert all(t.unresolved == [] for t in plan.tasks)
    assert [w for w in plan.warnings if "单位" in w.message] == []


@pytest.mark.parametrize(("layout", "fmt"), CASES, ids=[f"{lay.id}-{f}" for lay, f in CASES])
def test_layout_targets(layout: Layout, fmt: str) -> None:
    plan = _read(layout, fmt)
    got = [
        (t.name, t.kind, t.comparator, t.value, t.unit, t.lead_units, t.due) for t in plan.targets
    ]
    assert got == [
        (n, k, c, Decimal(v), u, lead, date.fromisoformat(due))
        for n, k, c, v, u, lead, due in layout.targets
    ]
    for target in plan.targets:  # a target with a lead names the task it was read with
        if target.lead_units:
            assert target.task_index is not None
            assert plan.tasks[target.task_index].lead_units == target.lead_units


def test_indicator_attributes_and_five_year_totals_are_qualifiers() -> None:
    plan = _read(_layout("five-year-main-indicators"), "xlsx")
    by_name = {t.name: t for t in plan.targets}
    assert by_name["高新技术企业数"].qualifiers == ["预期性"]
    assert by_name["单位工业增加值能耗降低"].qualifiers == ["约束性", "累计"]
    assert all(t.source == "table" for t in plan.targets)


def test_a_monthly_task_restating_an_indicator_is_its_milestone() -> None:
    plan = _read(_layout("workbook-indicators-and-monthly-tasks"), "xlsx")
    target = next(t for t in plan.targets if t.name == "新增规上工业企业")
    assert target.source == "table"
    assert [(m.month, m.value) for m in target.milestones] == [(6, 15), (12, 30)]


def test_a_body_target_restated_in_a_table_is_one_target_with_its_lead() -> None:
    plan = _read(_layout("body-targets-restated-in-indicator-table"), "docx")
    growth = [t for t in plan.targets if "增加值增长" in t.name]
    assert len(growth) == 1
    assert growth[0].lead_units == ["经信局"] and growth[0].chapter == "一、总体目标"
    assert growth[0].value == Decimal(9)


def test_indicator_rows_are_not_scanned_again_for_task_targets() -> None:
    plan = _read(_layout("county-tasks-with-target-column"), "docx")
    assert [t.source for t in plan.targets] == ["table"] * 4
    assert [t.states_target for t in plan.tasks] == [True, True, True, False, True]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_targets_table_export_reads_back_to_the_same_targets(fmt: str) -> None:
    """The exported targets table is an indicator table too: read back, it states the same
    targets (kind, comparator, qualifiers, deadline and chapter as written)."""
    from gongye.plans.parsing import export_targets_docx, export_targets_xlsx
    from gongye.plans.tests.parsing.builders import seed_bytes
    from gongye.plans.tests.parsing.huoshan_units import huoshan_resolver

    seed = parse_plan(seed_bytes(), "seed.txt", huoshan_resolver())
    export = {"docx": export_targets_docx, "xlsx": export_targets_xlsx}[fmt]
    back = parse_plan(export(seed.targets, "霍山县2022年主要目标"), f"t.{fmt}", huoshan_resolver())

    def key(t):  # type: ignore[no-untyped-def]
        return (t.name, t.kind, t.comparator, t.value, t.unit, t.qualifiers, t.due, t.chapter)

    assert [key(t) for t in back.targets] == [key(t) for t in seed.targets]
    assert back.tasks == [] and back.warnings == []
