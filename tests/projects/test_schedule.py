"""The 月30调度表 (issue 13 item 4): which projects it lists for a month, each row's figures,
the subtotals by township and by chain and the total (hand-computed below), the month's starts
and completions, the red list, the page, the .xlsx and .docx as a person opens them, and a
query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gongye.audit.models import AuditEntry
from gongye.orgs.models import Region
from gongye.projects.choices import ProblemStatus, ProjectStage
from gongye.projects.models import ProjectProblem, ProjectReturn
from gongye.projects.selectors.projects import ProjectFilters
from gongye.projects.selectors.schedule import schedule_for
from tests.enterprises.factories import IndustryChainFactory
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

D = Decimal
AFTER_DUE = dt.date(2022, 7, 5)  # June's returns were due on 30 June
TITLE = "霍山县2022年6月工业项目调度表"


def filed(project, year, month, this, total, by, *, on_time=True, progress="施工中", problems=""):
    """A return as the service stores it: 本年累计 is the year's months so far summed."""
    earlier = ProjectReturn.objects.filter(project=project, year=year, month__lt=month)
    return ProjectReturnFactory(
        project=project,
        year=year,
        month=month,
        investment_month=D(this),
        investment_year=D(this) + sum((r.investment_month for r in earlier), D(0)),
        investment_total=D(total),
        progress=progress,
        problems=problems,
        on_time=on_time,
        filed_by=by,
    )


@pytest.fixture
def world(unit, plan_office):
    """June 2022, as of 5 July:

    开发区: 装备一期 6000 (plan 2000; A; Mar–Jun 100/200/300/400, cumulative 1000, on time),
            老投产 3000 (no chain; in production since February; January 30, cumulative 2900),
            装备配套 1500 (B; started 8 June; nothing filed: red);
    衡山镇: 食品二期 2000 (plan 800; B; Dec 2021 500, Feb 100, June 50 late; cumulative 650),
            食品投产 900 (A; completed 15 June, produced 20 June; May 80, cumulative 700; June
            not filed: red; one open problem).
    Not listed: in production since 2021, in 储备库, given up, started in July, 金寨县's."""
    chain_a = IndustryChainFactory(name="高端装备制造", sort_order=1)
    chain_b = IndustryChainFactory(name="生态食品", sort_order=2)
    kfq, hs = unit("开发区"), unit("衡山镇")
    building = ProjectStage.BUILDING
    p1 = ProjectFactory(
        name="装备一期",
        enterprise_name="装备公司",
        location=kfq,
        chain=chain_a,
        total_investment=D("6000"),
        year_plan_investment=D("2000"),
        stage=building,
        started_on=dt.date(2022, 3, 10),
    )
    for month, this, total in ((3, 100, 100), (4, 200, 300), (5, 300, 600)):
        filed(p1, 2022, month, this, total, plan_office)
    filed(p1, 2022, 6, 400, 1000, plan_office, progress="主体封顶", problems="用地指标紧张")
    p5 = ProjectFactory(
        name="老投产",
        location=kfq,
        total_investment=D("3000"),
        stage=ProjectStage.PRODUCING,
        started_on=dt.date(2020, 1, 1),
        completed_on=dt.date(2022, 2, 10),
        produced_on=dt.date(2022, 2, 10),
    )
    filed(p5, 2022, 1, 30, 2900, plan_office)
    ProjectFactory(
        name="装备配套",
        location=kfq,
        chain=chain_b,
        total_investment=D("1500"),
        stage=building,
        started_on=dt.date(2022, 6, 8),
    )
    p2 = ProjectFactory(
        name="食品二期",
        location=hs,
        chain=chain_b,
        total_investment=D("2000"),
        year_plan_investment=D("800"),
        stage=building,
        started_on=dt.date(2021, 9, 1),
    )
    filed(p2, 2021, 12, 500, 500, plan_office)
    filed(p2, 2022, 2, 100, 600, plan_office)
    filed(p2, 2022, 6, 50, 650, plan_office, on_time=False)
    p4 = ProjectFactory(
        name="食品投产",
        location=hs,
        chain=chain_a,
        total_investment=D("900"),
        stage=ProjectStage.PRODUCING,
        started_on=dt.date(2021, 5, 1),
        completed_on=dt.date(2022, 6, 15),
        produced_on=dt.date(2022, 6, 20),
    )
    filed(p4, 2022, 5, 80, 700, plan_office)
    ProjectProblem.objects.create(
        project=p4,
        region=p4.region,
        title="电力增容",
        content="需要电力增容。",
        raised_by=plan_office,
        raised_role="plan_office",
        status=ProblemStatus.ASSIGNED,
        unit=hs,
    )
    ProjectProblem.objects.create(  # closed: not counted
        project=p4,
        region=p4.region,
        title="道路",
        content="进场道路。",
        raised_by=plan_office,
        raised_role="plan_office",
        status=ProblemStatus.CLOSED,
    )
    # not on June's sheet
    ProjectFactory(
        name="去年投产",
        location=kfq,
        stage=ProjectStage.PRODUCING,
        started_on=dt.date(2020, 1, 1),
        produced_on=dt.date(2021, 11, 1),
    )
    ProjectFactory(name="储备项目", location=kfq)
    ProjectFactory(
        name="已终止", location=kfq, stage=ProjectStage.CANCELLED, started_on=dt.date(2022, 1, 5)
    )
    ProjectFactory(name="七月开工", location=kfq, stage=building, started_on=dt.date(2022, 7, 2))
    ProjectFactory(
        name="金寨项目",
        region=Region.objects.get(code="341524"),
        location=unit("经信局", "341524"),
        stage=building,
        started_on=dt.date(2022, 1, 1),
    )
    assert (kfq.sort_order, kfq.name) < (hs.sort_order, hs.name)  # 开发区 comes first
    return {"a": chain_a, "b": chain_b, "kfq": kfq, "hs": hs}


def money(t) -> tuple:
    return (
        t.count,
        t.total_investment,
        t.year_plan_investment,
        t.month_investment,
        t.year_investment,
        t.cumulative_investment,
    )


def test_rows_and_their_figures(world, plan_office):
    s = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)
    rows = {
        r.name: (r.month_investment, r.year_investment, r.cumulative_investment, r.colour)
        for r in s.rows
    }
    assert rows == {
        "装备一期": (D("400"), D("1000"), D("1000"), "green"),
        "老投产": (None, D("30"), D("2900"), "none"),
        "装备配套": (None, D("0"), None, "red"),
        "食品二期": (D("50"), D("150"), D("650"), "yellow"),
        "食品投产": (None, D("80"), D("700"), "red"),
    }
    # by township, largest first within one
    assert [r.name for r in s.rows] == ["装备一期", "老投产", "装备配套", "食品二期", "食品投产"]
    first = s.rows[0]
    assert (first.progress, first.problems, first.builder) == (
        "主体封顶",
        "用地指标紧张",
        "装备公司",
    )
    assert {r.name: r.open_problems for r in s.rows}["食品投产"] == 1


def test_subtotals_and_total(world, plan_office):
    s = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)
    assert [(g.name, money(g.totals)) for g in s.by_township] == [
        ("开发区", (3, D("10500"), D("2000"), D("400"), D("1030"), D("3900"))),
        ("衡山镇", (2, D("2900"), D("800"), D("50"), D("230"), D("1350"))),
    ]
    assert [(g.name, money(g.totals)) for g in s.by_chain] == [
        ("高端装备制造", (2, D("6900"), D("2000"), D("400"), D("1080"), D("1700"))),
        ("生态食品", (2, D("3500"), D("800"), D("50"), D("150"), D("650"))),
        ("未明确产业链", (1, D("3000"), D("0"), D("0"), D("30"), D("2900"))),
    ]
    assert money(s.total) == (5, D("13400"), D("2800"), D("450"), D("1260"), D("5250"))


def test_starts_completions_and_the_red_list(world, plan_office):
    s = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)
    assert [r.name for r in s.starts] == ["装备配套"]
    assert [r.name for r in s.completions] == ["食品投产"]
    assert [r.name for r in s.red] == ["装备配套", "食品投产"]


def test_before_the_due_day_nothing_is_red(world, plan_office):
    s = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=dt.date(2022, 6, 27))
    assert s.red == []
    assert {r.name: r.colour for r in s.rows}["装备配套"] == "yellow"  # due in three days


def test_filters_and_scope(world, plan_office, persona):
    by_chain = schedule_for(
        plan_office, 2022, 6, ProjectFilters(chain=world["a"].pk), today=AFTER_DUE
    )
    assert [r.name for r in by_chain.rows] == ["装备一期", "食品投产"]
    assert money(by_chain.total) == (2, D("6900"), D("2000"), D("400"), D("1080"), D("1700"))
    large = schedule_for(plan_office, 2022, 6, ProjectFilters(size="large"), today=AFTER_DUE)
    assert [r.name for r in large.rows] == ["装备一期"]
    township = schedule_for(persona("coop_liaison"), 2022, 6, ProjectFilters(), today=AFTER_DUE)
    assert [r.name for r in township.rows] == ["食品二期", "食品投产"]
    # another month: in May 装备配套 had not started and 食品投产 was still building
    may = schedule_for(plan_office, 2022, 5, ProjectFilters(), today=AFTER_DUE)
    assert [r.name for r in may.rows] == ["装备一期", "老投产", "食品二期", "食品投产"]
    assert {r.name: r.month_investment for r in may.rows}["食品投产"] == D("80")
    assert [r.name for r in may.red] == ["食品二期"]  # nothing filed for May


def _bulk(n: int, unit, by, start: int) -> None:
    kfq = unit("开发区")
    for i in range(n):
        project = ProjectFactory(
            name=f"批量{start + i}",
            location=kfq,
            stage=ProjectStage.BUILDING,
            started_on=dt.date(2022, 1, 1),
        )
        filed(project, 2022, 5, 10, 10, by)
        filed(project, 2022, 6, 10, 20, by)
        ProjectProblem.objects.create(
            project=project,
            region=project.region,
            title="问题",
            content="问题。",
            raised_by=by,
            raised_role="plan_office",
        )


def test_query_count_does_not_grow_with_the_data(plan_office, unit):
    schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)  # the acting role
    _bulk(5, unit, plan_office, 0)
    with CaptureQueriesContext(connection) as few:
        small = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)
    _bulk(10, unit, plan_office, 100)
    with CaptureQueriesContext(connection) as many:
        large = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE)
    assert len(few) == len(many) == 1
    assert (small.total.count, large.total.count) == (5, 15)
    assert large.total.year_investment == D("300") and large.total.cumulative_investment == D("300")


def test_page(world, client, plan_office):
    client.force_login(plan_office)
    with time_machine.travel(on(2022, 7, 5)):
        response = client.get("/projects/schedule/", {"month": "2022-06"})
    assert response.status_code == 200
    html = response.content.decode()
    assert TITLE in html
    assert money(response.context["schedule"].total)[0] == 5
    assert html.count('data-colour="red"') == 2
    assert "合计（5 个）" in html and "开发区小计（3 个）" in html
    assert 'href="/projects/schedule.xlsx?month=2022-06"' in html


def test_page_refuses_a_unit(world, client, persona):
    client.force_login(persona("lead_liaison"))
    assert client.get("/projects/schedule/").status_code == 403
    assert client.get("/projects/schedule.xlsx").status_code == 403


def _download(client, plan_office, fmt: str, **query):
    client.force_login(plan_office)
    with time_machine.travel(on(2022, 7, 5)):
        response = client.get(f"/projects/schedule.{fmt}", {"month": "2022-06", **query})
    assert response.status_code == 200
    assert f"project-schedule-2022-06.{fmt}" in response["Content-Disposition"]
    return response


def test_xlsx(world, client, plan_office):
    response = _download(client, plan_office, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["调度表"]
    assert sheet["A1"].value == TITLE
    assert [c.value for c in sheet[3]][:8] == [
        "序号",
        "项目名称",
        "项目单位",
        "建设地点",
        "产业链",
        "项目类型",
        "所处库",
        "总投资（万元）",
    ]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    first = values[0]
    assert first[:7] == [1, "装备一期", "装备公司", "开发区", "高端装备制造", "新建", "在建库"]
    assert first[7:] == [6000, 2000, 400, 1000, 1000, "主体封顶", "用地指标紧张", "按时报送"]
    assert values[2][1] == "装备配套" and values[2][9] is None and values[2][-1] == "逾期未报"
    assert values[3][1:2] + values[3][7:12] == ["开发区小计（3个）", 10500, 2000, 400, 1030, 3900]
    assert values[5][-2] == "问题清单未销号1项"
    assert values[6][1:2] + values[6][7:12] == ["衡山镇小计（2个）", 2900, 800, 50, 230, 1350]
    assert values[7][1:2] + values[7][7:12] == ["合计（5个）", 13400, 2800, 450, 1260, 5250]
    assert len(values) == 8
    chains = [[c.value for c in row] for row in book["分产业链汇总"].iter_rows(min_row=4)]
    assert chains == [
        ["高端装备制造", 2, 6900, 2000, 400, 1080, 1700],
        ["生态食品", 2, 3500, 800, 50, 150, 650],
        ["未明确产业链", 1, 3000, 0, 0, 30, 2900],
        ["合计", 5, 13400, 2800, 450, 1260, 5250],
    ]
    starts = [[c.value for c in row] for row in book["本月开工"].iter_rows(min_row=4)]
    assert starts == [[1, "装备配套", starts[0][2], "开发区", 1500, "2022年6月8日"]]
    red = [[c.value for c in row][1] for row in book["逾期未报"].iter_rows(min_row=4)]
    assert red == ["装备配套", "食品投产"]
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    assert AuditEntry.objects.filter(verb="export", target_type="projects.schedule").count() == 1


def test_a_formula_looking_name_comes_out_as_text(world, client, plan_office, unit):
    name = '=HYPERLINK("http://example.com","点我")'
    ProjectFactory(
        name=name,
        location=unit("开发区"),
        total_investment=D("100"),
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 6, 1),
    )
    response = _download(client, plan_office, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["调度表"]
    cells = [row[1] for row in sheet.iter_rows(min_row=4) if row[1].value == name]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_docx(world, client, plan_office):
    response = _download(client, plan_office, "docx")
    document = docx.Document(io.BytesIO(response.content))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert document.paragraphs[0].text == TITLE
    main = document.tables[0]
    header = main.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert [c.text for c in header.cells][:4] == ["序号", "项目名称", "建设地点", "总投资"]
    cells = [[c.text for c in row.cells] for row in main.rows[1:]]
    assert cells[0] == [
        "1",
        "装备一期",
        "开发区",
        "6000",
        "2000",
        "400",
        "1000",
        "1000",
        "主体封顶",
        "用地指标紧张",
        "按时报送",
    ]
    assert cells[3][1:8] == ["开发区小计（3个）", "", "10500", "2000", "400", "1030", "3900"]
    assert cells[-1][1:8] == ["合计（5个）", "", "13400", "2800", "450", "1260", "5250"]
    chains = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert chains[-1] == ["合计", "5", "13400", "2800", "450", "1260", "5250"]
    red = document.tables[-1]
    assert [row.cells[1].text for row in red.rows[1:]] == ["装备配套", "食品投产"]
    assert "霍山县2022年6月工业项目调度表.docx" in _chinese_name(response)


def _chinese_name(response) -> str:
    from urllib.parse import unquote

    return unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])


def test_export_names_start_with_the_county(world, client, plan_office):
    response = _download(client, plan_office, "xlsx")
    assert _chinese_name(response) == f"{TITLE}.xlsx"
    assert "filename=341525-project-schedule-2022-06.xlsx" in response["Content-Disposition"]


def test_returns_filed_through_the_service_feed_the_sheet(plan_office, unit):
    """本年累计 and 开工以来累计 as ``return_file`` stores them, a correction included."""
    from gongye.projects.services.returns import return_file

    project = ProjectFactory(
        name="服务报送",
        location=unit("开发区"),
        total_investment=D("1000"),
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2021, 12, 1),
    )
    with time_machine.travel(on(2022, 7, 5)):
        for year, month, this, total in (
            (2021, 12, "40", "40"),
            (2022, 4, "100", "140"),
            (2022, 5, "60", "200"),
            (2022, 4, "110", "150"),  # April corrected: May's figure follows (200 − 150)
        ):
            return_file(
                actor=plan_office,
                project=project,
                year=year,
                month=month,
                investment_month=this,
                investment_total=total,
                progress="施工",
            )
    may = schedule_for(plan_office, 2022, 5, ProjectFilters(), today=AFTER_DUE)
    row = may.rows[0]
    assert (row.month_investment, row.year_investment, row.cumulative_investment) == (
        D("50"),
        D("160"),  # 110 + 50; December's 40 was last year's
        D("200"),
    )
    june = schedule_for(plan_office, 2022, 6, ProjectFilters(), today=AFTER_DUE).rows[0]
    assert (june.month_investment, june.year_investment, june.colour) == (None, D("160"), "red")


def test_the_files_open_in_libreoffice(world, client, plan_office, tmp_path):
    """LibreOffice prints both files: the title and the rows are there, the workbook's rows
    are tall enough for their wrapped text (no words printed over others)."""
    from tests.office_kit import overlapping_words, pdf_lines, to_pdf

    files = {
        "schedule.xlsx": _download(client, plan_office, "xlsx").content,
        "schedule-word.docx": _download(client, plan_office, "docx").content,
    }
    pdfs = to_pdf(files, tmp_path)
    for name, pdf in pdfs.items():
        text = "\n".join(pdf_lines(pdf)).replace(" ", "")
        assert TITLE in text, name
        assert "装备一期" in text and "合计（5个）" in text, name
    assert overlapping_words(pdfs["schedule.xlsx"]) == []
