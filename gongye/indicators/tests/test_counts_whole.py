"""Counted targets take whole numbers (issue 11, item 13): which targets count, and the
statistics sheet refusing 2.5家 cell by cell. Pure: runs with ``-p no:django``."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongye.indicators.pace import Measure, counts_whole
from gongye.indicators.stats_sheet import read_stats_sheet, stats_template_xlsx


@pytest.mark.parametrize(
    ("kind", "unit", "whole"),
    [
        ("count", "家", True),  # 新增规上工业企业15家
        ("count", "个", True),
        ("count", "项", True),
        ("count", "户", True),
        ("count", "人", True),
        ("level", "家", True),  # 全县有效高企60家: a stock, still counted one by one
        ("count", "", True),  # a count with no unit
        ("count", "亿元", False),  # 新增投资10亿元: an amount, whatever the kind
        ("count", "万人", False),
        ("level", "亿元", False),
        ("growth", "%", False),
        ("rank_change", "位次", False),
        ("upper_bound", "万吨标准煤", False),
    ],
)
def test_which_targets_count_whole_things(kind, unit, whole):
    assert counts_whole(kind, unit) is whole


INDICATORS = [
    ("T001", "规上工业产值", "亿元", Measure.CUMULATIVE),
    ("T002", "新增规上工业企业", "家", Measure.CUMULATIVE),
]
KNOWN = {code: measure for code, _name, _unit, measure in INDICATORS}
WHOLE = {"T002": "家"}


def _filled(cells: dict[str, object]) -> bytes:
    wb = load_workbook(io.BytesIO(stats_template_xlsx(2022, INDICATORS, whole={"T002"})))
    for ref, value in cells.items():
        wb["数据"][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_fraction_of_a_count_is_refused_where_it_is():
    data = _filled({"E3": 12.5, "E4": 2.5, "F4": "3.0", "G4": 7})
    observations, errors = read_stats_sheet(
        data, "x.xlsx", 2022, KNOWN, as_of=date(2022, 7, 5), whole=WHOLE
    )
    assert observations == []  # nothing from a sheet with an error
    assert [(e.row, e.column_letter, e.message) for e in errors] == [
        (4, "E", "“新增规上工业企业”以“家”计，须为整数，这里是2.5。")
    ]  # "3.0" is three: a whole number typed with a decimal point
    # without the counted rows named, the reader takes the fraction (as before)
    observations, errors = read_stats_sheet(data, "x.xlsx", 2022, KNOWN, as_of=date(2022, 7, 5))
    assert errors == [] and Decimal("2.5") in {o.value for o in observations}


def test_the_message_follows_the_readers_language():
    data = _filled({"E4": 2.5})
    english = {
        "“%(name)s”以“%(unit)s”计，须为整数，这里是%(value)s。": "%(name)s: %(value)s %(unit)s"
    }
    _obs, errors = read_stats_sheet(
        data, "x.xlsx", 2022, KNOWN, whole=WHOLE, translate=lambda s: english.get(s, s)
    )
    assert [e.message for e in errors] == ["新增规上工业企业: 2.5 家"]


def test_the_template_carries_the_figures_there_are():
    figures = {"T001": {1: Decimal("16.6667"), 2: Decimal("33.3")}, "T002": {1: Decimal("2")}}
    content = stats_template_xlsx(2022, INDICATORS, figures, demo={("T001", 1)}, whole={"T002"})
    ws = load_workbook(io.BytesIO(content))["数据"]
    assert (ws["E3"].value, ws["F3"].value, ws["G3"].value) == (16.6667, 33.3, None)
    assert ws["E4"].value == 2 and isinstance(ws["E4"].value, int)
    assert ws["E3"].fill.fgColor.rgb.endswith("FFF2CC") and ws["F3"].fill.fill_type is None
    # read back unchanged, the figures are the same numbers
    observations, errors = read_stats_sheet(content, "x.xlsx", 2022, KNOWN, whole=WHOLE)
    assert errors == []
    assert {(o.indicator, o.month): o.value for o in observations} == {
        ("T001", 1): Decimal("16.6667"),
        ("T001", 2): Decimal("33.3"),
        ("T002", 1): Decimal("2"),
    }
