"""The audit log as an .xlsx file for the audit administrator."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill

from gongye.audit.models import AuditEntry
from gongye.core.xlsx import new_workbook, row_height, workbook_bytes

WRAP = Alignment(vertical="top", wrap_text=True)
MAX_ROW_HEIGHT = 409  # points: Excel's and LibreOffice's limit
COLUMNS = [
    ("时间", 20),
    ("操作人", 16),
    ("单位", 18),
    ("区划代码", 10),
    ("操作", 10),
    ("对象类型", 18),
    ("对象", 28),
    ("上级对象", 20),
    ("修改前", 40),
    ("修改后", 40),
    ("IP 地址", 16),
    ("请求编号", 34),
]


def entries_to_xlsx(entries: Iterable[AuditEntry]) -> bytes:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one default sheet
    ws.title = "审计日志"
    ws.append([c for c, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
    widths = [width for _, width in COLUMNS]
    for e in entries:
        ws.append(
            [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_name,
                e.unit_name,
                e.region_code,
                e.verb_label,
                e.target_type,
                e.target_repr,
                e.parent_repr,
                json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
                e.ip or "",
                e.request_id,
            ]
        )
        # long texts (the before/after JSON) wrap inside their column, the row as tall as
        # they need (up to the most a program allows), never printed over the next cells
        row = ws.max_row
        for cell in ws[row]:
            cell.alignment = WRAP
        height = row_height([c.value for c in ws[row]], widths)
        if height is not None:
            ws.row_dimensions[row].height = min(height, MAX_ROW_HEIGHT)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # an actor name or target text such as "=HYPERLINK(...)" stays text (core.xlsx)
    return workbook_bytes(wb)
