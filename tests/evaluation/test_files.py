"""The evaluation's files: the 公示 list (.xlsx, .docx) and the score sheet (.docx) carry the
run's ranking, are formula-safe, audited, and open in LibreOffice."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest
import time_machine
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.evaluation.services.runs import run_create, run_publish

TITLE = "霍山县2022年度工业企业亩均效益综合评价结果公示"


@pytest.fixture
def run(persona, version):
    office = persona("plan_office")
    return run_publish(actor=office, run=run_create(actor=office, version=version))


def _get(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_the_publicity_list(run, persona):
    office = persona("plan_office")
    book = openpyxl.load_workbook(
        io.BytesIO(_get(office, f"/evaluation/runs/{run.pk}/publicity.xlsx").content)
    )
    sheet = book.active
    assert sheet["A1"].value == TITLE
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    # 规上 by rank (甲 A, 乙 B, 丙 B, 丁 C, 戊 C, 辛 T), then 规下 (己 B, 庚 C)
    assert [(r[1], r[3], r[6]) for r in rows] == [
        ("甲公司", "规上", "A"),
        ("乙公司", "规上", "B"),
        ("丙公司", "规上", "B"),
        ("丁公司", "规上", "C"),
        ("戊公司", "规上", "C"),
        ("辛公司", "规上", "T"),
        ("己公司", "规下", "B"),
        ("庚公司", "规下", "C"),
    ]
    assert rows[0][4] == 180  # a number, to sort and sum
    document = docx.Document(
        io.BytesIO(_get(office, f"/evaluation/runs/{run.pk}/publicity.docx").content)
    )
    assert document.paragraphs[0].text.replace("\n", "") == TITLE  # broken between its parts
    assert [c.text for c in document.tables[0].rows[1].cells][1:] == [
        "甲公司",
        run.results.get(name="甲公司").credit_code,
        "规上",
        "180.00",
        "1",
        "A",
    ]
    assert AuditEntry.objects.filter(verb="export", target_id=str(run.pk)).count() == 2


def test_the_notice_is_dated_the_countys_day(persona, version):
    """Published at 01:00 on the county's clock (17:00 UTC the day before): the notice is
    signed with the county's date."""
    office = persona("plan_office")
    draft = run_create(actor=office, version=version)
    with time_machine.travel(dt.datetime(2022, 12, 30, 17, 0, tzinfo=dt.UTC), tick=False):
        run = run_publish(actor=office, run=draft)
    document = docx.Document(
        io.BytesIO(_get(office, f"/evaluation/runs/{run.pk}/publicity.docx").content)
    )
    texts = [p.text.strip() for p in document.paragraphs]
    assert "2022年12月31日" in texts and "2022年12月30日" not in texts


def test_a_formula_looking_name_stays_text(run, persona, register):
    from gongye.enterprises.models import Enterprise

    Enterprise.objects.filter(pk=register["甲"].pk).update(name='=HYPERLINK("http://x")')
    office = persona("plan_office")
    fresh = run_publish(actor=office, run=run_create(actor=office, version=run.version))
    sheet = openpyxl.load_workbook(
        io.BytesIO(_get(office, f"/evaluation/runs/{fresh.pk}/publicity.xlsx").content)
    ).active
    cell = next(c for c in sheet["B"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s"  # a string cell, never a formula


def test_the_score_sheet(run, persona):
    own = run.results.get(name="丙公司")
    document = docx.Document(
        io.BytesIO(
            _get(persona("enterprise"), f"/evaluation/results/{own.pk}/score-sheet.docx").content
        )
    )
    assert document.paragraphs[0].text == "霍山县2022年度工业企业亩均效益评价得分表"
    items = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert items[0][:6] == ["亩均税收", "税收 ÷ 用地面积", "60", "10", "5", "30.00"]


def test_the_files_open_in_libreoffice(run, persona, tmp_path):
    from tests.office_kit import overlapping_words, pdf_lines, to_pdf

    office = persona("plan_office")
    own = run.results.get(name="丙公司")
    files = {
        "publicity.xlsx": _get(office, f"/evaluation/runs/{run.pk}/publicity.xlsx").content,
        "publicity-word.docx": _get(office, f"/evaluation/runs/{run.pk}/publicity.docx").content,
        "score.docx": _get(office, f"/evaluation/results/{own.pk}/score-sheet.docx").content,
    }
    pdfs = to_pdf(files, tmp_path)
    for name in ("publicity.xlsx", "publicity-word.docx"):
        text = "".join(pdf_lines(pdfs[name])).replace(" ", "")
        assert TITLE in text and "甲公司" in text and "庚公司" in text, name
    score = "\n".join(pdf_lines(pdfs["score.docx"])).replace(" ", "")
    assert "丙公司" in score and "亩均税收" in score
    assert overlapping_words(pdfs["publicity.xlsx"]) == []
