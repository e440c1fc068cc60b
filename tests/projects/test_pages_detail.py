"""One project's page (/projects/<pk>/): its facts, the 三库 steps with their dates, the moves
each reader may take now, its files (downloaded as attachments, 404 out of sight), the 月30
returns month by month with their colour, its problems, its history; and the project
register's part of an enterprise's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongye.enterprises.choices import Scale
from gongye.projects.choices import ProjectStage
from gongye.projects.services.problems import problem_raise
from gongye.projects.services.projects import project_document_add, project_move, project_update
from tests.conftest import TINY_PDF
from tests.enterprises.factories import EnterpriseFactory
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _moves(response) -> dict[str, str]:
    """The moves offered: action → "" (a form) or the reason it waits."""
    return {m.action: m.blocked for m, _f in response.context["moves"]}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_page_shows_the_projects_facts(plan_office, kfq_project):
    kfq_project.description = "建设智能装备生产线3条。"
    kfq_project.save()
    response = _client(plan_office).get(f"/projects/{kfq_project.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "开发区智能装备产业园",
        kfq_project.enterprise_name,
        "尚未入企业库",
        "新建",
        'id="total">8000<',
        'id="fixed">7000<',
        'id="equipment">3000<',
        'id="paired-leader">county_leader-姓名<',
        "建设智能装备生产线3条。",
        'data-stage="reserve"',
    ):
        assert text in html, text
    for anchor in ('id="facts"', 'id="stage-section"', 'id="documents"', 'id="returns"'):
        assert anchor in html
    assert 'id="problems"' in html and 'id="trail"' in html


def test_the_builder_from_the_register_is_linked(plan_office, kfq_project):
    enterprise = EnterpriseFactory(name="开发区智造有限公司")
    kfq_project.enterprise = enterprise
    kfq_project.save()
    html = _client(plan_office).get(f"/projects/{kfq_project.pk}/").content.decode()
    assert f'href="/enterprises/{enterprise.pk}/">开发区智造有限公司</a>' in html


def test_each_reader_is_offered_the_moves_they_may_take(persona, kfq_project):
    url = f"/projects/{kfq_project.pk}/"
    # the office starts or gives up a project in 储备库; the start brings its proof with it
    office = _client(persona("plan_office")).get(url)
    assert _moves(office) == {"start": "", "cancel": ""}
    assert 'name="move-start-proof"' in office.content.decode()
    assert 'name="move-cancel-reason"' in office.content.decode()
    assert 'id="edit-link"' in office.content.decode()
    assert 'id="pair-link"' in office.content.decode()
    # its unit starts it, and does not give it up nor pair it
    liaison = _client(persona("lead_liaison")).get(url)
    assert _moves(liaison) == {"start": ""}
    assert 'id="pair-link"' not in liaison.content.decode()
    assert 'id="return-link"' in liaison.content.decode()
    # the bureau and the leaders read
    for name in ("statistics", "county_leader", "city_leader"):
        page = _client(persona(name)).get(url)
        assert _moves(page) == {}, name
        assert 'id="edit-link"' not in page.content.decode()
        assert 'id="document-form"' not in page.content.decode()


def test_a_scale_waits_for_the_enterprise_to_be_above_scale(plan_office, kfq_project):
    enterprise = EnterpriseFactory(name="开发区智造有限公司", scale=Scale.BELOW)
    kfq_project.enterprise = enterprise
    kfq_project.stage = ProjectStage.PRODUCING
    kfq_project.started_on = dt.date(2021, 3, 1)
    kfq_project.completed_on = kfq_project.produced_on = dt.date(2022, 2, 1)
    kfq_project.save()
    client = _client(plan_office)
    moves = _moves(client.get(f"/projects/{kfq_project.pk}/"))
    assert moves["revert_complete"] == ""
    assert "仍为规下企业" in moves["scale"]
    enterprise.scale = Scale.ABOVE
    enterprise.save()
    assert _moves(client.get(f"/projects/{kfq_project.pk}/"))["scale"] == ""


def test_the_steps_show_their_dates(plan_office, kfq_project):
    kfq_project.stage = ProjectStage.PRODUCING
    kfq_project.planned_start_on = dt.date(2021, 2, 1)
    kfq_project.started_on = dt.date(2021, 3, 1)
    kfq_project.completed_on = dt.date(2022, 1, 20)
    kfq_project.produced_on = dt.date(2022, 2, 1)
    kfq_project.save()
    response = _client(plan_office).get(f"/projects/{kfq_project.pk}/")
    steps = {s.label: (s.planned, s.on) for s in response.context["page"].steps}
    assert steps == {
        "签约": (None, None),
        "开工": (dt.date(2021, 2, 1), dt.date(2021, 3, 1)),
        "竣工": (None, dt.date(2022, 1, 20)),
        "投产": (None, dt.date(2022, 2, 1)),
        "纳规": (None, None),
    }
    html = response.content.decode()
    assert "2021年3月1日" in html and "2022年2月1日" in html
    assert 'aria-current="step">投产库<' in html


def test_files_are_listed_and_downloaded_as_attachments(persona, kfq_project, media):
    document = project_document_add(
        actor=persona("lead_liaison"),
        project=kfq_project,
        upload=SimpleUploadedFile("施工许可证.pdf", TINY_PDF),
        kind="permit",
    )
    html = _client(persona("statistics")).get(f"/projects/{kfq_project.pk}/").content.decode()
    assert f'href="/projects/documents/{document.pk}/"' in html
    assert "施工许可证.pdf" in html and "施工许可" in html
    response = _client(persona("county_leader")).get(f"/projects/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == TINY_PDF
    # out of sight: another township's liaison, another county; no reader at all: 403
    for name in ("coop_liaison", "outsider", "enterprise"):
        assert _client(persona(name)).get(f"/projects/documents/{document.pk}/").status_code == 404
    assert _client(persona("auditor")).get(f"/projects/documents/{document.pk}/").status_code == 403


def test_the_returns_table_colours_each_month(plan_office, kfq_project):
    """Started in March 2022; March filed in time, April late, May not filed; on 10 June
    the June return is not yet due (green, yellow, red, none)."""
    kfq_project.stage = ProjectStage.BUILDING
    kfq_project.started_on = dt.date(2022, 3, 10)
    kfq_project.save()
    ProjectReturnFactory(
        project=kfq_project,
        month=3,
        filed_by=plan_office,
        investment_month=Decimal("200"),
        investment_year=Decimal("200"),
        investment_total=Decimal("200"),
        progress="场地平整",
    )
    ProjectReturnFactory(
        project=kfq_project,
        month=4,
        filed_by=plan_office,
        investment_month=Decimal("150.5"),
        investment_year=Decimal("350.5"),
        investment_total=Decimal("350.5"),
        progress="基础施工",
        problems="用电增容待批",
        on_time=False,
    )
    with time_machine.travel(on(2022, 6, 10), tick=False):
        response = _client(plan_office).get(f"/projects/{kfq_project.pk}/")
    rows = [(r.year, r.month, r.colour) for r in response.context["page"].returns]
    assert rows == [
        (2022, 6, "none"),
        (2022, 5, "red"),
        (2022, 4, "yellow"),
        (2022, 3, "green"),
    ]
    html = response.content.decode()
    april = html[html.index('data-month="2022-4"') :]
    april = april[: april.index("</tr>")]
    for text in (">150.5<", ">350.5<", "基础施工", "用电增容待批", "临近时限或迟报"):
        assert text in april, text
    may = html[html.index('data-month="2022-5"') :]
    may = may[: may.index("</tr>")]
    assert "逾期未报" in may
    assert f"/projects/{kfq_project.pk}/returns/new/?year=2022&amp;month=5" in may


def test_the_problems_are_listed(persona, kfq_project):
    problem_raise(
        actor=persona("lead_liaison"),
        project=kfq_project,
        title="用地指标未落实",
        content="二期用地指标尚未下达。",
    )
    response = _client(persona("county_leader")).get(f"/projects/{kfq_project.pk}/")
    html = response.content.decode()
    assert "用地指标未落实" in html and "待交办" in html
    assert [p.title for p in response.context["page"].problems] == ["用地指标未落实"]


def test_the_history_is_read_from_the_audit_log(persona, kfq_project, media):
    office = persona("plan_office")
    project_update(actor=office, project=kfq_project, facts={"total_investment": "9000"})
    project_move(
        actor=office,
        project=kfq_project,
        action="start",
        on=dt.date(2022, 3, 1),
        proof=[(SimpleUploadedFile("现场.pdf", TINY_PDF), "permit")],
    )
    response = _client(persona("unit_head")).get(f"/projects/{kfq_project.pk}/")
    trail = [(t.verb_label, t.text) for t in response.context["page"].trail]
    assert trail == [
        ("项目开工", "开工日期：2022年3月1日"),
        ("上传项目材料", "施工许可：现场.pdf"),
        ("修改项目信息", "修改了：总投资（万元）"),
    ]
    assert "plan_office-姓名" in response.content.decode()


def test_out_of_sight_is_404_and_no_reader_403(persona, kfq_project):
    for name in ("coop_liaison", "outsider", "enterprise"):
        assert _client(persona(name)).get(f"/projects/{kfq_project.pk}/").status_code == 404
    assert _client(persona("sys_admin")).get(f"/projects/{kfq_project.pk}/").status_code == 403
    assert _client(persona("plan_office")).get("/projects/999999/").status_code == 404


# ----- the enterprise page's 项目 section


def test_the_enterprise_page_lists_its_projects(persona, unit):
    enterprise = EnterpriseFactory(name="开发区智造有限公司", township=unit("开发区"))
    ProjectFactory(
        name="智造二期",
        enterprise=enterprise,
        enterprise_name="",
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 4, 1),
    )
    ProjectFactory(name="别家的项目")
    response = _client(persona("lead_liaison")).get(f"/enterprises/{enterprise.pk}/")
    html = response.content.decode()
    section = html[html.index('<section class="card mb-3" id="projects">') :]
    section = section[: section.index("</section>")]
    assert "智造二期" in section and "在建库" in section and "2022年4月1日" in section
    assert "别家的项目" not in section
    assert 'href="#projects"' in html
    assert "项目库上线后显示" not in html


def test_the_enterprise_page_shows_only_the_projects_the_reader_may_see(persona, unit):
    """衡山镇's liaison sees the enterprise (it is in 衡山镇) but not its 开发区 project."""
    enterprise = EnterpriseFactory(name="衡山精工有限公司", township=unit("衡山镇"))
    ProjectFactory(name="精工开发区新厂", enterprise=enterprise, enterprise_name="")
    html = _client(persona("coop_liaison")).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert 'id="projects"' in html
    assert "精工开发区新厂" not in html
    assert "暂无项目。" in html
