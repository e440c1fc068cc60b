"""The project list (/projects/): filters by 三库, kind, chain, township or 开发区, size band and
name; each reader sees only the projects they may; 50 a page; a query count flat as data
grows; and the 项目库 entry in the navigation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.projects.choices import ProjectKind, ProjectStage
from tests.enterprises.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    IndustryChainFactory,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


@pytest.fixture
def register(unit, persona):
    """Four projects, one per filter; largest first."""
    chain = IndustryChainFactory(name="高端装备制造")
    return {
        "chain": chain,
        "a": ProjectFactory(
            name="甲智能装备项目",
            location=unit("开发区"),
            unit=unit("开发区"),
            chain=chain,
            stage=ProjectStage.BUILDING,
            started_on=dt.date(2022, 3, 1),
            total_investment=Decimal("8000"),
            paired_leader=persona("county_leader"),
        ),
        "b": ProjectFactory(
            name="乙技改项目",
            enterprise_name="乙竹木有限公司",
            location=unit("衡山镇"),
            unit=unit("衡山镇"),
            kind=ProjectKind.UPGRADE,
            total_investment=Decimal("600"),
            fixed_asset_investment=Decimal("500"),
            equipment_investment=Decimal("300"),
        ),
        "c": ProjectFactory(
            name="丙食品项目",
            location=unit("佛子岭镇"),
            unit=unit("佛子岭镇"),
            kind=ProjectKind.EXPANSION,
            stage=ProjectStage.PRODUCING,
            started_on=dt.date(2021, 5, 1),
            produced_on=dt.date(2022, 1, 10),
            total_investment=Decimal("300"),
            fixed_asset_investment=Decimal("300"),
            equipment_investment=Decimal("100"),
        ),
        "d": ProjectFactory(
            name="丁标准化厂房",
            location=unit("开发区"),
            unit=unit("开发区"),
            kind=ProjectKind.INFRASTRUCTURE,
            stage=ProjectStage.CANCELLED,
            total_investment=Decimal("5000"),  # the band's bound: a 大项目
            fixed_asset_investment=Decimal("5000"),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["甲智能装备项目", "丁标准化厂房", "乙技改项目", "丙食品项目"]),
        ({"stage": "building"}, ["甲智能装备项目"]),
        ({"stage": "cancelled"}, ["丁标准化厂房"]),
        ({"kind": "upgrade"}, ["乙技改项目"]),
        ({"size": "large"}, ["甲智能装备项目", "丁标准化厂房"]),
        ({"size": "medium"}, ["乙技改项目"]),
        ({"size": "small"}, ["丙食品项目"]),
        ({"q": "技改"}, ["乙技改项目"]),
        ({"q": "竹木"}, ["乙技改项目"]),  # the builder's name
        ({"stage": "building", "size": "small"}, []),
    ],
)
def test_list_filters(plan_office, register, query, expected):
    response = _client(plan_office).get("/projects/", query)
    assert response.status_code == 200
    assert _names(response) == expected


def test_list_filters_by_location_and_chain(plan_office, register, unit):
    client = _client(plan_office)
    assert _names(client.get("/projects/", {"location": unit("衡山镇").pk})) == ["乙技改项目"]
    assert _names(client.get("/projects/", {"chain": register["chain"].pk})) == ["甲智能装备项目"]


@pytest.mark.parametrize(
    "query", [{"location": "x"}, {"chain": "9" * 30}, {"stage": "huge"}, {"size": "xl"}]
)
def test_junk_filters_are_said_not_500(plan_office, register, query):
    response = _client(plan_office).get("/projects/", query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_names(response)) == 4  # the refused filter is dropped


def test_a_row_shows_the_project_at_a_glance(plan_office, register):
    html = _client(plan_office).get("/projects/", {"stage": "building"}).content.decode()
    row = html[html.index('data-stage="building"') :]
    row = row[: row.index("</tr>")]
    for text in (
        "甲智能装备项目",
        "在建库",
        register["a"].enterprise_name,
        "开发区",
        ">8000<",
        "2022年3月1日",
        "county_leader-姓名",
    ):
        assert text in row, text
    assert 'href="/projects/new/"' in html  # the plan office registers projects


def test_each_reader_sees_only_their_projects(persona, register, unit):
    assert _names(_client(persona("coop_liaison")).get("/projects/")) == ["乙技改项目"]
    assert _names(_client(persona("lead_liaison")).get("/projects/")) == [
        "甲智能装备项目",
        "丁标准化厂房",
    ]
    assert _names(_client(persona("outsider")).get("/projects/")) == []
    html = _client(persona("statistics")).get("/projects/").content.decode()
    assert 'href="/projects/new/"' not in html  # the bureau reads, does not register


def test_an_enterprise_user_sees_its_own_enterprises_projects(persona, register):
    own = EnterpriseFactory(name="衡山精工有限公司")
    EnterpriseAccountFactory(enterprise=own, user=persona("enterprise"))
    ProjectFactory(name="衡山精工扩建项目", enterprise=own, enterprise_name="")
    assert _names(_client(persona("enterprise")).get("/projects/")) == ["衡山精工扩建项目"]


def test_city_users_see_the_county_column(city_leader, register):
    html = _client(city_leader).get("/projects/").content.decode()
    assert "县（区）" in html and "霍山县" in html


def test_administrators_may_not_read_the_register(persona):
    assert _client(persona("sys_admin")).get("/projects/").status_code == 403


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/projects/", {"size": "large", "page": "2"})
    assert response.status_code == 200
    return len(queries)


def test_the_list_reads_in_a_flat_number_of_queries(plan_office, unit, persona):
    client = _client(plan_office)
    chain = IndustryChainFactory()
    leader = persona("county_leader")
    enterprise = EnterpriseFactory()
    for _n in range(60):
        ProjectFactory(chain=chain, paired_leader=leader, enterprise=enterprise)
    few = _list_queries(client)
    for n in range(120):
        ProjectFactory(
            location=unit("衡山镇"),
            unit=unit("佛子岭镇"),
            chain=chain,
            paired_leader=leader if n % 2 else None,
            enterprise=EnterpriseFactory() if n % 3 == 0 else None,
        )
    many = _list_queries(client)
    assert few == many
    assert many <= 12


def test_fifty_a_page(plan_office):
    for n in range(51):
        ProjectFactory(name=f"项目{n:03d}", total_investment=Decimal(1000 + n))
    client = _client(plan_office)
    first = client.get("/projects/")
    assert len(first.context["page"].object_list) == 50
    assert _names(first)[0] == "项目050"  # the largest first
    second = client.get("/projects/", {"page": "2"})
    assert _names(second) == ["项目000"]
    assert "共 51 个项目" in first.content.decode()


def test_the_navigation_has_the_register(persona):
    assert 'href="/projects/"' in _client(persona("plan_office")).get("/").content.decode()
    assert 'href="/projects/"' in _client(persona("coop_liaison")).get("/").content.decode()
    assert 'href="/projects/"' not in _client(persona("auditor")).get("/").content.decode()
