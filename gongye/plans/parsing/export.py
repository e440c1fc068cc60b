"""Write the task table and the targets table in the official Word and Excel layouts.

Layout follows what county offices issue: a title in 方正小标宋简体, header in 黑体, body in
仿宋_GB2312, A4 with margins close to GB/T 9704 (党政机关公文格式), the 月度 column merged
over each month's rows, and the header row repeated on every printed page. Whatever is
exported reads back through :func:`parse_plan` to the same tasks and units.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from .model import ParsedTarget, ParsedTask

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADER_FONT = "黑体"

TASK_HEADERS = ("月度", "序号", "重点工作", "牵头单位", "配合单位")
TARGET_HEADERS = (
    "序号",
    "指标名称",
    "目标类型",
    "比较方式",
    "目标值",
    "计量单位",
    "限定词",
    "完成时限",
    "所属章节",
    "节点安排",
)
KIND_LABELS = {
    "level": "总量",
    "growth": "增速",
    "share": "占比",
    "count": "数量",
    "rank_change": "位次",
    "upper_bound": "上限",
}
COMPARATOR_LABELS = {"gte": "不低于", "lte": "不高于", "eq": "等于", "approx": "左右"}
# the columns of long text in the Word tables (index → share of the width they split); the
# others are as wide as their longest value
TASK_WRAP = {2: 12.5, 3: 3.8, 4: 4.8}  # 重点工作, 牵头单位, 配合单位
TARGET_WRAP = {1: 5.0, 6: 3.0, 8: 3.5, 9: 3.5}  # 指标名称, 限定词, 所属章节, 节点安排


def period_label(task: ParsedTask) -> str:
    if task.month is not None and (not task.period_label or task.period_label.endswith("月")):
        return f"{task.month}月"
    return task.period_label or "全年"


def units_text(names: Sequence[str], open_ended: bool) -> str:
    text = "、".join(names)
    return text + "等" if text and open_ended else text


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _milestones_text(target: ParsedTarget) -> str:
    parts = []
    for m in target.milestones:
        when = f"{m.month}月" if m.month else (m.due.isoformat() if m.due else "")
        parts.append(f"{when}：{_decimal_text(m.value)}{m.unit}")
    return "；".join(parts)


def task_rows(tasks: Sequence[ParsedTask]) -> list[list[str]]:
    return [
        [
            period_label(t),
            str(t.seq) if t.seq is not None else "",
            t.text,
            units_text(t.lead_units, t.lead_open_ended),
            units_text(t.cooperating_units, t.cooperating_open_ended),
        ]
        for t in tasks
    ]


def target_rows(targets: Sequence[ParsedTarget]) -> list[list[str]]:
    return [
        [
            str(i),
            t.name,
            KIND_LABELS.get(t.kind, t.kind),
            COMPARATOR_LABELS.get(t.comparator, t.comparator),
            _decimal_text(t.value),
            t.unit,
            "、".join(t.qualifiers),
            t.due.isoformat() if t.due else "",
            t.chapter,
            _milestones_text(t),
        ]
        for i, t in enumerate(targets, start=1)
    ]


def _runs_of(values: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges of equal consecutive values, for merged cells."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i))
            start = i
    return runs


# --------------------------------------------------------------------------- docx


# The table's text width (版心) on A4 with the GB/T 9704 margins below, and its body size
TEXT_WIDTH_CM = {True: 29.7 - 3.7 - 3.5, False: 21.0 - 2.8 - 2.6}
TABLE_PT = 12


def docx_widths(
    headers: Sequence[str], rows: list[list[str]], wrap: dict[int, float], *, landscape: bool
) -> list[float]:
    """Column widths that fill the page between the margins: dates, values and short words
    (2022-12-31, 不低于) on one line, the long texts sharing the rest (``core.docx.fit_widths``)."""
    from gongye.core.docx import fit_widths

    return fit_widths(
        headers,
        rows,
        TEXT_WIDTH_CM[landscape],
        wrap=wrap,
        body_pt=TABLE_PT,
        header_pt=TABLE_PT,
    )


def _docx_table(
    title: str,
    headers: Sequence[str],
    rows: list[list[str]],
    wrap: dict[int, float],
    *,
    merge_first_column: bool,
    landscape: bool,
) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def east_asian(rpr_owner: object, name: str) -> None:
        rpr = rpr_owner.get_or_add_rPr()  # type: ignore[attr-defined]
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)

    from gongye.core.docx import set_table_width

    widths_cm = docx_widths(headers, rows, wrap, landscape=landscape)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        # GB/T 9704 margins turned with the page: 天头 37 mm becomes the left edge.
        section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.6)
        section.left_margin, section.right_margin = Cm(3.7), Cm(3.5)
    else:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(TABLE_PT)
    east_asian(normal.element, BODY_FONT)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.font.size = Pt(22)
    run.font.name = TITLE_FONT
    east_asian(run._r, TITLE_FONT)

    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)

    table.autofit = False  # fixed layout: the grid widths below are kept by Word and WPS
    set_table_width(table, sum(widths_cm))

    def fill(tc_el: object, text: str, *, header: bool, center: bool, width: float) -> None:
        from docx.table import _Cell

        cell = _Cell(tc_el, table)  # type: ignore[arg-type]
        if header:  # cell widths once, on the header row; body rows follow the grid
            cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        lines = text.split("\n") if text else [""]
        paragraph = cell.paragraphs[0]
        for i, line in enumerate(lines):
            if i:
                paragraph = cell.add_paragraph()
            if center:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if line:
                r = paragraph.add_run(line)
                if header:  # body text takes 仿宋_GB2312 from the Normal style
                    r.font.name = HEADER_FONT
                    east_asian(r._r, HEADER_FONT)

    header_row = table.rows[0]
    tr_pr = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for tc, text, width in zip(header_row._tr.tc_lst, headers, widths_cm, strict=True):
        fill(tc, text, header=True, center=True, width=width)

    first_col = [r[0] for r in rows]
    runs = _runs_of(first_col) if merge_first_column else [(i, i + 1) for i in range(len(rows))]
    starts = {s: e for s, e in runs}
    continuing: set[int] = set()
    for s, e in runs:
        continuing.update(range(s + 1, e))
    for i, values in enumerate(rows):
        row = table.add_row()
        for c, (tc, text, width) in enumerate(zip(row._tr.tc_lst, values, widths_cm, strict=True)):
            short = c != 2 if len(headers) == 5 else c not in (1, 6, 8, 9)
            if c == 0 and merge_first_column and (i in continuing or starts.get(i, i + 1) > i + 1):
                tc_pr = tc.get_or_add_tcPr()
                vmerge = OxmlElement("w:vMerge")
                if i not in continuing:
                    vmerge.set(qn("w:val"), "restart")
                tc_pr.append(vmerge)
                if i in continuing:
                    continue
            fill(tc, text, header=False, center=short, width=width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_tasks_docx(
    tasks: Sequence[ParsedTask], title: str = "重点工作明细表", *, landscape: bool = True
) -> bytes:
    """The key-task table as a .docx.

    Columns: 月度 (merged by month) | 序号 | 重点工作 | 牵头单位 | 配合单位.
    """
    return _docx_table(
        title,
        TASK_HEADERS,
        task_rows(tasks),
        TASK_WRAP,
        merge_first_column=True,
        landscape=landscape,
    )


def export_targets_docx(
    targets: Sequence[ParsedTarget], title: str = "主要目标任务表", *, landscape: bool = True
) -> bytes:
    """The targets table as a .docx, one row per target with its milestones."""
    return _docx_table(
        title,
        TARGET_HEADERS,
        target_rows(targets),
        TARGET_WRAP,
        merge_first_column=False,
        landscape=landscape,
    )


# --------------------------------------------------------------------------- xlsx


def _xlsx_table(
    title: str,
    headers: Sequence[str],
    rows: list[list[str]],
    widths: Sequence[float],
    *,
    merge_first_column: bool,
    wide_columns: set[int],
    numeric_columns: set[int] = frozenset(),  # type: ignore[assignment]
) -> bytes:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from gongye.core.xlsx import new_workbook, row_height, workbook_bytes

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31].translate(str.maketrans("", "", "[]:*?/\\")) or "Sheet1"
    n = len(headers)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws.cell(row=1, column=1, value=title).font = Font(name=TITLE_FONT, size=18)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.row_dimensions[1].height = 36

    header_font = Font(name=HEADER_FONT, size=12, bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    for c, text in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=c, value=text)
        cell.font = header_font
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    header_height = row_height(headers, widths, 12)
    ws.row_dimensions[2].height = max(24, header_height or 0)

    body_font = Font(name=BODY_FONT, size=11)
    for r, values in enumerate(rows, start=3):
        # LibreOffice and Excel keep a row at one line unless told: long texts would overlap
        height = row_height(values, widths, 11)
        if height is not None:
            ws.row_dimensions[r].height = height
        for c, text in enumerate(values, start=1):
            value: object = text
            if c - 1 in numeric_columns and text:
                try:
                    value = int(text) if text.isdigit() else float(text)
                except ValueError:
                    value = text
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = body_font
            cell.border = border
            cell.alignment = Alignment(
                horizontal="left" if c - 1 in wide_columns else "center",
                vertical="center",
                wrap_text=True,
            )
    if merge_first_column and rows:
        for s, e in _runs_of([r[0] for r in rows]):
            if e - s > 1:
                ws.merge_cells(start_row=3 + s, start_column=1, end_row=2 + e, end_column=1)
                # at the top of the merged cell: centred, a month that runs over a page break
                # prints its label at the break, half under the next page's repeated header
                ws.cell(row=3 + s, column=1).alignment = Alignment(
                    horizontal="center", vertical="top", wrap_text=True
                )
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width

    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:2"
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top, ws.page_margins.bottom = 0.8, 0.7
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return workbook_bytes(wb)  # formula-like task text stays text


def export_tasks_xlsx(tasks: Sequence[ParsedTask], title: str = "重点工作明细表") -> bytes:
    """The key-task table as an .xlsx with merged month cells, wrapped text and A4 print set-up."""
    return _xlsx_table(
        title,
        TASK_HEADERS,
        task_rows(tasks),
        (8, 6, 70, 20, 30),
        merge_first_column=True,
        wide_columns={2},
        numeric_columns={1},
    )


def export_targets_xlsx(targets: Sequence[ParsedTarget], title: str = "主要目标任务表") -> bytes:
    """The targets table as an .xlsx."""
    return _xlsx_table(
        title,
        TARGET_HEADERS,
        target_rows(targets),
        (6, 30, 10, 10, 10, 10, 16, 13, 24, 30),
        merge_first_column=False,
        wide_columns={1, 8, 9},
        numeric_columns={0, 4},
    )
