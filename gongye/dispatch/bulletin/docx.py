"""The bulletin as a Word file in the official layout."""

from __future__ import annotations

from gongye.core.dates import date_zh

from .figures import BulletinData
from .text import RED_HEADERS, UNIT_HEADERS, next_steps, overview_paragraphs, red_rows, unit_rows

# columns of long text, left-aligned in the Word tables
_LEFT = {"重点工作", "牵头单位", "滞后原因"}


def bulletin_docx(data: BulletinData) -> bytes:
    """The bulletin as a Word file in the official layout (``core.docx``): A4 portrait, title
    方正小标宋简体 二号, headings 黑体 三号, body 仿宋_GB2312 三号 at a fixed 28-point line,
    tables with 黑体 headers, page numbers “— n —” at the foot."""
    # python-docx is loaded when a Word file is made, not whenever the bulletin's page is
    from gongye.core.docx import OfficialDocument

    doc = OfficialDocument(data.title, author=data.region_name)
    doc.title()
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
        doc.table(UNIT_HEADERS, unit_rows(data), [1.2, 4.0, 1.8, 1.8, 2.0, 2.2, 2.6], _LEFT)
    else:
        doc.body(f"{data.month}月底前没有到期的牵头任务。")

    doc.heading("三、逾期未完成事项")
    if data.red:
        doc.body(f"截至{data.as_of_text}，逾期未完成事项{len(data.red)}项：")
        # A4 portrait has no room for a separate 事项 column: the label leads the task's text
        rows = [[r[0], f"{r[1]}：{r[2]}", *r[3:]] for r in red_rows(data)]
        headers = [h for h in RED_HEADERS if h != "事项"]
        doc.table(headers, rows, [1.2, 5.4, 2.4, 2.6, 1.6, 2.4], _LEFT)
    else:
        doc.body("无逾期未完成事项。")

    doc.heading("四、下步工作要求")
    for text in next_steps(data):
        doc.body(text)

    doc.signature(date_zh(data.today))
    return doc.to_bytes()
