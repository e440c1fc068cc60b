"""What the platform writes down stays Chinese when the person reads the pages in English
(issue 11, item 16): an export is an official document (core.http.chinese_document), and the
audit log is one record (audit_record, the refusal reason of access.denied)."""

from __future__ import annotations

import io

from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry


def _english(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def test_a_refusal_reads_in_english_and_is_logged_in_chinese(persona):
    client = _english(persona("lead_liaison"))
    page = client.get("/audit/")
    assert page.status_code == 403
    assert "Only the Audit administrator can read the audit log" in page.content.decode()
    entry = AuditEntry.objects.filter(verb="access.denied").latest("id")
    assert entry.after["reason"] == "只有审计管理员可以查看审计日志（三员分立）。"


def test_an_export_taken_from_an_english_page_is_written_in_chinese(persona, small_plan):
    client = _english(persona("plan_office"))
    page = client.get("/supervision/board/list/?year=2022&month=all")
    assert "key tasks list" in page.content.decode()
    sheet = load_workbook(
        io.BytesIO(client.get("/supervision/board/list/export.xlsx?year=2022&month=all").content)
    ).active
    words = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "重点工作清单" in words and "牵头单位" in words
    assert "key tasks" not in words
    # and the English page after it is English again (the export's Chinese was its own)
    assert "key tasks list" in client.get("/supervision/board/list/?year=2022").content.decode()
