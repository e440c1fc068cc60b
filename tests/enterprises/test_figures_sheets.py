"""The bureau's sheet reader (issue 12 item 2): header shapes, units, the month, cell errors.
Pure reading: nothing here touches the database."""

from __future__ import annotations

import pytest

from gongye.enterprises.sheets import read_figure_sheet
from tests.enterprises import figures_fixtures as fx

A, B = fx.code(1), fx.code(2)


def _read(data: bytes, name: str = "月报.xlsx", **kw):
    return read_figure_sheet(data, name, **kw)


def _only(result):
    assert not result.errors, [str(e) for e in result.errors]
    return result


# --------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("header", "cell", "field", "stored"),
    [
        ("营业收入(元)", 1234500, "revenue_month", 123.45),
        ("营业收入（千元）", 1234.5, "revenue_month", 123.45),
        ("营业收入(万元)", 123.45, "revenue_month", 123.45),
        ("营业收入(亿元)", 1.5, "revenue_month", 15000),
        ("工业用电量(千瓦时)", 5000, "electricity_kwh_month", 5000),
        ("工业用电量(万千瓦时)", 1.25, "electricity_kwh_month", 12500),
        ("综合能耗(吨标准煤)", 12.5, "energy_tce_month", 12.5),
        ("综合能耗(万吨标准煤)", 0.5, "energy_tce_month", 5000),
        ("从业人员(人)", 85, "employees", 85),
    ],
    ids=["元", "千元", "万元", "亿元", "千瓦时", "万千瓦时", "吨标准煤", "万吨标准煤", "人"],
)
def test_each_header_unit_is_converted(header, cell, field, stored):
    result = _only(
        _read(fx.simple([[A, "甲", cell]], headers=("统一社会信用代码", "企业名称", header)))
    )
    assert result.rows[0].values[field] == pytest.approx(stored)
    column = next(c for c in result.columns if c.field == field)
    assert not column.unit_assumed


def test_a_unit_line_above_the_table_applies_to_money_columns():
    data = fx.xlsx(
        [
            ["2022年6月企业月报"],
            ["计量单位：千元"],
            ["统一社会信用代码", "企业名称", "营业收入", "利润总额"],
            [A, "甲", 1000, -200],
        ]
    )
    result = _only(_read(data))
    assert result.rows[0].values == {"revenue_month": 100, "profit_month": -20}


def test_a_column_without_a_unit_is_read_in_the_stored_unit_and_said_so():
    result = _only(_read(fx.simple([[A, "甲", 10]], headers=("信用代码", "企业名称", "营业收入"))))
    column = next(c for c in result.columns if c.field == "revenue_month")
    assert (column.unit, column.unit_assumed) == ("万元", True)


def test_a_unit_of_the_wrong_kind_is_refused():
    result = _read(fx.simple([[A, "甲", 10]], headers=("信用代码", "企业名称", "营业收入(千瓦时)")))
    assert result.errors[0].column == "营业收入(千瓦时)"
    assert "计量单位" in result.errors[0].message


# --------------------------------------------------------------------------- header shapes


def test_two_line_header_with_merged_measures_shuffled_columns_and_junk_rows():
    data = fx.two_line([["甲公司", 10, 60, 20, 120, 5.5, A], ["乙公司", 1, 6, 2, 12, None, B]])
    result = _only(_read(data))
    assert [r.code for r in result.rows] == [A, B]  # 合计 and the note are not enterprises
    assert result.rows[0].values == {
        "output_value_month": 1.0,
        "output_value": 6.0,
        "revenue_month": 2.0,
        "revenue": 12.0,
    }
    headers = {c.field: c.header for c in result.columns}
    assert headers["revenue"] == "营业收入 / 本年累计"
    assert "营业收入同比增速(%)" in result.ignored  # growth columns are not figures


def test_three_line_header_with_units_on_the_third_line():
    result = _only(_read(fx.three_line([[A, "甲", 1.5, 20, 30, -10000]])))
    assert result.rows[0].values == {
        "electricity_kwh_month": 15000,
        "energy_tce_month": 20,
        "employees": 30,
        "profit_month": -1,
    }


def test_a_csv_sheet_in_gb18030_is_read_too():
    text = "2022年1-6月企业数据\n统一社会信用代码,单位名称,主营业务收入(千元)\n" + f"{A},甲,500\n"
    result = _only(_read(text.encode("gb18030"), "月报.csv"))
    assert result.rows[0].values == {"revenue": 50}  # 1-6月: a column without 本月 is 累计
    assert (result.year, result.month) == (2022, 6)


def test_a_sheet_without_a_credit_code_column_is_refused_as_a_whole():
    result = _read(fx.xlsx([["2022年6月"], ["企业名称", "营业收入"], ["甲", 1]]))
    assert result.errors[0].row is None
    assert "统一社会信用代码" in result.errors[0].message


def test_a_file_that_is_not_a_sheet_is_refused_in_chinese():
    result = _read(b"PK\x03\x04 not a zip at all", "坏文件.xlsx")
    assert result.errors and result.errors[0].row is None
    assert "文件" in result.errors[0].message


# --------------------------------------------------------------------------- the month


@pytest.mark.parametrize(
    ("title", "expected", "cumulative"),
    [
        ("2022年6月规上工业企业主要指标", (2022, 6), False),
        ("2022年1-6月规上工业企业主要指标", (2022, 6), True),
        ("2022年1～6月份", (2022, 6), True),
        ("2021年上半年", (2021, 6), True),
        ("报告期：2022-11", (2022, 11), False),
    ],
)
def test_the_month_is_taken_from_the_title(title, expected, cumulative):
    result = _only(_read(fx.simple([[A, "甲", 1, 2]], title=title)))
    assert (result.year, result.month) == expected
    field = "revenue" if cumulative else "revenue_month"
    assert field in result.rows[0].values


def test_the_year_may_stand_in_another_title_line():
    data = fx.xlsx(
        [["霍山县2022年统计月报"], ["1—6月"], ["信用代码", "企业名称", "营业收入"], [A, "甲", 1]]
    )
    result = _only(_read(data))
    assert (result.year, result.month) == (2022, 6)
    assert result.rows[0].values == {"revenue": 1}


def test_the_month_from_the_file_name_when_the_title_has_none():
    result = _only(_read(fx.simple([[A, "甲", 1, 2]], title="规上工业企业"), "2022年3月月报.xlsx"))
    assert (result.year, result.month) == (2022, 3)


def test_the_given_month_serves_when_the_sheet_has_none_and_must_agree_when_it_has():
    silent = fx.simple([[A, "甲", 1, 2]], title="规上工业企业")
    assert (_only(_read(silent, "a.xlsx", year=2022, month=4)).month) == 4
    none = _read(silent, "a.xlsx")
    assert "月份" in none.errors[0].message
    stated = fx.simple([[A, "甲", 1, 2]], title="2022年5月")
    clash = _read(stated, "a.xlsx", year=2022, month=6)
    assert "不一致" in clash.errors[0].message and not clash.rows


# --------------------------------------------------------------------------- cell errors


def test_each_error_names_its_row_and_column_and_all_are_reported_at_once():
    wrong_check = A[:-1] + ("0" if A[-1] != "0" else "1")
    data = fx.simple(
        [
            [A, "甲", 10, 1],
            [wrong_check, "乙", 10, 1],
            [A[:17], "丙", 10, 1],
            [A, "丁", 10, 1],
            [B, "戊", "十万", -3],
        ]
    )
    result = _read(data)
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "校验码" in found[(4, "统一社会信用代码")]
    assert "18 位" in found[(5, "统一社会信用代码")]
    assert "与第3行重复" in found[(6, "统一社会信用代码")]
    assert "数字" in found[(7, "营业收入(万元)")]
    assert "负数" in found[(7, "税收(万元)")]
    assert len(result.errors) == 5


def test_profit_may_be_negative_and_headcount_must_be_whole():
    data = fx.simple(
        [[A, "甲", -5, 2.5]],
        headers=("统一社会信用代码", "企业名称", "利润总额(万元)", "从业人员(人)"),
    )
    result = _read(data)
    assert [(e.row, e.column) for e in result.errors] == [(3, "从业人员(人)")]


def test_a_row_with_figures_but_no_code_is_an_error_a_total_row_is_not():
    data = fx.simple([[A, "甲", 1, 1], [None, "乙", 2, 2], [None, "合计", 3, 3]])
    result = _read(data)
    assert [(e.row, e.message) for e in result.errors] == [(4, "缺少统一社会信用代码。")]


def test_period_over_measures_and_a_growth_sub_column_under_a_measure():
    """本年累计 merged over the measures (the period on top), and 营业收入 with 本月 / 本年累计 /
    同比增长 under it: the growth sub-column is left alone."""
    data = fx.xlsx(
        [
            ["2022年6月"],
            ["信用代码", "企业名称", "本年累计", None, "营业收入（千元）", None, None],
            [None, None, "工业总产值(万元)", "利润总额(万元)", "本月", "本年累计", "同比增长%"],
            [A, "甲", 600, -5, 1000, 6000, 12.5],
        ],
        merges=["A2:A3", "B2:B3", "C2:D2", "E2:G2"],
    )
    result = _only(_read(data))
    assert result.rows[0].values == {
        "output_value": 600,
        "profit": -5,
        "revenue_month": 100,
        "revenue": 600,
    }
    assert result.ignored == ["营业收入(千元) / 同比增长%"]
