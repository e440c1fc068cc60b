"""月30 returns in bulk (issue 13 item 3): the month's sheet a unit downloads (its projects
owing or filing, pre-filled with what is filed), and the upload — a good sheet files every
filled row in one go, any bad row writes nothing and says its row and column, who may not is
refused, and the shared upload guard stops what is not a sheet before it is read."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongye.audit.models import AuditEntry
from gongye.core.sheets import UploadLimits
from gongye.projects import returns_sheet
from gongye.projects.choices import ProjectStage, ProjectVerb
from gongye.projects.models import ProjectReturn
from gongye.projects.services.returns_import import (
    ReturnRow,
    ReturnSheetInvalid,
    returns_import,
)
from tests.conftest import TINY_PDF
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

D = Decimal
SHEET_URL = "/projects/returns/sheet.xlsx"
UPLOAD_URL = "/projects/returns/upload/"
HEADERS = [
    "项目编号",
    "项目名称",
    "本月完成投资（万元）",
    "累计完成投资（万元）",
    "形象进度",
    "存在问题",
]


@pytest.fixture(autouse=True)
def _july_5th():
    with time_machine.travel(on(2022, 7, 5), tick=False):
        yield


@pytest.fixture
def world(unit, plan_office):
    """开发区 answers for 装备一期 (June filed: 50 / 350) and 装备二期 (nothing filed), and
    for a project in 储备库 (not on the sheet); 衡山镇 answers for 竹木加工; 配套厂房 is built
    in 开发区 but answered for by 科技经信局 (开发区 sees it, may not file for it)."""
    kfq, hs = unit("开发区"), unit("衡山镇")
    started = {"stage": ProjectStage.BUILDING, "started_on": dt.date(2022, 3, 1)}
    first = ProjectFactory(name="装备一期", location=kfq, total_investment=D("1000"), **started)
    ProjectReturnFactory(
        project=first,
        year=2022,
        month=5,
        investment_month=D("300"),
        investment_total=D("300"),
        filed_by=plan_office,
    )
    ProjectReturnFactory(
        project=first,
        year=2022,
        month=6,
        investment_month=D("50"),
        investment_total=D("350"),
        progress="设备安装",
        problems="缺电",
        filed_by=plan_office,
    )
    second = ProjectFactory(name="装备二期", location=kfq, total_investment=D("500"), **started)
    ProjectFactory(name="储备项目", location=kfq)
    township = ProjectFactory(name="竹木加工", location=hs, **started)
    other_unit = ProjectFactory(name="配套厂房", location=kfq, unit=unit("科技经信局"), **started)
    return {"first": first, "second": second, "township": township, "other": other_unit}


def _sheet(client, who, month="2022-06") -> openpyxl.Workbook:
    client.force_login(who)
    response = client.get(SHEET_URL, {"month": month})
    assert response.status_code == 200, response.status_code
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(book) -> list[list]:
    return [[c.value for c in row] for row in book["月30报送"].iter_rows(min_row=4)]


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, content: bytes, name: str = "报送表.xlsx"):
    return client.post(UPLOAD_URL, {"sheet": SimpleUploadedFile(name, content)})


def _problems(response) -> list[tuple]:
    return [(p.row, p.column_letter, p.message) for p in response.context["problems"]]


def test_the_units_sheet_lists_its_projects_prefilled(world, client, lead_liaison):
    book = _sheet(client, lead_liaison)
    sheet = book["月30报送"]
    assert sheet["B2"].value == "2022-06"
    assert [c.value for c in sheet[3]] == HEADERS
    first, second = world["first"], world["second"]
    assert _rows(book) == [
        [first.pk, "装备一期", 50, 350, "设备安装", "缺电"],
        [second.pk, "装备二期", None, None, None, None],
    ]
    assert AuditEntry.objects.filter(verb="export", target_type="projects.returnsheet").exists()


def test_the_plan_offices_sheet_lists_the_regions_projects(world, client, plan_office):
    names = [row[1] for row in _rows(_sheet(client, plan_office))]
    assert sorted(names) == ["竹木加工", "装备一期", "装备二期", "配套厂房"]


def test_a_formula_looking_name_comes_out_as_text(world, client, lead_liaison, unit):
    name = "=1+2"
    ProjectFactory(
        name=name,
        location=unit("开发区"),
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 6, 1),
    )
    sheet = _sheet(client, lead_liaison)["月30报送"]
    cells = [row[1] for row in sheet.iter_rows(min_row=4) if row[1].value == name]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_a_good_sheet_files_every_filled_row(world, client, lead_liaison):
    book = _sheet(client, lead_liaison)
    sheet = book["月30报送"]
    sheet["C5"], sheet["D5"], sheet["E5"], sheet["F5"] = 120, 120, "基础施工", ""
    response = _upload(client, _bytes(book))
    assert response.status_code == 302
    filed = ProjectReturn.objects.get(project=world["second"], year=2022, month=6)
    assert (filed.investment_month, filed.investment_total, filed.progress) == (
        D("120"),
        D("120"),
        "基础施工",
    )
    assert filed.on_time is False  # filed on 5 July: late
    # the row brought back unchanged is left alone
    first = ProjectReturn.objects.get(project=world["first"], year=2022, month=6)
    assert first.filed_by != lead_liaison
    entry = AuditEntry.objects.get(verb=ProjectVerb.RETURN_IMPORT)
    assert entry.after["filed"] == [world["second"].pk] and entry.after["unchanged"] == 1
    assert AuditEntry.objects.filter(verb=ProjectVerb.RETURN_FILE).count() == 1


def test_the_plan_office_files_several_and_corrects_one(world, client, plan_office):
    book = _sheet(client, plan_office)
    sheet = book["月30报送"]
    rows = {row[1].value: row[0].row for row in sheet.iter_rows(min_row=4)}
    for name, figures in {
        "装备一期": (60, 360, "设备调试"),  # a correction of the filed 50 / 350
        "装备二期": (10, 10, "开工"),
        "竹木加工": (200, 200, "主体施工"),
    }.items():
        r = rows[name]
        sheet[f"C{r}"], sheet[f"D{r}"], sheet[f"E{r}"] = figures
    assert _upload(client, _bytes(book)).status_code == 302
    june = {
        r.project.name: (r.investment_month, r.investment_total, r.progress)
        for r in ProjectReturn.objects.filter(year=2022, month=6).select_related("project")
    }
    assert june == {
        "装备一期": (D("60"), D("360"), "设备调试"),
        "装备二期": (D("10"), D("10"), "开工"),
        "竹木加工": (D("200"), D("200"), "主体施工"),
    }


def test_any_bad_row_writes_nothing_and_says_where(world, client, lead_liaison):
    book = _sheet(client, lead_liaison)
    sheet = book["月30报送"]
    sheet["C4"], sheet["D4"] = 70, 340  # 装备一期: May's cumulative was 300, so June's is 40
    sheet["C5"], sheet["D5"], sheet["E5"] = -5, 600, ""  # negative, above the total, no progress
    sheet["A6"], sheet["C6"], sheet["D6"], sheet["E6"] = world["township"].pk, 1, 1, "x"
    sheet["A7"], sheet["C7"], sheet["D7"], sheet["E7"] = world["other"].pk, 1, 1, "x"
    sheet["A8"], sheet["C8"], sheet["D8"], sheet["E8"] = "十二", 1, 1, "x"
    response = _upload(client, _bytes(book))
    assert response.status_code == 200
    found = _problems(response)
    where = {(row, column) for row, column, _message in found}
    assert where == {
        (4, "C"),  # 70 is not 340 − 300
        (5, "C"),
        (5, "D"),
        (5, "E"),
        (6, "A"),  # 衡山镇's project: not in 开发区's sight
        (7, "A"),  # seen, but answered for by 科技经信局
        (8, "A"),  # not a number
    }
    messages = {(row, column): message for row, column, message in found}
    assert messages[(5, "C")] == "投资额不能为负数。"
    assert "超过项目总投资" in messages[(5, "D")]
    assert messages[(5, "E")] == "请填写形象进度。"
    assert "只有项目责任单位" in messages[(7, "A")]
    html = response.content.decode()
    assert "整张表未写入任何内容" in html and 'data-row="5" data-column="D"' in html
    # nothing written: 装备一期 keeps its figures, 装备二期 has no June return
    first = ProjectReturn.objects.get(project=world["first"], year=2022, month=6)
    assert (first.investment_month, first.investment_total) == (D("50"), D("350"))
    assert not ProjectReturn.objects.filter(project=world["second"]).exists()
    assert not AuditEntry.objects.filter(
        verb__in=[ProjectVerb.RETURN_IMPORT, ProjectVerb.RETURN_FILE]
    ).exists()


def test_one_bad_row_among_good_ones_writes_none(world, lead_liaison):
    rows = [
        ReturnRow(
            row=5,
            project_id=world["second"].pk,
            investment_month="100",
            investment_total="100",
            progress="开工",
        ),
        ReturnRow(
            row=4,
            project_id=world["first"].pk,
            investment_month="10",
            investment_total="200",
            progress="安装",
        ),  # below May's 300
    ]
    with pytest.raises(ReturnSheetInvalid) as refused:
        returns_import(actor=lead_liaison, year=2022, month=6, rows=rows)
    assert [(p.row, p.column_letter) for p in refused.value.problems] == [(4, "D")]
    assert "低于2022年5月已报的" in refused.value.problems[0].message
    assert not ProjectReturn.objects.filter(project=world["second"]).exists()


def test_a_month_to_come_is_said_once_at_the_month(world, client, lead_liaison):
    book = _sheet(client, lead_liaison)
    sheet = book["月30报送"]
    sheet["B2"] = "2022-08"
    sheet["C5"], sheet["D5"], sheet["E5"] = 1, 1, "x"
    for column in "CDEF":  # 装备一期 not filed for that month
        sheet[f"{column}4"] = None
    response = _upload(client, _bytes(book))
    assert response.status_code == 200
    assert [(r, c) for r, c, _m in _problems(response)] == [(2, "B")]


def test_a_sheet_with_its_columns_moved_is_refused_whole(world, client, lead_liaison):
    book = _sheet(client, lead_liaison)
    book["月30报送"]["C3"] = "本月投资"
    response = _upload(client, _bytes(book))
    assert response.status_code == 200
    assert [(r, c) for r, c, _m in _problems(response)] == [(None, None)]
    assert "应为表头" in _problems(response)[0][2]


def test_who_may_not_is_refused(world, client, persona):
    for name in ("enterprise", "county_leader", "statistics", "auditor"):
        client.force_login(persona(name))
        assert client.get(UPLOAD_URL).status_code == 403, name
        assert client.get(SHEET_URL).status_code == 403, name
    book = _sheet(client, persona("lead_liaison"))
    book["月30报送"]["C5"], book["月30报送"]["D5"], book["月30报送"]["E5"] = 1, 1, "x"
    client.force_login(persona("county_leader"))
    assert _upload(client, _bytes(book)).status_code == 403
    assert not ProjectReturn.objects.filter(project=world["second"]).exists()


def test_the_upload_guard_refuses_what_is_not_a_sheet(world, client, lead_liaison, monkeypatch):
    client.force_login(lead_liaison)
    response = _upload(client, TINY_PDF, "伪装.xlsx")
    assert response.status_code == 200
    assert "不是 Excel" in _problems(response)[0][2]
    # a zip whose directory promises more than the guard allows is not opened
    book = _sheet(client, lead_liaison)
    monkeypatch.setattr(returns_sheet, "LIMITS", UploadLimits(max_unpacked=1000))
    response = _upload(client, _bytes(book))
    assert response.status_code == 200
    assert "超过上限" in _problems(response)[0][2]
    # too large by its size: refused before it is read
    monkeypatch.setattr(returns_sheet, "MAX_BYTES", 100)
    response = _upload(client, _bytes(book))
    assert response.status_code == 200
    assert response.context["form"].errors["sheet"]
    assert not AuditEntry.objects.filter(verb=ProjectVerb.RETURN_IMPORT).exists()


def test_the_upload_page_lists_the_months_projects(world, client, lead_liaison):
    client.force_login(lead_liaison)
    response = client.get(UPLOAD_URL, {"month": "2022-06"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/projects/returns/sheet.xlsx?month=2022-06"' in html
    assert [line.project.name for line in response.context["lines"]] == ["装备一期", "装备二期"]
    assert response.context["filed"] == 1
