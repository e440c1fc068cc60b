"""The statistics bureau's monthly sheet: template, reading, and refusal cell by cell."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from gongye.indicators.pace import Measure
from gongye.indicators.stats_sheet import read_stats_sheet, stats_template_xlsx

D = Decimal
INDICATORS = [
    ("GDP01", "规上工业产值", "亿元", Measure.CUMULATIVE),
    ("ZZ02", "规上工业增加值增速", "%", Measure.GROWTH),
    ("ZB03", "制造业增加值占GDP比重", "%", Measure.SHARE),
    ("WC04", "开发区省级考核位次", "位", Measure.RANK),
]
KNOWN = {code: measure for code, _, _, measure in INDICATORS}


def filled(cells: dict[str, object], extra_rows: list[list[object]] = ()) -> bytes:
    wb = load_workbook(io.BytesIO(stats_template_xlsx(2022, INDICATORS)))
    ws = wb["数据"]
    for ref, value in cells.items():
        ws[ref] = value
    for row in extra_rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_layout():
    wb = load_workbook(io.BytesIO(stats_template_xlsx(2022, INDICATORS)))
    assert wb.sheetnames == ["数据", "填表说明"]
    ws = wb["数据"]
    assert ws["A1"].value == "2022年工业指标月度数据（统计局填报）"
    assert [c.value for c in ws[2]][:6] == [
        "指标代码",
        "指标名称",
        "计量单位",
        "数据类型",
        "1月",
        "2月",
    ]
    assert ws["P2"].value == "12月"
    assert ws["A3"].value == "GDP01" and ws["D4"].value == "同比增速(%)"
    assert ws.column_dimensions["A"].hidden
    assert ws.protection.sheet
    assert ws["A3"].protection.locked and not ws["E3"].protection.locked
    rules = {
        str(dv.sqref): (dv.type, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }
    assert rules["E4:P4"] == ("decimal", "-100", "500")  # growth row
    assert rules["E6:P6"][0] == "whole"  # rank row
    assert "逐格检查" in "".join(str(c.value) for c in wb["填表说明"]["A"])


def test_reads_a_filled_template():
    data = filled({"E3": 15.2, "F3": 31.75, "E4": 12.5, "F4": "11.8", "E5": 0.301, "E6": 12})
    wb = load_workbook(io.BytesIO(data))
    observations, errors = read_stats_sheet(data, "2月.xlsx", 2022, KNOWN, as_of=date(2022, 3, 15))
    assert errors == []
    got = {(o.indicator, o.month): o.value for o in observations}
    assert got == {
        ("GDP01", 1): D("15.2"),  # float 15.2 read through its repr, not 15.1999…
        ("GDP01", 2): D("31.75"),
        ("ZZ02", 1): D("12.5"),
        ("ZZ02", 2): D("11.8"),  # a number stored as text is still a number
        ("ZB03", 1): D("0.301"),
        ("WC04", 1): D("12"),
    }
    assert wb  # the sheet itself is untouched by reading


def test_percent_formatted_cell_is_read_as_percent():
    wb = load_workbook(io.BytesIO(filled({})))
    ws = wb["数据"]
    ws["E4"] = 0.125
    ws["E4"].number_format = "0.0%"  # Excel shows 12.5%, stores 0.125
    out = io.BytesIO()
    wb.save(out)
    observations, errors = read_stats_sheet(out.getvalue(), "x.xlsx", 2022, KNOWN)
    assert errors == [] and observations[0].value == D("12.5")


def test_match_by_name_when_code_column_is_gone():
    wb = Workbook()
    ws = wb.active
    ws.append(["指标名称", "1月", "2月"])
    ws.append(["规上工业产值", 10, 20])
    out = io.BytesIO()
    wb.save(out)
    observations, errors = read_stats_sheet(
        out.getvalue(), "x.xlsx", 2022, {"规上工业产值": "cumulative"}
    )
    assert errors == [] and [o.value for o in observations] == [D("10"), D("20")]


def test_malformed_sheet_is_refused_cell_by_cell():
    data = filled(
        {
            "E3": 20,
            "F3": 40,
            "G3": 39.5,  # cumulative falls: 39.5 < February's 40
            "H3": "—",  # not a number
            "E4": 600,  # growth beyond 500%
            "F4": -100,  # −100% is the floor and allowed
            "G4": 12,
            "H4": 12,  # April (as_of 15 April: not ended)
            "E5": 101,  # share above 100
            "E6": 2.5,  # rank not a whole number
        },
        extra_rows=[
            [None, "乡镇财政收入", "亿元", "累计值", 1],  # unknown indicator, row 7
            ["GDP01", "规上工业产值", "亿元", "累计值", 1],  # duplicate of row 3, row 8
        ],
    )
    observations, errors = read_stats_sheet(data, "3月.xlsx", 2022, KNOWN, as_of=date(2022, 4, 15))
    assert observations == []  # nothing to write when anything is wrong
    by_cell = {(e.row or 0, e.column_letter or ""): e.message for e in errors}
    assert set(by_cell) == {
        (3, "G"),
        (3, "H"),
        (4, "E"),
        (4, "H"),
        (5, "E"),
        (6, "E"),
        (7, "B"),
        (8, "B"),
    }
    assert by_cell[(3, "G")] == "累计值39.5小于2月的40，累计数不应下降。"
    assert by_cell[(3, "H")] == "只能填写数字，这里是“—”。"
    assert "超出合理范围" in by_cell[(4, "E")]
    assert by_cell[(4, "H")] == "2022年4月尚未结束，不能填报数据。"
    assert "0至100" in by_cell[(5, "E")]
    assert "正整数" in by_cell[(6, "E")]
    assert by_cell[(7, "B")] == "未知指标“乡镇财政收入”，不在本年度指标清单中。"
    assert by_cell[(8, "B")] == "指标“规上工业产值”与第3行重复。"


def test_header_month_that_does_not_exist_and_wrong_year():
    wb = Workbook()
    ws = wb.active
    ws.append(["2021年工业指标月度数据"])
    ws.append(["指标代码", "指标名称", "1月", "13月"])
    ws.append(["GDP01", "规上工业产值", 1, 2])
    out = io.BytesIO()
    wb.save(out)
    observations, errors = read_stats_sheet(out.getvalue(), "x.xlsx", 2022, KNOWN)
    assert observations == []
    assert [(e.row, e.column_letter) for e in errors] == [(1, "A"), (2, "D")]
    assert errors[0].message == "表头年份为2021年，与导入的2022年不一致。"
    assert errors[1].message == "月份“13月”不存在。"


def test_not_an_xlsx_is_decided_by_content():
    def refused(data: bytes, name: str) -> str:
        observations, errors = read_stats_sheet(data, name, 2022, KNOWN)
        assert observations == [] and len(errors) == 1
        assert (errors[0].row, errors[0].column) == (None, None)  # the whole file
        return errors[0].message

    assert "不是 Excel" in refused("指标,1月\n产值,1\n".encode(), "data.xlsx")  # a CSV renamed
    assert ".xls" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xlsx")
    assert "空文件" in refused(b"", "x.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert "无法打开" in refused(buf.getvalue(), "x.xlsx")
    # …and a real workbook with the wrong extension is accepted
    observations, errors = read_stats_sheet(filled({"E3": 1}), "data.xls", 2022, KNOWN)
    assert errors == [] and len(observations) == 1


def test_empty_sheets_are_refused():
    out = io.BytesIO()
    Workbook().save(out)
    observations, errors = read_stats_sheet(out.getvalue(), "x.xlsx", 2022, KNOWN)
    assert (observations, [e.message for e in errors]) == ([], ["工作表“Sheet”是空的。"])
    # the template with no rows at all
    data = stats_template_xlsx(2022, [])
    observations, errors = read_stats_sheet(data, "x.xlsx", 2022, KNOWN)
    assert [e.message for e in errors] == ["工作表“数据”没有指标数据行。"]


def test_period_headers_as_the_bureau_writes_them():
    from gongye.indicators.stats_sheet import period_month

    cases = {
        "5月": 5,
        "5月份": 5,
        "1-5月": 5,
        "1－5月": 5,
        "1～12月": 12,
        "1月-2月": 2,
        "1至3月": 3,
        "一季度": 3,
        "第二季度": 6,
        "Q3": 9,
        "4季度": 12,
        "上半年": 6,
        "前三季度": 9,
        "全年": 12,
        "2-5月": -5,  # not a cumulative period: refused by the reader
        "指标名称": None,
        "备注": None,
    }
    assert {text: period_month(text) for text in cases} == cases


def test_a_sheet_of_cumulative_periods_and_quarters_reads_as_months():
    wb = Workbook()
    ws = wb.active
    ws.append(["2022年1-6月主要工业指标"])
    ws.append(["指标名称", "1-2月", "1-3月", "上半年", "三季度"])
    ws.append(["规上工业产值", 30, 45, 95, 140])
    out = io.BytesIO()
    wb.save(out)
    observations, errors = read_stats_sheet(
        out.getvalue(), "x.xlsx", 2022, {"规上工业产值": "cumulative"}
    )
    assert errors == []
    assert [(o.month, o.value) for o in observations] == [
        (2, D("30")),
        (3, D("45")),
        (6, D("95")),
        (9, D("140")),
    ]


def test_period_headers_that_cannot_be_read_are_refused_by_cell():
    wb = Workbook()
    ws = wb.active
    ws.append(["指标名称", "1-3月", "一季度", "2-5月"])
    ws.append(["规上工业产值", 30, 30, 50])
    out = io.BytesIO()
    wb.save(out)
    observations, errors = read_stats_sheet(
        out.getvalue(), "x.xlsx", 2022, {"规上工业产值": "cumulative"}
    )
    assert observations == []
    assert [(e.row or 0, e.column_letter or "", e.message) for e in errors] == [
        (1, "C", "“一季度”与前面的列是同一月份，重复。"),
        (1, "D", "累计期“2-5月”应从1月起算。"),
    ]
