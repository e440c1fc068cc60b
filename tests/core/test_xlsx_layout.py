"""Row heights in the shared spreadsheet writer (gongye.core.xlsx): Excel and LibreOffice keep
a row one line tall unless told, so a wrapped text would print over the next row (issue 11,
item 14). The writer sets each row's height from its longest wrapped cell."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from gongye.core.xlsx import HEADER_ROW, Sheet, row_height, text_lines, xlsx_bytes


def test_lines_count_wide_characters_and_the_texts_own_breaks():
    assert text_lines(None, 10) == text_lines("", 10) == 1
    assert text_lines("字" * 30, 70) == 1  # 63 units in a 70-wide column
    assert text_lines("字" * 40, 70) == 2  # Excel fits about 33 a line
    assert text_lines("字" * 100, 70) == 4
    assert text_lines("科技经信局\n开发区", 20) == 2  # a break of its own is a line
    assert text_lines("2022-12-31", 13) == 1  # digits are narrow
    assert text_lines("2022-12-31", 10) == 2


def test_a_row_is_as_tall_as_its_longest_wrapped_cell():
    assert row_height(["1", "短"], [6, 20]) is None  # one line: the program's own height
    two = row_height(["1", "字" * 15], [6, 20])
    four = row_height(["1", "字" * 15, "字" * 30], [6, 20, 20])
    assert two is not None and four is not None
    assert four > two >= 2 * 11 * 1.3  # room for two lines of 11-point text
    assert row_height(["字" * 15], [20], font_pt=12) > two  # bigger type, taller lines


def test_the_office_workbook_sets_heights_for_long_rows_only():
    sheet = Sheet(
        title="测试",
        headers=["序号", "重点工作", "完成百分比"],
        rows=[
            [1, "完成测试。", 10],
            [2, "开展规上工业企业研发费用年报业务及高企申报培训。" * 3, 20],
        ],
        widths=[6, 30, 8],
    )
    ws = load_workbook(io.BytesIO(xlsx_bytes([sheet]))).active
    short, long = HEADER_ROW + 1, HEADER_ROW + 2
    assert ws.row_dimensions[short].height is None
    assert ws.row_dimensions[long].height == row_height(sheet.rows[1], sheet.widths)
    assert ws.row_dimensions[long].height >= 4 * 15
    # a header that wraps (完成百分比 in 8 units) gets its height too
    assert ws.row_dimensions[HEADER_ROW].height == row_height(sheet.headers, sheet.widths)


def test_a_long_note_wraps_within_the_table_and_a_short_one_keeps_its_height():
    long_note = "公示期至2022年12月31日，对结果有异议的企业可在此前提出；T类为不分档企业。" * 2
    sheets = [
        Sheet(title="甲", headers=["序号", "企业"], rows=[[1, "甲"]], widths=[6, 20], note=n)
        for n in (long_note, "截至6月")
    ]
    book = load_workbook(io.BytesIO(xlsx_bytes(sheets)))
    wrapped, short = book.worksheets
    assert wrapped["A2"].alignment.wrap_text
    assert wrapped.row_dimensions[2].height == row_height([long_note], [26], font_pt=10)
    assert wrapped.row_dimensions[2].height > 2 * 10
    assert short.row_dimensions[2].height is None
