"""The statistics import as the bureau meets it (issue 11, item 13): a count of enterprises
(家) takes whole numbers only; imported figures replace demo figures and clear the 演示数据
badge; the sheet it downloads holds the figures there are, so it checks what it corrects; and
the demo's other counties count in whole numbers too."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry
from gongye.indicators.demo import (
    demo_city_load,
    demo_counts_make_whole,
    demo_observations_load,
)
from gongye.indicators.models import Observation
from gongye.indicators.selectors import target_list_page
from gongye.indicators.services import (
    observation_record,
    statistics_import,
    statistics_template,
)
from gongye.indicators.stats_sheet import DEMO_FILL
from gongye.plans.models import Plan, Target
from tests.conftest import HUOSHAN

JULY = dt.date(2022, 7, 5)
COUNTED_PLAN = (
    "霍山县2022年计数测试工作意见\n一、总体目标\n"
    "力争规上工业产值突破200亿元，新增规上工业企业15家，全县有效高企达到60家。\n"
    "附件：重点工作明细表\n\n"
    "\t月度\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t1月\n\t1.完成测试工作。\n\t科技经信局\n\t开发区\n"
)
# the sheet's rows: header on row 2, then one row per target in seq order
OUTPUT, NEW_FIRMS, HIGH_TECH = 3, 4, 5
FIRMS_JAN_FEB = {(NEW_FIRMS, 1): 3, (NEW_FIRMS, 2): 5}


@pytest.fixture(autouse=True)
def _chinese(settings):
    """Each test starts in Chinese (a request in English leaves its language active)."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def plan(org) -> Plan:
    """产值 200亿元 (an amount), 新增规上工业企业 15家 (a count), 有效高企 60家 (a stock, 家)."""
    from gongye.plans.services import plan_apply_parsed, plan_document_parse

    parsed, resolver = plan_document_parse(
        region=org[HUOSHAN], data=COUNTED_PLAN.encode(), filename="c.txt"
    )
    plan = plan_apply_parsed(
        actor=None, region=org[HUOSHAN], parsed=parsed, resolver=resolver, filename="c.txt"
    ).plan
    kinds = [(t.name, t.kind, t.unit) for t in plan.targets.order_by("seq")]
    assert kinds == [
        ("规上工业产值", "level", "亿元"),
        ("新增规上工业企业", "count", "家"),
        ("全县有效高企", "level", "家"),
    ]
    return plan


def _target(plan: Plan, seq: int) -> Target:
    return plan.targets.get(seq=seq)


def _sheet(plan: Plan, cells: dict[tuple[int, int], object]) -> bytes:
    """The downloaded sheet with ``cells`` ((row, month) → value) typed over it."""
    wb = load_workbook(io.BytesIO(statistics_template(plan, as_of=JULY)))
    ws = wb.worksheets[0]
    for (row, month), value in cells.items():
        ws.cell(row=row, column=4 + month).value = value  # None empties the cell
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _import(plan, statistics, cells, filename="统计.xlsx"):
    return statistics_import(
        actor=statistics, plan=plan, data=_sheet(plan, cells), filename=filename, as_of=JULY
    )


# --------------------------------------------------------------------------- whole numbers


def test_a_count_of_enterprises_refuses_a_fraction_naming_file_row_and_column(plan, statistics):
    cells = {(NEW_FIRMS, 1): 2.5, (NEW_FIRMS, 2): 4, (HIGH_TECH, 3): 52.5, (OUTPUT, 1): 12.5}
    with pytest.raises(ValidationError) as refused:
        _import(plan, statistics, cells, filename="6月统计.xlsx")
    assert refused.value.messages == [
        "文件“6月统计.xlsx”第4行E列：“新增规上工业企业”以“家”计，须为整数，这里是2.5。",
        "文件“6月统计.xlsx”第5行G列：“全县有效高企”以“家”计，须为整数，这里是52.5。",
    ]
    assert not Observation.objects.exists()  # all or nothing
    # whole numbers pass, and an amount keeps its decimals
    written = _import(plan, statistics, {**cells, (NEW_FIRMS, 1): 2, (HIGH_TECH, 3): 52})
    assert sorted((o.target.seq, o.month, o.value) for o in written) == [
        (1, 1, Decimal("12.5")),
        (2, 1, Decimal("2")),
        (2, 2, Decimal("4")),
        (3, 3, Decimal("52")),
    ]


def test_the_upload_page_lists_the_refusal(client, plan, statistics):
    client.force_login(statistics)
    upload = io.BytesIO(_sheet(plan, {(NEW_FIRMS, 1): "2.5"}))
    upload.name = "统计.xlsx"
    response = client.post(
        reverse("indicators:statistics_upload", kwargs={"plan_pk": plan.pk}), {"file": upload}
    )
    assert response.status_code == 400
    assert (
        "第4行E列：“新增规上工业企业”以“家”计，须为整数，这里是2.5。" in response.content.decode()
    )
    client.cookies["django_language"] = "en"
    upload.seek(0)
    english = client.post(
        reverse("indicators:statistics_upload", kwargs={"plan_pk": plan.pk}), {"file": upload}
    ).content.decode()
    assert "is counted in 家 and must be a whole number; here it is 2.5." in english


def test_the_entry_form_refuses_a_fraction_of_a_count_too(plan, statistics):
    with pytest.raises(ValidationError) as refused:
        observation_record(
            actor=statistics,
            target=_target(plan, 2),
            year=2022,
            month=3,
            measure="cumulative",
            value=Decimal("2.5"),
            as_of=JULY,
        )
    assert refused.value.message_dict["value"] == [
        "“新增规上工业企业”以“家”计，须为整数，这里是2.5。"
    ]


def test_the_sheet_marks_counted_rows_as_whole_numbers(plan):
    ws = load_workbook(io.BytesIO(statistics_template(plan))).worksheets[0]
    rules = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    assert rules == {"E3:P3": "decimal", "E4:P4": "whole", "E5:P5": "whole"}
    assert ws.cell(NEW_FIRMS, 5).number_format == "0"
    assert ws.cell(OUTPUT, 5).number_format != "0"


# --------------------------------------------------------------------------- demo figures


def test_imported_figures_replace_the_demo_and_clear_the_badge(client, plan, statistics, persona):
    demo_observations_load(plan=plan)
    assert target_list_page(plan).demo
    # the bureau's figures for the count of new enterprises, January to June (the sheet
    # showed the demo's, shaded; it types its own over them)
    _import(plan, statistics, {(NEW_FIRMS, m): v for m, v in enumerate((3, 5, 8, 8, 9, 11), 1)})
    firms = _target(plan, 2).observations.order_by("month")
    assert [(o.month, o.value, o.is_demo, o.source) for o in firms] == [
        (m, Decimal(v), False, "statistics") for m, v in enumerate((3, 5, 8, 8, 9, 11), 1)
    ]  # the demo's July–December went with it: no made-up December after a real June
    removed = AuditEntry.objects.get(verb="delete", target_type="plans.target")
    # January, written over, is the bureau's now; February–December went
    assert removed.before["months"] == list(range(2, 13))
    rows = {r.name: r for r in target_list_page(plan).rows}
    assert not rows["新增规上工业企业"].is_demo and rows["规上工业产值"].is_demo
    client.force_login(persona("county_leader"))
    detail = client.get(reverse("indicators:target_detail", args=[_target(plan, 2).pk]))
    assert 'id="demo-badge"' not in detail.content.decode()
    # once every target has the bureau's figures, no page says 演示数据
    _import(plan, statistics, {(OUTPUT, 6): 130, (HIGH_TECH, 6): 55})
    assert not target_list_page(plan).demo
    assert not Observation.objects.filter(is_demo=True).exists()
    listing = client.get(reverse("indicators:target_list"), {"region": HUOSHAN, "year": 2022})
    assert 'id="demo-badge"' not in listing.content.decode()


def test_a_real_total_is_not_held_below_a_demo_one(plan, statistics):
    demo_observations_load(plan=plan)
    may = _target(plan, 1).observations.get(measure="cumulative", month=5).value
    observation_record(
        actor=statistics,
        target=_target(plan, 1),
        year=2022,
        month=6,
        measure="cumulative",
        value=may - 10,  # below the demo's May: the demo is no figure to compare with
        as_of=JULY,
    )


# --------------------------------------------------------------------------- the filled sheet


def test_the_sheet_holds_the_figures_there_are_with_demo_ones_shaded(plan, statistics):
    demo_observations_load(plan=plan)
    _import(plan, statistics, {(NEW_FIRMS, m): None for m in range(3, 7)} | FIRMS_JAN_FEB)
    wb = load_workbook(io.BytesIO(statistics_template(plan, as_of=JULY)))
    ws = wb.worksheets[0]
    demo_output = {
        o.month: o.value
        for o in _target(plan, 1).observations.filter(measure="cumulative", is_demo=True)
    }
    # January–June as the platform holds them; July on has not ended (the demo's later
    # months are left out: the bureau could not upload them back)
    assert [ws.cell(OUTPUT, 4 + m).value for m in range(1, 13)] == [
        *(float(demo_output[m]) for m in range(1, 7)),
        *([None] * 6),
    ]
    assert all(ws.cell(OUTPUT, 4 + m).fill.fgColor.rgb.endswith(DEMO_FILL) for m in range(1, 7))
    # the bureau's own figures, unshaded, whole numbers as whole numbers; empty months empty
    assert [ws.cell(NEW_FIRMS, 4 + m).value for m in (1, 2, 3)] == [3, 5, None]
    assert not ws.cell(NEW_FIRMS, 5).fill.fgColor.rgb.endswith(DEMO_FILL)
    helptext = " ".join(str(c.value) for c in wb["填表说明"]["A"])
    assert "已填入系统现有的数据" in helptext and "演示数据" in helptext


def test_cells_left_as_they_were_change_nothing(plan, statistics):
    demo_observations_load(plan=plan)
    demo_before = Observation.objects.filter(is_demo=True).count()
    # the downloaded sheet uploaded with one change: the output's June
    written = _import(plan, statistics, {(OUTPUT, 6): 120})
    assert [(o.target.seq, o.month) for o in written] == [(1, 6)]
    entry = AuditEntry.objects.filter(verb="import", target_type="plans.plan").latest("id")
    # three targets × January–June in the sheet, one of them changed
    assert (entry.after["observations"], entry.after["unchanged"]) == (1, 17)
    # the output's demo figures made way for the real June (24: cumulative and growth);
    # the other targets' demo figures, untouched in the sheet, are still marked demo
    assert Observation.objects.filter(is_demo=True).count() == demo_before - 24
    assert not _target(plan, 1).observations.filter(is_demo=True).exists()
    # the same sheet again: nothing to write
    again = statistics_import(
        actor=statistics,
        plan=plan,
        data=statistics_template(plan, as_of=JULY),
        filename="统计.xlsx",
        as_of=JULY,
    )
    assert again == []


def test_the_download_is_named_after_the_county(client, plan, statistics):
    client.force_login(statistics)
    response = client.get(reverse("indicators:statistics_template", kwargs={"plan_pk": plan.pk}))
    assert "%E9%9C%8D%E5%B1%B1%E5%8E%BF2022" in response["Content-Disposition"]  # 霍山县2022


# --------------------------------------------------------------------------- the demo counties


def test_the_demo_counties_count_in_whole_numbers(plan):
    created = demo_city_load(model_code=HUOSHAN)
    assert len(created) == 6
    for county in created:
        targets = {t.seq: t for t in county.targets.all()}
        for seq in (2, 3):  # 新增规上工业企业 (count), 全县有效高企 (level, 家)
            target = targets[seq]
            assert target.value == target.value.to_integral_value() and target.value >= 1
            values = target.observations.filter(measure="cumulative").values_list(
                "value", flat=True
            )
            assert len(values) == 12
            assert all(v == v.to_integral_value() for v in values), (county, seq)


def test_old_demo_data_is_made_whole_once(plan):
    [county] = demo_city_load(model_code=HUOSHAN)[:1]
    firms = county.targets.get(seq=2)
    Target.objects.filter(pk=firms.pk).update(value=Decimal("17.85"))  # as the demo once wrote
    Observation.objects.filter(target=firms, month=6, measure="cumulative").update(
        value=Decimal("8.4")
    )
    assert demo_counts_make_whole() == 2
    firms.refresh_from_db()
    assert firms.value == Decimal("18")
    assert firms.observations.get(month=6, measure="cumulative").value == Decimal("8")
    assert demo_counts_make_whole() == 0  # once
    assert AuditEntry.objects.filter(target_repr="演示数据：按个数计的指标取整").count() == 1
