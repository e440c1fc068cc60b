"""``manage.py evaluate``: an input sheet read by meaning (units converted), scored by a
scheme file, printed as JSON; faults listed by line, row and column; nothing written."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from tests.enterprises.factories import valid_code

SCHEME = """name: 示例方案
groups:
  - name: 规上
    where: scale == "规上"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 30, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 20, benchmark: average, cap: 2}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 单位电耗税收, formula: tax * 10000 / electricity_kwh, weight: 50, benchmark: 0.2352}
classes: {A: 20, B: 65, C: 95}
"""


def evaluate(tmp_path, scheme: str, name: str, data: bytes) -> tuple[int, dict]:
    (tmp_path / "scheme.yaml").write_text(scheme, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    code = 0
    try:
        call_command(
            "evaluate",
            scheme=str(tmp_path / "scheme.yaml"),
            inputs=str(tmp_path / name),
            json=True,
            stdout=out,
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, json.loads(out.getvalue())


def xlsx_with_two_line_header() -> bytes:
    """A sheet as an office makes it: title, 计量单位 line, a merged two-line header, units
    in the header, a 合计 row and a note."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2022年度亩均效益评价企业数据"])
    sheet.append(["计量单位：千元"])
    sheet.append(
        ["序号", "统一社会信用代码", "企业名称", "规模", "用地面积", "税收", "工业增加值", "用电量"]
    )
    sheet.append([None, None, None, None, "（亩）", None, None, "（万千瓦时）"])
    for column in "ABCDFG":
        sheet.merge_cells(f"{column}3:{column}4")
    # 规上: 10 亩, tax 2,409.7 千元 = 240.97 万元 → 24.097/亩 → 30 points; value added
    # 5,000 千元 = 500 万元 → 50/亩 (the group's average of 50 and 150 is 100 → 10 points)
    sheet.append([1, valid_code(1), "甲公司", "规上", 10, 2409.7, 5000, 50])
    # 规上: 20 亩, tax 9,638.8 千元 → 48.194/亩 → 60 points; value added 30,000 千元 → 150/亩
    # → 30 points
    sheet.append([2, valid_code(2), "乙公司", "规模以上", 20, 9638.8, 30000, 80])
    # 规下: tax 235.2 千元 = 23.52 万元 over 100 万千瓦时 = 1,000,000 千瓦时 → 0.2352 元/千瓦时 → 50
    sheet.append([3, valid_code(3), "丙公司", "规下", 4, 235.2, 300, 100])
    sheet.append(["合计", None, None, None, 34, None, None, None])
    sheet.append(["注：税收为实缴税金。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_with_units_and_a_two_line_header(tmp_path):
    code, printed = evaluate(tmp_path, SCHEME, "数据.xlsx", xlsx_with_two_line_header())
    assert code == 0
    results = {r["name"]: r for r in printed["results"]}
    assert results["甲公司"]["indicators"] == {"亩均税收": 24.097, "亩均增加值": 50.0}
    assert results["甲公司"]["scores"] == {"亩均税收": 30.0, "亩均增加值": 10.0}
    assert results["甲公司"]["total"] == 40.0
    # two in the group: A to round(0.4) = 0, B to round(1.3) = 1, C to round(1.9) = 2
    assert (results["乙公司"]["total"], results["乙公司"]["rank"], results["乙公司"]["class"]) == (
        90.0,
        1,
        "B",
    )
    assert (results["甲公司"]["rank"], results["甲公司"]["class"]) == (2, "C")
    assert results["丙公司"]["group"] == "规下"
    assert results["丙公司"]["total"] == 50.0
    assert set(results["丙公司"]) >= {
        "credit_code",
        "name",
        "group",
        "indicators",
        "scores",
        "total",
        "rank",
        "class",
    }


def test_a_csv_in_yuan(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["统一社会信用代码", "企业名称", "规模", "用地面积（亩）", "税收（元）", "用电量（千瓦时）"]
    )
    writer.writerow([valid_code(5), "丁公司", "规下", "5", "235,200", "1000000"])
    code, printed = evaluate(tmp_path, SCHEME, "数据.csv", buffer.getvalue().encode("gb18030"))
    assert code == 0
    assert printed["results"][0]["scores"] == {"单位电耗税收": 50.0}


def test_faults_are_listed_by_row_and_column_and_exit_2(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["统一社会信用代码", "企业名称", "规模", "用地面积（亩）", "税收（万元）"])
    writer.writerow([valid_code(1), "甲", "规上", "十亩", "10"])
    writer.writerow(["91341525MA0000000X", "乙", "大型", "3", "1"])
    code, printed = evaluate(tmp_path, SCHEME, "数据.csv", buffer.getvalue().encode())
    assert code == 2
    where = {(e["row"], e["column"]) for e in printed["errors"]}
    assert where == {(2, "D"), (3, "A"), (3, "C")}
    assert any("十亩" in e["message"] for e in printed["errors"])


def test_a_scheme_fault_is_reported_by_line(tmp_path):
    code, printed = evaluate(tmp_path, SCHEME.replace("weight: 30", "weight: 三十"), "x.csv", b"")
    assert code == 2
    assert printed["errors"][0]["line"] == 6


@pytest.mark.django_db
def test_it_writes_nothing(tmp_path, django_assert_num_queries):
    with django_assert_num_queries(0):
        code, _printed = evaluate(tmp_path, SCHEME, "数据.xlsx", xlsx_with_two_line_header())
    assert code == 0
