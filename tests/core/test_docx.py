"""The shared Word writer (gongye.core.docx): page, margins, fonts, tables and page numbers in
the office's layout, read back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gongye.core.docx import (
    CELL_PADDING_CM,
    OfficialDocument,
    fit_widths,
    text_width_cm,
    title_lines,
)

HEADERS = ["序号", "单位", "完成率"]
ROWS = [[1, "科技经信局", "75.0%"], [2, "开发区", None]]


def _reopen(doc: OfficialDocument):
    return Document(io.BytesIO(doc.to_bytes()))


def _east_asia(run) -> str | None:
    rpr = run._r.rPr
    return rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None


def _sample(landscape: bool) -> OfficialDocument:
    doc = OfficialDocument("霍山县测试报告", author="霍山县", landscape=landscape)
    doc.title()
    doc.subtitle("（截至2022年6月30日）")
    doc.heading("一、总体情况")
    doc.heading("（一）分项", level=2)
    doc.body("正文。")
    doc.table(HEADERS, ROWS, [1.2, 4.0, 2.0], left={"单位"})
    doc.signature("2022年7月5日")
    return doc


@pytest.mark.parametrize(
    ("landscape", "size", "margins"),
    [
        (False, (21.0, 29.7), (3.7, 3.5, 2.8, 2.6)),
        (True, (29.7, 21.0), (2.8, 2.6, 3.7, 3.5)),
    ],
)
def test_a4_page_and_margins_turn_with_the_page(landscape, size, margins):
    document = _reopen(_sample(landscape))
    section = document.sections[0]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == size
    assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    got = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.cm, 2) for m in got) == margins


def test_text_width_is_the_page_between_the_margins():
    assert OfficialDocument("t").text_width_cm == pytest.approx(15.6)
    assert OfficialDocument("t", landscape=True).text_width_cm == pytest.approx(22.5)


def test_fonts_title_headings_body_and_properties():
    document = _reopen(_sample(False))
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == 28
    assert 'w:eastAsia="仿宋_GB2312"' in document.styles.element.xml
    title, subtitle, heading, subheading, body = document.paragraphs[:5]
    assert title.text == "霍山县测试报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size.pt == 22
    assert subtitle.text == "（截至2022年6月30日）"
    assert _east_asia(heading.runs[0]) == "黑体" and heading.paragraph_format.keep_with_next
    assert _east_asia(subheading.runs[0]) == "楷体_GB2312"
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 三号
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _east_asia(body.runs[0]) is None  # the body face comes from the Normal style
    signed = document.paragraphs[-1]
    assert signed.text == "2022年7月5日" and signed.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert (document.core_properties.title, document.core_properties.author) == (
        "霍山县测试报告",
        "霍山县",
    )


def test_table_header_repeats_on_every_page_with_fixed_widths():
    document = _reopen(_sample(True))
    (table,) = document.tables
    values = [[cell.text for cell in row.cells] for row in table.rows]
    assert values == [HEADERS, ["1", "科技经信局", "75.0%"], ["2", "开发区", ""]]
    header_pr = table.rows[0]._tr.trPr
    assert header_pr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert all(
        row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
        for row in table.rows[1:]
    )
    # a body row is never cut across two pages
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows[1:])
    assert [round(c.width.cm, 2) for c in table.columns] == [1.2, 4.0, 2.0]
    assert 'w:type="fixed"' in table._tbl.xml  # autofit off
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert _east_asia(header_run) == "黑体" and header_run.font.size.pt == 11
    body_cells = table.rows[1].cells
    assert body_cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT  # 单位: long text
    assert body_cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert body_cells[2].paragraphs[0].runs[0].font.size.pt == 10.5


def test_page_number_field_in_the_footer():
    document = _reopen(_sample(False))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    xml = footer._p.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert all(_east_asia(r) == "宋体" for r in footer.runs)


def test_a_table_wider_than_the_page_or_a_short_row_is_refused():
    doc = OfficialDocument("t")
    with pytest.raises(ValueError, match="超出版心"):
        doc.table(["a", "b"], [], [10.0, 6.0])
    with pytest.raises(ValueError, match="列宽"):
        doc.table(["a", "b"], [], [1.0])
    with pytest.raises(ValueError, match="某行"):
        doc.table(["a", "b"], [[1]], [1.0, 1.0])
    # the same widths fit a landscape page
    OfficialDocument("t", landscape=True).table(["a", "b"], [], [10.0, 6.0])


# --------------------------------------------------------------------------- layout (issue 11)


def test_a_table_states_its_whole_width():
    document = _reopen(_sample(False))
    (table,) = document.tables
    width = table._tbl.tblPr.find(qn("w:tblW"))
    assert width.get(qn("w:type")) == "dxa"
    assert int(width.get(qn("w:w"))) == round((1.2 + 4.0 + 2.0) / 2.54 * 1440)


TARGET_HEADERS = ["序号", "指标名称", "比较方式", "目标值", "计量单位", "完成时限", "节点安排"]
TARGET_ROWS = [
    [1, "规上工业产值", "不低于", "200", "亿元", "2022-12-31", "3月：2.5亿元；6月：5亿元"],
    [
        29,
        "新增省级以上专精特新中小企业和单项冠军企业",
        "左右",
        "1000.5",
        "个百分点",
        "2022-6-30",
        "",
    ],
]


def _needed(text: str, pt: float) -> float:
    return text_width_cm(text, pt) + CELL_PADDING_CM


@pytest.mark.parametrize("total", [22.5, 15.6])
def test_fitted_widths_keep_dates_and_values_whole_and_fill_the_width(total):
    widths = fit_widths(
        TARGET_HEADERS, TARGET_ROWS, total, wrap={1: 3, 6: 2}, body_pt=12, header_pt=12
    )
    assert total - 0.1 < sum(widths) <= total  # the whole width between the margins
    for column in (2, 3, 4, 5):  # 不低于, 1000.5, 个百分点, 2022-12-31 on one line
        longest = max((str(r[column]) for r in TARGET_ROWS), key=lambda t: text_width_cm(t, 12))
        assert widths[column] >= _needed(longest, 12) - 0.01, TARGET_HEADERS[column]
    assert widths[1] > widths[6]  # the long texts share the rest by weight


def test_fitted_widths_keep_a_unit_name_whole_and_give_way_before_dates():
    headers = ["序号", "重点工作", "牵头单位", "完成时限", "逾期天数"]
    rows = [[1, "完成" * 40, "中药产业发展中心、科技经信局", "2022-02-28", 123]]
    widths = fit_widths(headers, rows, 15.6, wrap={1: 4, 2: 1})
    assert widths[2] >= _needed("科技经信局", 10.5) - 0.01  # a name of up to six characters
    assert widths[1] > widths[2]
    # a page too narrow for every column: the texts give way, the date stays whole
    narrow = fit_widths(headers, rows, 7.5, wrap={1: 4, 2: 1})
    assert sum(narrow) <= 7.5 and narrow[1] < 1.5
    assert narrow[3] >= _needed("2022-02-28", 10.5) - 0.01


def test_headers_stay_on_one_line_when_the_table_has_room():
    headers = ["排名", "牵头单位", "按时完成率"]
    roomy = fit_widths(headers, [[1, "开发区", "100.0%"]], 15.6, wrap={1: 1})
    assert roomy[2] >= _needed("按时完成率", 11) - 0.01
    tight = fit_widths(headers, [[1, "开发区", "100.0%"]], 4.5, wrap={1: 1})
    assert tight[2] < _needed("按时完成率", 11)  # two lines: 按时完/成率


def test_a_title_breaks_only_between_its_parts():
    parts = ("霍山县2022年", "工业及民营经济工作", "6月调度通报")
    assert title_lines(parts, 15.6) == ["霍山县2022年工业及民营经济工作", "6月调度通报"]
    assert title_lines(("霍山县", "通报"), 15.6) == ["霍山县通报"]
    assert title_lines(parts, 3.0) == list(parts)  # a part longer than a line stays whole
    doc = OfficialDocument("霍山县2022年工业及民营经济工作6月调度通报")
    doc.title(segments=parts)
    title = _reopen(doc).paragraphs[0]
    assert title.text == "霍山县2022年工业及民营经济工作\n6月调度通报"  # one paragraph, a break
    assert all(_east_asia(r) == "方正小标宋简体" for r in title.runs)


def test_the_signature_names_the_office_centred_over_the_date():
    doc = OfficialDocument("t")
    doc.body("最后一段正文。")
    doc.signature("2022年6月30日", office="霍山县科技经信局")
    last_body, blank, office, date = _reopen(doc).paragraphs[-4:]
    assert (office.text, date.text) == ("霍山县科技经信局", "2022年6月30日")
    assert office.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == 64  # 右空四字 (三号)
    # the office centred over the date: the same middle, give or take a point
    office_mid = (
        office.paragraph_format.right_indent.pt + text_width_cm(office.text, 16) * 72 / 2.54 / 2
    )
    date_mid = 64 + text_width_cm(date.text, 16) * 72 / 2.54 / 2
    assert abs(office_mid - date_mid) < 1
    # the 落款 never stands alone on a page: the last paragraph goes with it
    assert last_body.paragraph_format.keep_with_next and blank.paragraph_format.keep_with_next
    assert office.paragraph_format.keep_with_next


def test_a_long_office_name_sits_two_characters_in_with_the_date_centred_under_it():
    doc = OfficialDocument("t")
    doc.signature("2022年6月30日", office="霍山县工业及民营经济发展领导小组办公室")
    office, date = _reopen(doc).paragraphs[-2:]
    assert office.paragraph_format.right_indent.pt == 32
    assert date.paragraph_format.right_indent.pt > 32
