"""Formula injection (issue 10, item 5): a task text, unit name, target name or audit entry that
starts like a formula comes out of every .xlsx the product writes as text — never a formula
cell — reading back exactly as typed, and LibreOffice opens it as text too."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.xlsx import Sheet, is_formula_like, new_workbook, workbook_bytes, xlsx_bytes
from gongye.orgs.models import Unit
from gongye.plans.models import Task

pytestmark = pytest.mark.django_db

HUOSHAN = "341525"
LINK = '=HYPERLINK("http://x","y")'
FORMULAS = (LINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1")


def _cells(content: bytes) -> list:
    wb = load_workbook(io.BytesIO(content))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _assert_safe(content: bytes) -> set[str]:
    """No formula cell anywhere; answers the formula-like texts found (whole cell values)."""
    cells = _cells(content)
    formulas = [(c.parent.title, c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    for cell in cells:
        if is_formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    return {c.value for c in cells if isinstance(c.value, str)}


def test_the_writer_keeps_formula_like_text_as_text_and_numbers_as_numbers():
    row = [*FORMULAS, "\r=2", -2, 3.5, "普通文字"]
    content = xlsx_bytes([Sheet(title="表", headers=["列"] * len(row), rows=[row], widths=[10])])
    assert set(row[:6]) <= _assert_safe(content)
    wb = load_workbook(io.BytesIO(content))
    values = [c.value for c in wb.worksheets[0][4]]
    assert values == row  # unchanged: no apostrophe added, numbers still numbers
    assert [c.data_type for c in wb.worksheets[0][4]][6:8] == ["n", "n"]


def test_a_formula_set_directly_on_a_cell_is_saved_as_text():
    """Whatever a writer does with openpyxl, ``workbook_bytes`` is the way out, and it saves
    no formula: the text of one is kept."""
    wb = new_workbook()
    ws = wb.active
    ws["A1"] = "=1+1"
    ws.append(["=SUM(A1)", 5])
    cells = _cells(workbook_bytes(wb))
    assert [(c.value, c.data_type) for c in cells if c.value is not None] == [
        ("=1+1", "s"),
        ("=SUM(A1)", "s"),
        (5, "n"),
    ]


PEOPLE = ("plan_office", "county_leader", "auditor", "lead_liaison", "statistics")


@pytest.fixture
def formula_plan(small_plan, unit, persona):
    """The small plan with a formula-like task text, unit name and target name, and an audit
    entry naming one; the people who download (made first: personas find units by name)."""
    people = {name: persona(name) for name in PEOPLE}
    Task.objects.filter(plan=small_plan, seq=1).update(text=LINK)
    Task.objects.filter(plan=small_plan, seq=2).update(text="+1+1")
    Unit.objects.filter(pk=unit("开发区").pk).update(name="@SUM(A1)")
    small_plan.targets.update(name="\t=1")
    audit_record(
        actor=None,
        verb=Verb.UPDATE,
        target_type="plans.task",
        target_repr="-2+3",
        region_code=HUOSHAN,
    )
    return small_plan, people


def _download(client, user, url: str, **query) -> bytes:
    client.force_login(user)
    response = client.get(url, query)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def test_every_export_neutralises_formulas(client, formula_plan):
    plan, people = formula_plan
    office, leader = people["plan_office"], people["county_leader"]
    month = {"year": plan.year, "month": 1}
    exports = {
        "plan tasks": (office, reverse("plans:plan_export", args=[plan.pk, "tasks", "xlsx"]), {}),
        "plan targets": (
            office,
            reverse("plans:plan_export", args=[plan.pk, "targets", "xlsx"]),
            {},
        ),
        "board": (office, reverse("dispatch:board_xlsx"), month),
        "calendar": (office, reverse("dispatch:calendar_xlsx"), month),
        "list": (office, reverse("dispatch:list_xlsx"), month),
        "timeline": (office, reverse("dispatch:timeline_xlsx"), {"year": plan.year}),
        "bulletin": (
            office,
            reverse("dispatch:bulletin_export", args=["xlsx"]),
            {"region": HUOSHAN, **month},
        ),
        "cockpit": (leader, reverse("front:cockpit_xlsx"), {"year": plan.year}),
        "audit log": (people["auditor"], reverse("audit:entry_export"), {}),
        "progress sheet": (
            people["lead_liaison"],
            reverse("supervision:progress_sheet_download"),
            {},
        ),
        "statistics template": (
            people["statistics"],
            reverse("indicators:statistics_template", kwargs={"plan_pk": plan.pk}),
            {},
        ),
    }
    found: dict[str, set[str]] = {}
    for name, (user, url, query) in exports.items():
        texts = _assert_safe(_download(client, user, url, **query))
        found[name] = {f for f in FORMULAS if f in texts}
    # each export carries at least one of the texts, unchanged, as a whole cell
    assert all(found.values()), found
    assert found["plan tasks"] >= {LINK, "+1+1", "@SUM(A1)"}
    assert "\t=1" in found["plan targets"] and "\t=1" in found["statistics template"]
    assert "-2+3" in found["audit log"]
    assert "+1+1" in found["progress sheet"]


def test_libreoffice_opens_them_as_text(tmp_path: Path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    row = list(FORMULAS)
    source = tmp_path / "formulas.xlsx"
    source.write_bytes(
        xlsx_bytes([Sheet(title="表", headers=["列"] * len(row), rows=[row], widths=[10] * 5)])
    )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "formulas.csv").read_text(encoding="utf-8", errors="replace")
    # shown as typed, not evaluated (no "y" link text, no 2, no 1, no #NAME?)
    assert '"=HYPERLINK(""http://x"",""y"")",+1+1,-2+3,@SUM(A1),\t=1' in text
