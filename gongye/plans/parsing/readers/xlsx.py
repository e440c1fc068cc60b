"""Excel (.xlsx/.xlsm) workbooks: every worksheet a table (merged ranges filled in), its leading
single-value rows the sheet's title lines, with the spreadsheet's own row and column numbers."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from lxml import etree

from ..model import Cell, Document, Paragraph, ParseError
from .docx import make_table
from .safety import ReadLimits

SS_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


def _merged_ranges(zf: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of one sheet, 1-based."""
    from openpyxl.utils.cell import range_boundaries

    ranges: list[tuple[int, int, int, int]] = []
    with zf.open(path) as src:
        for _, el in etree.iterparse(
            src, events=("end",), tag=f"{{{SS_NS}}}mergeCell", resolve_entities=False
        ):
            ref = el.get("ref")
            if ref:
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (ValueError, TypeError):
                    continue
                if None not in (min_col, min_row, max_col, max_row):
                    ranges.append((min_row, min_col, max_row, max_col))
            el.clear()
    return ranges


def read_xlsx(data: bytes, zf: zipfile.ZipFile, filename: str, limits: ReadLimits) -> Document:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on damaged files
        raise ParseError(
            "Excel 工作簿已损坏或格式无法识别，请用 Excel 或 WPS 打开后重新保存",
            file=filename,
        ) from exc
    doc = Document(filename=filename, kind="xlsx")
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue  # chart sheets
            ws.reset_dimensions()
            grid: list[list[str]] = []
            for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if r > limits.max_rows:
                    raise ParseError(
                        f"工作表“{ws.title}”超过 {limits.max_rows} 行，无法读取",
                        file=filename,
                    )
                grid.append([_xlsx_value(v) for v in values[: limits.max_cols]])
            path = getattr(ws, "_worksheet_path", None)
            if path:
                for r1, c1, r2, c2 in _merged_ranges(zf, path):
                    if r1 > len(grid) or (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                        continue
                    top = grid[r1 - 1][c1 - 1] if c1 - 1 < len(grid[r1 - 1]) else ""
                    for rr in range(r1, min(r2, len(grid)) + 1):
                        row = grid[rr - 1]
                        if len(row) < c2:
                            row.extend([""] * (c2 - len(row)))
                        for cc in range(c1, min(c2, limits.max_cols) + 1):
                            row[cc - 1] = top
            _append_sheet(doc, grid, ws.title)
    finally:
        wb.close()
    if not doc.blocks:
        raise ParseError("工作簿中所有工作表都是空的，没有任何内容", file=filename)
    return doc


def _append_sheet(doc: Document, grid: list[list[str]], title: str) -> None:
    # Trim empty rows/columns around the used range.
    rows = [r for r in grid]
    while rows and not any(rows[-1]):
        rows.pop()
    start = 0
    while start < len(rows) and not any(rows[start]):
        start += 1
    rows = rows[start:]
    if not rows:
        return
    width = max((max((i + 1 for i, v in enumerate(r) if v), default=0) for r in rows), default=0)
    first = min(next((i for i, v in enumerate(r) if v), width) for r in rows if any(r))
    rows = [(r + [""] * width)[first:width] for r in rows]
    # Leading rows with a single distinct value (a merged title) are the sheet's title lines.
    k = 0
    while k < len(rows) - 1 and len({v for v in rows[k] if v}) <= 1:
        text = next((v for v in rows[k] if v), "")
        if text:
            doc.blocks.append(Paragraph(text=text, index=len(doc.blocks), line=start + k + 1))
        k += 1
    body = rows[k:]
    if body:
        table = make_table(body, len(doc.blocks), name=title)
        # Keep the spreadsheet's own row/column numbers for messages.
        offset_r, offset_c = start + k, first
        table.rows[:] = [
            [Cell(c.text, c.row + offset_r, c.col + offset_c) for c in row] for row in table.rows
        ]
        doc.blocks.append(table)
