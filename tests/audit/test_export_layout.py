"""The audit log's spreadsheet prints as it reads (issue 11, item 14): the long before/after
texts wrap inside their column in rows tall enough for them, the page fitted to its width, and
LibreOffice prints no text over other text."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from gongye.audit.exports import MAX_ROW_HEIGHT
from gongye.audit.services import audit_record
from tests.office_kit import overlapping_words, to_pdf


def test_long_entries_wrap_in_rows_tall_enough(org, auditor, plan_office, tmp_path):
    long = {"说明": "开展规上工业企业研发费用年报业务及高企申报培训。" * 6, "ip": "127.0.0.1"}
    for i in range(3):
        audit_record(actor=plan_office, verb="update", target_repr=f"第{i}项", after=long)
    audit_record(actor=plan_office, verb="update", target_repr="短", after={"a": 1})
    client = Client()
    client.force_login(auditor)
    response = client.get("/audit/export.xlsx", {"verb": "update"})
    assert response["Content-Disposition"].startswith("attachment; filename=341525-audit-")
    ws = load_workbook(io.BytesIO(response.content)).active
    heights = {ws.cell(r, 7).value: ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)}
    assert all(60 <= heights[f"第{i}项"] <= MAX_ROW_HEIGHT for i in range(3))
    assert (heights["短"] or 0) < heights["第0项"]  # a short entry keeps a short row
    assert ws.cell(2, 10).alignment.wrap_text
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    pdf = to_pdf({"audit.xlsx": response.content}, tmp_path)["audit.xlsx"]
    assert overlapping_words(pdf) == []
