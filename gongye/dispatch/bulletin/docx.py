"""The bulletin as a Word file in the official layout."""

from __future__ import annotations

from .figures import BulletinData
from .text import RED_HEADERS, UNIT_HEADERS, next_steps, overview_paragraphs, red_rows, unit_rows

# columns of long text, left-aligned in the Word tables
_LEFT = {"重点工作", "牵头单位", "滞后原因"}


def bulletin_docx(data: BulletinData) -> bytes:
    """The bulletin as a Word file in the official layout (``core.docx``): A4 portrait, title
    方正小标宋简体 二号 (broken only between its parts), the issue number (期号) and the date
    the figures are as of under it, headings 黑体 三号, body 仿宋_GB2312 三号 at a fixed 28-point
    line, tables the full width between the margins with 黑体 headers, the 落款 (the plan
    office and the date the figures are as of) at the end, page numbers “— n —” at the foot."""
    # python-docx is loaded when a Word file is made, not whenever the bulletin's page is
    from gongye.core.docx import OfficialDocument, fit_widths

    doc = OfficialDocument(data.title, author=data.signed_by)
    doc.title(segments=data.title_segments)
    doc.subtitle(data.issue_text)
    doc.subtitle(f"（截至{data.as_of_text}）")
    doc.blank()

    doc.heading("一、总体情况")
    for text in overview_paragraphs(data):
        doc.body(text)

    doc.heading("二、各单位完成情况")
    if data.units:
        doc.body(
            f"按各单位牵头的、完成时限在{data.month}月底前的重点工作计算，"
            "依完成率、按时完成率排序如下："
        )
        rows = unit_rows(data)
        widths = fit_widths(UNIT_HEADERS, rows, doc.text_width_cm, wrap={1: 1})
        doc.table(UNIT_HEADERS, rows, widths, _LEFT)
    else:
        doc.body(f"{data.month}月底前没有到期的牵头任务。")

    doc.heading("三、逾期未完成事项")
    if data.red:
        doc.body(f"截至{data.as_of_text}，逾期未完成事项{len(data.red)}项：")
        # A4 portrait has no room for a separate 事项 column: the label leads the task's text
        rows = [[r[0], f"{r[1]}：{r[2]}", *r[3:]] for r in red_rows(data)]
        headers = [h for h in RED_HEADERS if h != "事项"]
        # the whole width between the margins: dates and days on one line, the task's text
        # taking most of the rest, the lead units and the reason the remainder
        widths = fit_widths(headers, rows, doc.text_width_cm, wrap={1: 4, 2: 1, 5: 1.2})
        doc.table(headers, rows, widths, _LEFT)
    else:
        doc.body("无逾期未完成事项。")

    doc.heading("四、下步工作要求")
    for text in next_steps(data):
        doc.body(text)

    doc.signature(data.issued_text, office=data.signed_by)
    return doc.to_bytes()
