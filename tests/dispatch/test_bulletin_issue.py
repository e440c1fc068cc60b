"""The bulletin as issued (issue 11, item 14): its issue number (期号), its 落款 (the plan
office's unit and the date), dated as of the period it reports rather than the day it was
made, its title never broken inside a word, its overdue table the full width of the page, and
its files named after the county — in the page, the Word file, the Excel file and in
LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from urllib.parse import quote

import pytest
import time_machine
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongye.accounts.models import RoleAssignment
from gongye.dispatch.bulletin import bulletin_data, bulletin_docx, bulletin_xlsx
from gongye.dispatch.bulletin.reads import office_name
from tests.conftest import HUOSHAN
from tests.office_kit import overlapping_words, pdf_lines, to_pdf

from .conftest import SHANGHAI

JULY_5 = dt.date(2022, 7, 5)
LATER = dt.date(2023, 3, 1)


@pytest.fixture(autouse=True)
def _chinese(settings):
    """Each test starts in Chinese (a request in English leaves its language active)."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def june(scenario, org, persona):
    persona("plan_office")  # 科技经信局 holds the plan office's role in 霍山县
    return bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5)


def test_the_issue_number_is_the_months(scenario, org):
    assert bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5).issue_text == "第6期"
    assert bulletin_data(org[HUOSHAN], 2022, 3, today=JULY_5).issue_no == 3


def _parts(document: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_dated_as_of_the_period_not_the_day_it_is_made(scenario, org):
    made_later = bulletin_data(org[HUOSHAN], 2022, 6, today=LATER)
    assert made_later.issued_on == dt.date(2022, 6, 30)
    assert made_later.issued_text == "2022年6月30日"
    # nothing of "today" in it: the same parts twice (the zip's own entry times may differ)
    assert _parts(bulletin_docx(made_later)) == _parts(bulletin_docx(made_later))
    # the month in progress: as of today, the day its figures are as of
    running = bulletin_data(org[HUOSHAN], 2022, 7, today=JULY_5)
    assert running.issued_on == JULY_5


def test_signed_by_the_unit_holding_the_plan_office_role(june, org, unit):
    assert june.issuer == june.signed_by == "霍山县科技经信局"
    # the register's full name wins
    office = unit("科技经信局")
    office.full_name = "霍山县科技经济信息化局"
    office.save(update_fields=["full_name"])
    assert bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5).issuer == "霍山县科技经济信息化局"
    # no plan office (the role withdrawn): the region signs
    RoleAssignment.objects.filter(role="plan_office").update(is_active=False)
    data = bulletin_data(org[HUOSHAN], 2022, 6, today=JULY_5)
    assert (data.issuer, data.signed_by) == ("", "霍山县")


@pytest.mark.parametrize(
    ("region", "name", "full", "signed"),
    [
        ("霍山县", "科技经信局", "", "霍山县科技经信局"),
        ("霍山县", "县科技经信局", None, "霍山县科技经信局"),
        ("金安区", "区经信局", "", "金安区经信局"),
        ("霍山县", "霍山县发改委", "", "霍山县发改委"),
        ("霍山县", "科技经信局", "霍山县科技经济信息化局", "霍山县科技经济信息化局"),
        ("霍山县", None, None, ""),
    ],
)
def test_how_an_office_signs(region, name, full, signed):
    assert office_name(region, name, full) == signed


def test_the_word_file_carries_number_signature_and_a_whole_title(june):
    document = Document(io.BytesIO(bulletin_docx(june)))
    paragraphs = [p for p in document.paragraphs]
    title, number, as_of = paragraphs[:3]
    assert title.text == "霍山县2022年工业及民营经济工作\n6月调度通报"
    assert number.text == "第6期" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert as_of.text == "（截至2022年6月30日）"
    office, date = paragraphs[-2:]
    assert (office.text, date.text) == ("霍山县科技经信局", "2022年6月30日")
    assert office.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert document.core_properties.author == "霍山县科技经信局"
    # both tables the whole width between the margins (15.6 cm on A4 portrait)
    for table in document.tables:
        grid = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.gridCol_lst) / 1440 * 2.54
        assert 15.5 < grid <= 15.61
        assert table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
    # the overdue table gives the task's text the widest column
    red = document.tables[1]
    widths = [int(c.get(qn("w:w"))) for c in red._tbl.tblGrid.gridCol_lst]
    assert red.rows[0].cells[1].text == "重点工作" and widths[1] == max(widths)


def test_the_excel_file_names_the_issue_and_the_office(june):
    wb = load_workbook(io.BytesIO(bulletin_xlsx(june)))
    for ws in wb.worksheets:
        assert ws["A2"].value == "第6期；截至2022年6月30日；霍山县科技经信局"


def test_the_page_shows_number_and_signature(june, login, persona):
    client = login(persona("plan_office"))
    html = client.get("/supervision/bulletin/?year=2022&month=6").content.decode()
    assert re.search(r'id="issue-no">第6期<', html)
    assert '<div id="signed-by">霍山县科技经信局</div>' in html
    assert '<div id="issued-on">2022年6月30日</div>' in html
    client.cookies["django_language"] = "en"
    english = client.get("/supervision/bulletin/?year=2022&month=6").content.decode()
    assert re.search(r'id="issue-no">No\. 6<', english)


def test_the_files_are_named_after_the_county(june, login, persona):
    client = login(persona("plan_office"))
    for fmt in ("docx", "xlsx"):
        response = client.get(f"/supervision/bulletin/export.{fmt}?year=2022&month=6")
        disposition = response["Content-Disposition"]
        assert quote(f"霍山县2022年工业及民营经济工作6月调度通报.{fmt}") in disposition
        assert f"filename=341525-bulletin-2022-06.{fmt}" in disposition


def test_libreoffice_prints_the_bulletin_whole_and_signed(june, login, persona, tmp_path):
    client = login(persona("plan_office"))
    with time_machine.travel(dt.datetime(2023, 3, 1, 9, tzinfo=SHANGHAI), tick=False):
        files = {
            f"bulletin-{fmt}.{fmt}": client.get(
                f"/supervision/bulletin/export.{fmt}?year=2022&month=6"
            ).content
            for fmt in ("docx", "xlsx")
        }
    pdfs = to_pdf(files, tmp_path)
    for name, pdf in pdfs.items():
        assert overlapping_words(pdf) == [], name
    lines = [re.sub(r"\s+", "", line) for line in pdf_lines(pdfs["bulletin-docx.docx"])]
    lines = [line for line in lines if line]
    # the title on two lines broken between its parts, then the issue number
    assert lines[:3] == ["霍山县2022年工业及民营经济工作", "6月调度通报", "第6期"]
    # the 落款 closes the text (before the page number), dated as of June, not March 2023
    signature = [line for line in lines if not re.fullmatch(r"—\d+—", line)][-2:]
    assert signature == ["霍山县科技经信局", "2022年6月30日"]
    assert not any("2023年" in line for line in lines)
