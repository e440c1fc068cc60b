"""Spreadsheets in the office's style, for every export: title in 方正小标宋简体, a note line
(as of when, which filters), a grey 黑体 header frozen on screen and repeated on print, body in
仿宋_GB2312, rows tall enough for wrapped Chinese, A4 landscape fitted to the page width.

It is also the one way the product turns a workbook into bytes (``workbook_bytes``), and that
path neutralises formulas (issue 10, item 5: CSV/formula injection, OWASP "CSV Injection"). A
task text, unit or target name starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would otherwise open as a live formula (``=HYPERLINK(...)`` sends the reader to any site).
Every such text cell is written as a string cell (``t="s"``, never ``<f>``) with the
``quotePrefix`` style, which is what Excel and LibreOffice store when a person types ``'=1``:
the cell shows the original characters, reads back unchanged, and stays text when edited.
Numbers, dates and booleans are left alone (``-2`` stays the number −2). The product writes no
formulas of its own, so every formula cell is turned back into its text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from unicodedata import east_asian_width

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

TITLE_FONT = "方正小标宋简体"
HEADER_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"

# Excel's own good / neutral / bad fills, which officials recognise.
XLSX_FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE"}
WIDE_HEADERS = {"重点工作", "牵头单位", "配合单位", "滞后原因", "单位", "项目", "说明"}


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[Any]]
    widths: list[float]
    fills: list[dict[int, str]] = field(default_factory=list)  # per row: column → colour
    note: str = ""
    name: str = ""  # the worksheet's tab
    wide: set[int] = field(default_factory=set)  # left-aligned columns (long text)


HEADER_ROW = 3  # title, note, header; data from row 4

# What spreadsheet programs take as the start of a formula (Excel also runs ``+``/``-``/``@``
# lines as formulas; a leading tab or CR hides the ``=`` from a quick glance and some parsers).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet program could run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(cell: Cell) -> Cell:
    """Makes ``cell`` plain text when its value could run as a formula; other cells unchanged."""
    value = cell.value
    if cell.data_type == "f" or is_formula_like(value):
        if not isinstance(value, str):  # an ArrayFormula / DataTableFormula object
            value = str(getattr(value, "text", "") or "")
        cell.value = value  # re-bind, then force the type openpyxl guessed as "f"
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def new_workbook() -> Workbook:
    """An empty workbook (one default sheet), for writers with their own layout."""
    from openpyxl import Workbook

    return Workbook()


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file of ``wb``, every cell of every sheet neutralised first: the one path by
    which the product writes a spreadsheet (``tests/test_house_rules.py`` holds it)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    neutralise(cell)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """Workbook in the office's style: title (方正小标宋简体), a note line (as of when, which
    filters), a grey 黑体 header frozen on screen and repeated on print, A4 landscape."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = new_workbook()
    assert wb.active is not None  # a new workbook has its one default sheet
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name=HEADER_FONT, size=11, bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    body_font = Font(name=BODY_FONT, size=11)
    for sheet in sheets:
        name = (sheet.name or sheet.title or "Sheet")[:31]
        ws = wb.create_sheet(name.translate(str.maketrans("", "", "[]:*?/\\")) or "Sheet")
        n = max(len(sheet.headers), 1)
        ws.cell(row=1, column=1, value=sheet.title).font = Font(name=TITLE_FONT, size=16)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
        ws.row_dimensions[1].height = 30
        ws.cell(row=2, column=1, value=sheet.note).font = Font(name=BODY_FONT, size=10)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=n)
        # a long note wraps within the table's width, its row as tall as it needs
        ws.cell(row=2, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        if sheet.widths and sheet.note:
            note_height = row_height([sheet.note], [sum(sheet.widths)], font_pt=10)
            if note_height is not None:
                ws.row_dimensions[2].height = note_height
        for c, text in enumerate(sheet.headers, start=1):
            cell = ws.cell(row=HEADER_ROW, column=c, value=text)
            cell.font, cell.fill, cell.border = header_font, header_fill, border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_height = row_height(sheet.headers, sheet.widths)
        if header_height is not None:
            ws.row_dimensions[HEADER_ROW].height = header_height
        wide = sheet.wide or {i for i, h in enumerate(sheet.headers) if h in WIDE_HEADERS}
        for r, values in enumerate(sheet.rows, start=HEADER_ROW + 1):
            fills = sheet.fills[r - HEADER_ROW - 1] if sheet.fills else {}
            # Excel and LibreOffice do not grow a row for wrapped text on their own
            height = row_height(values, sheet.widths)
            if height is not None:
                ws.row_dimensions[r].height = height
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                cell.font, cell.border = body_font, border
                cell.alignment = Alignment(
                    horizontal="left" if c - 1 in wide else "center",
                    vertical="center",
                    wrap_text=True,
                )
                if c - 1 in fills:
                    cell.fill = PatternFill("solid", fgColor=XLSX_FILLS[fills[c - 1]])
        for c, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1).coordinate
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return workbook_bytes(wb)


# What a printed line takes, for row heights: a body line at 11 pt is about 16 points tall in
# the fonts LibreOffice falls back to (Noto Sans CJK's line is 1.45 em), 14 in 仿宋_GB2312; the
# taller figure, so a row is never cut short wherever the file is opened.
LINE_FACTOR = 1.45
ROW_PADDING_PT = 4.0


def text_units(text: str) -> float:
    """The width of ``text`` in column-width units (the width of a "0" in the default font):
    a Chinese (wide) character at 11 pt is 2.1 (Excel fits 33 in a column 70 wide; LibreOffice
    fits more), any other character 1.1 — so an estimate errs toward one more line, never one
    less."""
    return sum(2.1 if east_asian_width(ch) in "WF" else 1.1 for ch in text)


def text_lines(value: Any, width: float) -> int:
    """Printed lines a cell's text takes in a column ``width`` units wide, counting the line
    breaks the text has of its own (a cell holding "科技经信局⏎开发区" is two lines)."""
    text = "" if value is None else str(value)
    usable = max(width - 1.5, 1.0)  # the cell's own left and right padding
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))


def row_height(values: Sequence[Any], widths: Sequence[float], font_pt: float = 11) -> float | None:
    """The height (points) a row needs so its longest wrapped cell shows whole, or None when
    every cell fits on one line (the program's default height). Columns without a width are
    not measured (a merged title, say)."""
    lines = max(
        (text_lines(v, widths[c]) for c, v in enumerate(values) if c < len(widths)),
        default=1,
    )
    if lines <= 1:
        return None
    return round(lines * font_pt * LINE_FACTOR + ROW_PADDING_PT, 1)
