"""The project register's API (issue 13 item 8), its register part: the list with the page's
filters in limit/offset pages, one project with its returns and open problems, registering and
editing (moves and files: ``test_api_moves.py``). Scoped as the pages (out of sight 404,
not allowed 403); bad input a Chinese 400 naming the field, with nothing written; every write
audited; every answer as the OpenAPI document declares it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.audit.models import AuditEntry
from gongye.core.params import MAX_ID
from gongye.projects.choices import ProblemStatus, ProjectKind, ProjectStage, ProjectVerb
from gongye.projects.models import Project, ProjectDocument, ProjectProblem
from tests.enterprises.factories import EnterpriseFactory, IndustryChainFactory
from tests.projects.api_support import API, conforms
from tests.projects.api_support import api_client as _api
from tests.projects.api_support import patch as _patch
from tests.projects.api_support import post as _post
from tests.projects.factories import ProjectFactory, ProjectReturnFactory

pytestmark = pytest.mark.django_db
__all__ = ["conforms"]  # a fixture used by name


def _facts(in_unit, **changes) -> dict:
    facts = {
        "name": "五洲新春轴承项目",
        "enterprise_name": "五洲新春轴承有限公司",
        "kind": "new",
        "location": in_unit("开发区").pk,
        "unit": in_unit("开发区").pk,
        "total_investment": "52000",
        "fixed_asset_investment": "48000",
        "equipment_investment": "30000",
        "planned_start_on": "2022-05-01",
        "planned_produce_on": "2023-12-31",
    }
    facts.update(changes)
    return facts


# ----- the list and one project


@pytest.fixture
def three(unit):
    chain = IndustryChainFactory(name="先进装备制造")
    big = ProjectFactory(
        name="应流集团退城进园",
        total_investment=Decimal("120000"),
        fixed_asset_investment=Decimal("100000"),
        chain=chain,
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 3, 1),
    )
    mid = ProjectFactory(
        name="华鑫泰智能家居",
        kind=ProjectKind.UPGRADE,
        total_investment=Decimal("800"),
        fixed_asset_investment=Decimal("700"),
        equipment_investment=Decimal("500"),
    )
    small = ProjectFactory(
        name="衡山竹木加工",
        location=unit("衡山镇"),
        total_investment=Decimal("300"),
        fixed_asset_investment=Decimal("300"),
        equipment_investment=Decimal("100"),
    )
    return {"big": big, "mid": mid, "small": small, "chain": chain}


def test_the_list_pages_and_filters(plan_office, three, unit, conforms):
    api = _api(plan_office)
    body = api.get(API, {"limit": "2"}).json()
    conforms(API, "get", "200", body)
    assert body["count"] == 3
    assert [p["name"] for p in body["results"]] == ["应流集团退城进园", "华鑫泰智能家居"]
    assert body["previous"] is None and "offset=2" in body["next"]
    rest = api.get(API, {"limit": "2", "offset": "2"}).json()
    assert [p["name"] for p in rest["results"]] == ["衡山竹木加工"]
    assert rest["next"] is None and rest["previous"].endswith("limit=2")
    first = body["results"][0]
    assert first["stage"] == "building" and first["stage_label"] == "在建库"
    assert first["total_investment"] == "120000.00" and first["chain_name"] == "先进装备制造"
    assert first["location_name"] == "开发区" and first["paired_leader"] is None

    def names(**query) -> list[str]:
        response = api.get(API, query)
        assert response.status_code == 200, response.content
        return [p["name"] for p in response.json()["results"]]

    assert names(stage="building") == ["应流集团退城进园"]
    assert names(kind="upgrade") == ["华鑫泰智能家居"]
    assert names(size="large") == ["应流集团退城进园"]
    assert names(size="medium") == ["华鑫泰智能家居"]
    assert names(size="small") == ["衡山竹木加工"]
    assert names(location=str(unit("衡山镇").pk)) == ["衡山竹木加工"]
    assert names(chain=str(three["chain"].pk)) == ["应流集团退城进园"]
    assert names(q="竹木") == ["衡山竹木加工"]
    assert names(chain=str(MAX_ID)) == []
    assert api.get(API, {"offset": "50"}).json()["results"] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("stage", "nope"),
        ("stage", ""),
        ("kind", "castle"),
        ("size", "huge"),
        ("chain", str(MAX_ID + 1)),  # above bigint: a 400, not the driver's overflow
        ("chain", "9" * 40),
        ("chain", "0"),
        ("location", "²"),
        ("location", "-1"),
        ("limit", "0"),
        ("limit", "201"),
        ("offset", "-1"),
        ("q", "x" * 101),
    ],
)
def test_bad_filters_are_a_400_naming_them(plan_office, name, value):
    response = _api(plan_office).get(API, {name: value})
    assert response.status_code == 400, response.content
    assert name in response.json()["errors"]


def test_the_list_is_scoped_like_the_pages(persona, three, kfq_project):
    expected = {
        "plan_office": {"应流集团退城进园", "华鑫泰智能家居", "衡山竹木加工", kfq_project.name},
        "city_leader": {"应流集团退城进园", "华鑫泰智能家居", "衡山竹木加工", kfq_project.name},
        "coop_liaison": {"衡山竹木加工"},
        "lead_liaison": {"应流集团退城进园", "华鑫泰智能家居", kfq_project.name},
        "outsider": set(),
        "enterprise": set(),
    }
    for name, names in expected.items():
        body = _api(persona(name)).get(API).json()
        assert {p["name"] for p in body["results"]} == names, name
        assert body["count"] == len(names)
    for admin in ("auditor", "sys_admin", "sec_admin"):
        assert _api(persona(admin)).get(API).status_code == 403


def test_one_project_is_scoped_and_ids_out_of_range_are_not_found(persona, kfq_project):
    url = f"{API}/{kfq_project.pk}"
    assert _api(persona("county_leader")).get(url).status_code == 200
    assert _api(persona("coop_liaison")).get(url).status_code == 404
    assert _api(persona("outsider")).get(url).status_code == 404
    assert _api(persona("auditor")).get(url).status_code == 403
    office = _api(persona("plan_office"))
    for pk in (str(MAX_ID + 1), "0", "9" * 30, str(MAX_ID)):
        response = office.get(f"{API}/{pk}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_one_project_has_its_returns_and_open_problems(persona, unit, kfq_project, conforms):
    office = persona("plan_office")
    ProjectReturnFactory(project=kfq_project, year=2022, month=5, filed_by=office)
    ProjectReturnFactory(
        project=kfq_project,
        filed_by=office,
        year=2022,
        month=6,
        investment_month=Decimal("50"),
        investment_year=Decimal("150"),
        investment_total=Decimal("150"),
        on_time=False,
    )
    common = {"project": kfq_project, "region": kfq_project.region, "raised_by": office}
    ProjectProblem.objects.create(
        title="用地报批",
        content="林地手续",
        status=ProblemStatus.ASSIGNED,
        unit=unit("开发区"),
        deadline=dt.date(2022, 6, 1),
        **common,
    )
    ProjectProblem.objects.create(
        title="已解决", content="已办结", status=ProblemStatus.CLOSED, **common
    )
    body = _api(office).get(f"{API}/{kfq_project.pk}").json()
    conforms(f"{API}/{{id}}", "get", "200", body)
    assert [(r["year"], r["month"]) for r in body["returns"]] == [(2022, 6), (2022, 5)]
    june = body["returns"][0]
    assert (june["this_month"], june["year_to_date"], june["cumulative"]) == (
        "50.00",
        "150.00",
        "150.00",
    )
    assert june["on_time"] is False and june["photos"] == []
    assert [p["title"] for p in body["open_problems"]] == ["用地报批"]
    assert body["open_problems"][0]["overdue"] is True  # assigned, its deadline passed
    assert body["builder"] == kfq_project.enterprise_name
    assert body["paired_leader_name"] == "county_leader-姓名"
    # the plan office may give it up; a start waits for its proof
    assert body["actions"] == ["cancel"]
    liaison = _api(persona("lead_liaison")).get(f"{API}/{kfq_project.pk}").json()
    assert liaison["actions"] == []


def _queries(api: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


def test_the_reads_take_queries_that_do_not_grow_with_the_data(plan_office, unit, kfq_project):
    api = _api(plan_office)
    detail = f"{API}/{kfq_project.pk}"

    def add(year: int) -> None:
        ProjectFactory()
        for month in range(1, 13):
            row = ProjectReturnFactory(
                project=kfq_project, year=year, month=month, filed_by=plan_office
            )
            ProjectDocument.objects.create(
                project=kfq_project,
                project_return=row,
                kind="photo",
                file="x.png",
                name="x.png",
                content_type="image/png",
                size=1,
                sha256="0" * 64,
                uploaded_by=plan_office,
            )
        ProjectProblem.objects.create(
            project=kfq_project,
            region=kfq_project.region,
            raised_by=plan_office,
            title=f"问题{year}",
            content="内容",
            unit=unit("开发区"),
            status=ProblemStatus.ASSIGNED,
        )

    add(2020)
    before = [_queries(api, url) for url in (detail, API, f"{API}/problems")]
    add(2021)
    assert [_queries(api, url) for url in (detail, API, f"{API}/problems")] == before


# ----- registering and editing


def test_a_township_liaison_registers_a_project_there(persona, unit, conforms):
    liaison = persona("lead_liaison")
    response = _post(_api(liaison), API, _facts(unit))
    assert response.status_code == 201, response.content
    body = response.json()
    conforms(API, "post", "201", body)
    project = Project.objects.get(pk=body["id"])
    assert project.stage == ProjectStage.RESERVE and body["stage"] == "reserve"
    assert project.total_investment == Decimal("52000")
    assert project.planned_start_on == dt.date(2022, 5, 1)
    entry = AuditEntry.objects.get(verb=ProjectVerb.CREATE, target_id=str(project.pk))
    assert entry.actor_id == liaison.pk and entry.after["name"] == "五洲新春轴承项目"


def test_the_builder_is_an_enterprise_the_writer_sees(persona, unit):
    seen = EnterpriseFactory(name="开发区智造有限公司", township=unit("开发区"))
    hidden = EnterpriseFactory(name="衡山精工有限公司", township=unit("衡山镇"))
    liaison = _api(persona("lead_liaison"))
    ok = _post(liaison, API, _facts(unit, enterprise=seen.pk))
    assert ok.status_code == 201, ok.content
    assert ok.json()["builder"] == "开发区智造有限公司" and ok.json()["enterprise"] == seen.pk
    refused = _post(liaison, API, _facts(unit, name="另一个", enterprise=hidden.pk))
    assert refused.status_code == 404
    assert not Project.objects.filter(name="另一个").exists()


def test_registering_is_for_the_office_and_the_township_where_it_is_built(persona, unit):
    # 衡山镇's liaison may not register a project built in 开发区; a bureau may not register
    assert _post(_api(persona("coop_liaison")), API, _facts(unit)).status_code == 403
    assert _post(_api(persona("statistics")), API, _facts(unit)).status_code == 403
    assert _post(_api(persona("county_leader")), API, {}).status_code == 403
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(verb=ProjectVerb.CREATE).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"name": 5}, "name"),  # JSON of the wrong type
        ({"kind": "castle"}, "kind"),
        ({"total_investment": "-1"}, "total_investment"),
        ({"total_investment": 52000}, "total_investment"),  # a number: the document says text
        ({"total_investment": "1e5"}, "total_investment"),
        ({"total_investment": "5000\n"}, "total_investment"),
        ({"total_investment": "1.234"}, "total_investment"),
        ({"total_investment": "0"}, "total_investment"),
        ({"equipment_investment": "49000"}, "equipment_investment"),  # above fixed assets
        ({"fixed_asset_investment": "60000"}, "fixed_asset_investment"),  # above the total
        ({"signed_on": "2099-01-01"}, "signed_on"),
        ({"signed_on": "01/05/2022"}, "signed_on"),
        ({"planned_produce_on": "2022-01-01"}, "planned_produce_on"),  # before the start
        ({"location": 2**63}, "location"),
        ({"location": "开发区"}, "location"),
        ({"unit": MAX_ID}, "unit"),  # no such unit
        ({"chain": MAX_ID}, "chain"),
        ({"chain_link": "x" * 61}, "chain_link"),
        ({"enterprise": 0}, "enterprise"),
    ],
)
def test_bad_facts_are_a_400_naming_the_field_and_nothing_is_written(persona, unit, changes, field):
    response = _post(_api(persona("plan_office")), API, _facts(unit, **changes))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"], body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"]), body["detail"]
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(verb=ProjectVerb.CREATE).exists()


def test_a_location_of_another_county_is_refused(persona, unit):
    jinzhai = unit("经信局", "341524")
    response = _post(_api(persona("plan_office")), API, _facts(unit, location=jinzhai.pk))
    assert response.status_code == 400
    assert response.json()["errors"]["location"] == ["建设地点应为本县的乡镇或开发区。"]


def test_the_unit_edits_its_project_and_the_change_is_audited(persona, unit, kfq_project):
    head = persona("unit_head")
    response = _patch(
        _api(head), f"{API}/{kfq_project.pk}", {"total_investment": "9000", "chain_link": ""}
    )
    assert response.status_code == 200, response.content
    assert response.json()["total_investment"] == "9000.00"
    kfq_project.refresh_from_db()
    assert (
        kfq_project.total_investment == Decimal("9000")
        and kfq_project.name == "开发区智能装备产业园"
    )
    entry = AuditEntry.objects.get(verb=ProjectVerb.UPDATE, target_id=str(kfq_project.pk))
    assert entry.actor_id == head.pk
    assert entry.before == {"total_investment": "8000.00"}
    assert entry.after == {"total_investment": "9000.00"}


def test_editing_is_scoped_and_the_unit_changes_only_by_the_office(persona, unit, kfq_project):
    url = f"{API}/{kfq_project.pk}"
    assert _patch(_api(persona("coop_liaison")), url, {"name": "x"}).status_code == 404
    assert _patch(_api(persona("statistics")), url, {"name": "x"}).status_code == 403
    moved = _patch(_api(persona("lead_liaison")), url, {"unit": unit("衡山镇").pk})
    assert moved.status_code == 403
    bad = _patch(_api(persona("lead_liaison")), url, {"total_investment": "-5", "name": "新名"})
    assert bad.status_code == 400 and "total_investment" in bad.json()["errors"]
    kfq_project.refresh_from_db()
    assert kfq_project.unit == unit("开发区") and kfq_project.name == "开发区智能装备产业园"
    assert not AuditEntry.objects.filter(verb=ProjectVerb.UPDATE).exists()
    ok = _patch(_api(persona("plan_office")), url, {"unit": unit("衡山镇").pk})
    assert ok.status_code == 200 and ok.json()["unit_name"] == "衡山镇"


def test_the_openapi_document_has_the_project_endpoints(db):
    doc = Client().get("/api/v1/openapi.json").json()
    expected = {
        API: {"get", "post"},
        f"{API}/{{id}}": {"get", "patch"},
        f"{API}/{{id}}/moves": {"post"},
        f"{API}/{{id}}/documents": {"post"},
        f"{API}/{{id}}/returns": {"get", "post"},
        f"{API}/{{id}}/problems": {"post"},
        f"{API}/problems": {"get"},
        f"{API}/problems/{{id}}": {"get"},
        f"{API}/problems/{{id}}/actions": {"post"},
    }
    paths = {p: ops for p, ops in doc["paths"].items() if p.startswith(API)}
    assert {p: set(ops) for p, ops in paths.items()} == expected
    for operations in paths.values():
        for operation in operations.values():
            assert {"400", "401", "403", "404"} <= set(operation["responses"])
            assert any("\u4e00" <= ch <= "\u9fff" for ch in operation["summary"])
    filed = doc["paths"][f"{API}/{{id}}/returns"]["post"]
    assert {"200", "201"} <= set(filed["responses"])
    assert set(filed["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    params = {p["name"]: p["schema"] for p in doc["paths"][API]["get"]["parameters"]}
    assert params["chain"]["maximum"] == MAX_ID and params["limit"]["maximum"] == 200
