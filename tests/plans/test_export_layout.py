"""The plan's official tables print as they should (issue 11, item 14): in the task and target
spreadsheets every row is tall enough for its wrapped text, in the Word tables the columns fill
the page between the margins and keep dates and values on one line — and LibreOffice, opening
the files the plan office downloads, prints no text over other text and no broken date."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongye.core.docx import CELL_PADDING_CM, text_width_cm
from gongye.core.xlsx import row_height
from gongye.plans.exports import plan_table_file
from gongye.plans.parsing.export import TABLE_PT, TEXT_WIDTH_CM, target_rows, task_rows
from tests.office_kit import overlapping_words, pdf_words, to_pdf

from .helpers import parsed_tasks_from_db

pytestmark = pytest.mark.django_db

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture
def plan(seed_plan):
    return seed_plan.plan


def _xlsx(plan, table):
    return load_workbook(io.BytesIO(plan_table_file(plan, table, "xlsx"))).active


def test_every_task_row_is_as_tall_as_its_wrapped_text(plan):
    ws = _xlsx(plan, "tasks")
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    rows = task_rows(parsed_tasks_from_db(plan))
    tall = 0
    for r, values in enumerate(rows, start=3):
        expected = row_height(values, widths, 11)
        assert ws.row_dimensions[r].height == expected, (r, values[2])
        tall += expected is not None
    assert tall > 20  # the seed's long tasks wrap: many rows are taller than one line
    # the longest task's row is the tallest, at least three lines of 11-point text
    longest = max(range(len(rows)), key=lambda i: len(rows[i][2]))
    heights = [ws.row_dimensions[r].height or 0 for r in range(3, 3 + len(rows))]
    assert heights[longest] == max(heights) >= 3 * 11 * 1.3


def test_target_rows_and_header_have_heights(plan):
    ws = _xlsx(plan, "targets")
    widths = [ws.column_dimensions[chr(65 + i)].width for i in range(10)]
    header = [c.value for c in ws[2]]
    assert ws.row_dimensions[2].height >= max(24, row_height(header, widths, 12) or 0)
    assert any(ws.row_dimensions[r].height for r in range(3, ws.max_row + 1))


def _docx_widths(content: bytes) -> tuple[list[float], float]:
    document = Document(io.BytesIO(content))
    (table,) = document.tables
    grid = [int(c.get(qn("w:w"))) / 1440 * 2.54 for c in table._tbl.tblGrid.gridCol_lst]
    stated = int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) / 1440 * 2.54
    return grid, stated


@pytest.mark.parametrize("table", ["targets", "tasks"])
def test_word_tables_fill_the_page_between_the_margins(plan, table):
    grid, stated = _docx_widths(plan_table_file(plan, table, "docx"))
    text_width = TEXT_WIDTH_CM[True]  # landscape A4, GB/T 9704 margins
    assert text_width - 0.1 < sum(grid) <= text_width + 0.01
    assert abs(stated - sum(grid)) < 0.01


def test_target_dates_values_and_short_words_fit_their_columns(plan):
    from gongye.plans.exports import _targets

    grid, _stated = _docx_widths(plan_table_file(plan, "targets", "docx"))
    rows = target_rows(_targets(plan))
    for column in (2, 3, 4, 5, 7):  # 目标类型, 比较方式, 目标值, 计量单位, 完成时限
        for row in rows:
            need = text_width_cm(row[column], TABLE_PT) + CELL_PADDING_CM
            assert grid[column] >= need - 0.02, (column, row[column])


def test_libreoffice_prints_the_tables_without_overlaps_or_broken_dates(plan, tmp_path):
    files = {
        f"{table}-{fmt}.{fmt}": plan_table_file(plan, table, fmt)
        for table in ("tasks", "targets")
        for fmt in ("xlsx", "docx")
    }
    pdfs = to_pdf(files, tmp_path)
    for name, pdf in pdfs.items():
        assert overlapping_words(pdf) == [], name
    # every target's date prints whole, as one word, in both files
    dated = sum(1 for t in plan.targets.all() if t.due)
    assert dated > 20
    for name in ("targets-docx.docx", "targets-xlsx.xlsx"):
        words = [w.text for w in pdf_words(pdfs[name])]
        assert sum(1 for w in words if DATE.match(w)) == dated, name
        assert not any(re.fullmatch(r"\d{4}-\d{2}-", w) for w in words), name


def test_the_download_is_named_after_the_county(client, plan, persona):
    client.force_login(persona("plan_office"))
    for table, name in (("tasks", "重点工作明细表"), ("targets", "主要目标")):
        for fmt in ("xlsx", "docx"):
            response = client.get(
                reverse("plans:plan_export", kwargs={"pk": plan.pk, "table": table, "fmt": fmt})
            )
            assert response.status_code == 200
            disposition = response["Content-Disposition"]
            assert "filename=341525-2022-" in disposition
            assert quote(f"霍山县2022年{name}.{fmt}") in disposition
