"""The register's list (filters, 50 a page, a query budget flat as data grows) and one
enterprise's page (facts, figures with year-on-year growth, libraries, appeals, awards,
projects, its audit trail); the 工作台 panel and the navigation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.enterprises.choices import ListingStage, Scale, SrdiLevel
from gongye.enterprises.services import register as services
from tests.enterprises.factories import (
    EnterpriseFactory,
    IndustryChainFactory,
    MonthlyFigureFactory,
    valid_code,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _names(response) -> list[str]:
    return [e.name for e in response.context["page"].object_list]


@pytest.fixture
def register(unit):
    """A small register with one enterprise per filter."""
    chain = IndustryChainFactory(name="高端装备制造")
    today = dt.date.today()
    return {
        "chain": chain,
        "a": EnterpriseFactory(
            name="甲机械有限公司",
            township=unit("衡山镇"),
            scale=Scale.ABOVE,
            industry_code="C3484",
            chain=chain,
            hightech_cert_no="GR1",
            hightech_cert_date=today - dt.timedelta(days=400),
        ),
        "b": EnterpriseFactory(
            name="乙食品有限公司",
            township=unit("开发区"),
            in_dev_zone=True,
            industry_code="C1391",
            srdi_level=SrdiLevel.PROVINCIAL,
            former_names=["丙老字号食品厂"],
            hightech_cert_no="GR0",
            hightech_cert_date=today - dt.timedelta(days=365 * 3 + 10),
        ),
        "c": EnterpriseFactory(
            name="丁材料有限公司",
            township=unit("佛子岭镇"),
            listing_stage=ListingStage.COUNSELLING,
            credit_code=valid_code(777),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["丁材料有限公司", "乙食品有限公司", "甲机械有限公司"]),
        ({"q": "机械"}, ["甲机械有限公司"]),
        ({"q": "老字号"}, ["乙食品有限公司"]),  # a former name
        ({"q": valid_code(777)[:16].lower()}, ["丁材料有限公司"]),  # the code's beginning
        ({"in_dev_zone": "1"}, ["乙食品有限公司"]),
        ({"in_dev_zone": "0"}, ["丁材料有限公司", "甲机械有限公司"]),
        ({"scale": "above"}, ["甲机械有限公司"]),
        ({"industry": "c13"}, ["乙食品有限公司"]),
        ({"srdi_level": "provincial"}, ["乙食品有限公司"]),
        ({"listing_stage": "counselling"}, ["丁材料有限公司"]),
        ({"hightech_valid": "1"}, ["甲机械有限公司"]),  # 乙's certificate lapsed
    ],
)
def test_list_filters(plan_office, register, query, expected):
    response = _client(plan_office).get("/enterprises/", query)
    assert response.status_code == 200
    assert _names(response) == expected


def test_list_filters_by_township_and_chain(plan_office, register, unit):
    client = _client(plan_office)
    township = client.get("/enterprises/", {"township": unit("佛子岭镇").pk})
    assert _names(township) == ["丁材料有限公司"]
    chain = client.get("/enterprises/", {"chain": register["chain"].pk})
    assert _names(chain) == ["甲机械有限公司"]


@pytest.mark.parametrize(
    "query", [{"township": "x"}, {"chain": "9" * 30}, {"industry": "中文"}, {"scale": "huge"}]
)
def test_junk_filters_are_said_not_500(plan_office, register, query):
    response = _client(plan_office).get("/enterprises/", query)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_list_shows_only_what_the_liaison_may_see(coop_liaison, register):
    response = _client(coop_liaison).get("/enterprises/")
    assert _names(response) == ["甲机械有限公司"]
    assert "县（区）" not in response.content.decode()


def test_city_users_see_the_county_column(city_leader, register):
    register["c"].paired_leader = city_leader
    register["c"].save()
    html = _client(city_leader).get("/enterprises/").content.decode()
    assert "县（区）" in html and "霍山县" in html and "丁材料有限公司" in html
    assert "甲机械有限公司" not in html


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/enterprises/", {"scale": "below", "page": "2"})
    assert response.status_code == 200
    return len(queries)


def test_the_list_reads_in_a_flat_number_of_queries(plan_office, unit):
    client = _client(plan_office)
    chain = IndustryChainFactory()
    for _n in range(60):
        EnterpriseFactory(township=unit("衡山镇"), chain=chain)
    few = _list_queries(client)
    for n in range(120):
        EnterpriseFactory(township=unit("佛子岭镇"), chain=chain, in_dev_zone=n % 2 == 0)
    many = _list_queries(client)
    assert few == many
    assert many <= 12


def test_fifty_a_page(plan_office):
    for n in range(51):
        EnterpriseFactory(name=f"企业{n:03d}")
    client = _client(plan_office)
    first = client.get("/enterprises/")
    assert len(first.context["page"].object_list) == 50
    assert _names(client.get("/enterprises/", {"page": "2"})) == ["企业050"]
    assert _names(client.get("/enterprises/", {"page": "junk"}))[0] == "企业000"


def test_an_enterprise_user_lands_on_its_own_page(enterprise, own_enterprise):
    response = _client(enterprise).get("/enterprises/")
    assert response.status_code == 200
    assert response.context["enterprise"] == own_enterprise
    assert "衡山精工有限公司" in response.content.decode()


# ---------------------------------------------------------------- the enterprise page


@pytest.fixture
def filed(own_enterprise, plan_office, county_leader, unit):
    """衡山精工 with three years of June figures, a certificate, a pairing and an edit."""
    MonthlyFigureFactory(enterprise=own_enterprise, year=2020, month=6, revenue=Decimal("500"))
    MonthlyFigureFactory(enterprise=own_enterprise, year=2021, month=6, revenue=Decimal("800"))
    own_enterprise.figures.filter(year=2022, month=5).update(revenue=Decimal("900"))
    MonthlyFigureFactory(
        enterprise=own_enterprise, year=2022, month=6, revenue=Decimal("1000"), employees=120
    )
    services.enterprise_update(
        actor=plan_office,
        enterprise=own_enterprise,
        facts={
            "hightech_cert_no": "GR202134000123",
            "hightech_cert_date": dt.date.today() - dt.timedelta(days=100),
            "srdi_level": SrdiLevel.LITTLE_GIANT,
            "land_owned_mu": Decimal("35.5"),
            "land_rented_mu": Decimal("4"),
        },
    )
    services.enterprise_pair(
        actor=plan_office, enterprise=own_enterprise, leader=county_leader, unit=unit("衡山镇")
    )
    return own_enterprise


def test_the_page_shows_every_section(plan_office, filed):
    response = _client(plan_office).get(f"/enterprises/{filed.pk}/?measure=revenue")
    assert response.status_code == 200
    html = response.content.decode()
    assert filed.credit_code in html and "工商 · 企业" in html
    assert "GR202134000123" in html and "自有 35.5，租用 4" in html
    assert "county_leader-姓名" in html and "衡山镇" in html
    assert "enterprise-姓名（enterprise）" in html  # the linked account
    for anchor in ('id="figures"', 'id="awards"', 'id="projects"', 'id="trail"'):
        assert anchor in html
    assert "暂无项目。" in html  # the project register's part (core.contrib)
    assert "enterprise-chart-data" in html and "vendor/echarts/echarts.min.js" in html
    # the table: June of 2020–2022 with year-on-year growth (800 → 1000: 25.0%)
    table = response.context["page"].figures
    assert table.years == [2020, 2021, 2022]
    june = dict(table.rows)[6]
    assert [c.value for c in june] == ["500", "800", "1000"]
    assert [c.growth for c in june] == ["—", "60.0%", "25.0%"]
    assert table.latest_month == (2022, 6)
    assert table.chart["series"][2]["data"][5] == "1000"
    # awards read from the facts
    titles = [a.title for a in response.context["page"].awards]
    assert titles == ["高新技术企业", "专精特新企业"]
    # the trail: the edit and the pairing, newest first
    trail = response.context["page"].trail
    assert [t.verb_label for t in trail] == ["调整一对一联系", "修改企业信息"]
    assert "联系领导：county_leader-姓名" in trail[0].text
    assert "高企证书编号" in trail[1].text


def test_the_page_includes_the_libraries_and_appeals_sections(plan_office, filed, monkeypatch):
    from gongye.enterprises.views import register as views

    seen = {}

    def libraries(user, enterprise):
        seen["libraries"] = (user, enterprise)
        return []

    def appeals(user, enterprise):
        seen["appeals"] = (user, enterprise)
        return []

    monkeypatch.setattr(views.library_selectors, "libraries_for_enterprise", libraries)
    monkeypatch.setattr(views.appeal_selectors, "appeals_for_enterprise", appeals)
    response = _client(plan_office).get(f"/enterprises/{filed.pk}/")
    html = response.content.decode()
    assert 'id="libraries-section"' in html and 'id="enterprise-appeals"' in html
    assert response.context["library_entries"] == [] and response.context["appeals"] == []
    assert seen["libraries"] == (plan_office, filed) and seen["appeals"] == (plan_office, filed)


def test_reads_are_listed_for_the_plan_office_only(plan_office, coop_liaison, filed):
    _client(coop_liaison).get(f"/enterprises/{filed.pk}/")
    office = _client(plan_office).get(f"/enterprises/{filed.pk}/").context["page"]
    assert [r.actor_name for r in office.reads][:2] == ["plan_office-姓名", "coop_liaison-姓名"]
    liaison = _client(coop_liaison).get(f"/enterprises/{filed.pk}/").context["page"]
    assert liaison.reads == []


def _page_queries(client, pk) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/enterprises/{pk}/").status_code == 200
    return len(queries)


def test_the_page_reads_in_a_flat_number_of_queries(plan_office, filed):
    client = _client(plan_office)
    client.get(f"/enterprises/{filed.pk}/")  # the session's first request warms its caches
    few = _page_queries(client, filed.pk)
    for month in range(1, 13):
        MonthlyFigureFactory(enterprise=filed, year=2019, month=month)
        if month not in (5, 6):
            MonthlyFigureFactory(enterprise=filed, year=2022, month=month)
    for _n in range(30):
        EnterpriseFactory()
    assert _page_queries(client, filed.pk) == few


def test_forms_create_edit_pair(plan_office, county_leader, own_enterprise, unit):
    client = _client(plan_office)
    response = client.post(
        "/enterprises/new/",
        {
            "credit_code": valid_code(31),
            "name": "",
            "ownership": "private",
            "scale": "below",
            "land_owned_mu": "0",
            "land_rented_mu": "0",
        },
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    response = client.post(
        f"/enterprises/{own_enterprise.pk}/edit/",
        {
            # a wrong check character (never the right one, whatever the factory drew)
            "credit_code": own_enterprise.credit_code[:-1]
            + ("1" if own_enterprise.credit_code.endswith("0") else "0"),
            "name": "衡山精工",
            "ownership": "private",
            "scale": "below",
            "land_owned_mu": "0",
            "land_rented_mu": "0",
        },
    )
    assert "校验码" in response.content.decode()
    response = client.post(
        f"/enterprises/{own_enterprise.pk}/pair/",
        {"leader": county_leader.pk, "unit": unit("衡山镇").pk},
    )
    assert response.status_code == 302
    own_enterprise.refresh_from_db()
    assert own_enterprise.paired_leader == county_leader


def test_the_home_panel_lists_a_leaders_paired_enterprises(county_leader, plan_office, filed):
    html = _client(county_leader).get("/").content.decode()
    assert 'id="home-enterprises"' in html and "一对一联系企业" in html
    assert "衡山精工有限公司" in html and "2022年6月" in html
    office = _client(plan_office).get("/").content.decode()
    assert 'id="agg-total"' in office


def test_the_cockpit_shows_a_leaders_paired_enterprises_and_the_county_sums(
    county_leader, plan_office, city_leader, filed, kfq_enterprise, small_plan
):
    """Item 5: the leader's cockpit lists their paired enterprises (not the others) and the
    county's register summed up; the plan office sees the sums only; a city's leader looking
    at the county's cockpit sees neither (the city's register is not the county's)."""
    leader = _client(county_leader).get("/indicators/cockpit/", {"region": "341525"})
    html = leader.content.decode()
    assert 'id="cockpit-enterprises"' in html
    paired = leader.context["sections"][0].context.paired
    assert [row.enterprise for row in paired.rows] == [filed]
    assert "衡山精工有限公司" in html and "开发区智造有限公司" not in html
    assert leader.context["sections"][0].context.aggregates.total == 2
    office = _client(plan_office).get("/indicators/cockpit/").content.decode()
    assert 'id="cockpit-register"' in office and 'id="home-paired"' not in office
    city = _client(city_leader).get("/indicators/cockpit/", {"region": "341525"})
    assert city.status_code == 200 and 'id="cockpit-enterprises"' not in city.content.decode()


def test_the_navigation_has_the_register_for_readers_only(plan_office, sys_admin):
    assert 'href="/enterprises/"' in _client(plan_office).get("/").content.decode()
    assert 'href="/enterprises/"' not in _client(sys_admin).get("/").content.decode()


def test_the_summary_counts_the_region(county_leader, filed, kfq_enterprise, other_enterprise):
    response = _client(county_leader).get("/enterprises/summary/")
    agg = response.context["aggregates"]
    assert agg.total == 3
    assert dict(agg.by_scale) == {"规下": 3}
    assert (agg.year, agg.month) == (2022, 6)
    assert agg.reporting == 1 and agg.sums["revenue"] == "1000"


def test_the_pages_read_in_english(plan_office, filed):
    client = _client(plan_office)
    client.cookies["django_language"] = "en"
    listing = client.get("/enterprises/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enterprise register" in listing and "1 enterprise" in listing
    page = client.get(f"/enterprises/{filed.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Figures and trends" in page and "Audit trail" in page
    assert "held 35.5, rented 4" in page


def test_the_page_and_the_api_count_growth_from_a_loss_alike(filed, county_leader):
    """One rule of 同比 for the page and the API: (this − last) ÷ |last|, so a loss narrowing
    from −100 to −50 万元 is +50%, not −50%."""
    filed.figures.filter(year=2021, month=6).update(profit=Decimal("-100"))
    filed.figures.filter(year=2022, month=6).update(profit=Decimal("-50"))
    client = _client(county_leader)
    page = client.get(f"/enterprises/{filed.pk}/", {"measure": "profit"})
    june = dict(page.context["page"].figures.rows)[6]
    assert june[-1].growth == "50.0%"
    series = client.get(f"/api/v1/enterprises/{filed.pk}/figures/series").json()
    row = next(r for r in series if (r["year"], r["month"]) == (2022, 6))
    assert Decimal(str(row["yoy"]["profit"])) == Decimal("50.0")


def test_the_paired_panel_counts_libraries_and_open_appeals_in_a_flat_number_of_queries(
    county_leader, plan_office, persona, unit
):
    """Each paired row counts the libraries the enterprise is in now (not one suggested or
    left) and its appeals not yet 办结; twice the enterprises, the same number of queries."""
    from gongye.enterprises.library_choices import EntryStatus, LibraryKind
    from gongye.enterprises.models import Appeal, LibraryEntry
    from gongye.enterprises.services.libraries import libraries_ensure, library_entry_add

    libs = {lib.kind: lib for lib in libraries_ensure(region=county_leader.home_region)}

    def paired(n: int) -> None:
        for _ in range(n):
            e = EnterpriseFactory(township=unit("衡山镇"))
            services.enterprise_pair(
                actor=plan_office, enterprise=e, leader=county_leader, unit=None
            )
            library_entry_add(actor=plan_office, library=libs[LibraryKind.SRDI], enterprise=e)
            LibraryEntry.objects.create(
                library=libs[LibraryKind.GROWTH],
                enterprise=e,
                region=e.region,
                status=EntryStatus.EXITED,
            )
            for status in ("raised", "assigned", "closed", "withdrawn"):
                Appeal.objects.create(
                    region=e.region,
                    enterprise=e,
                    title="用地",
                    content="用地指标",
                    source="unit",
                    raised_by=plan_office,
                    status=status,
                )

    def counted() -> tuple[int, list[tuple[int, int]]]:
        from gongye.enterprises.selectors.register import home_enterprises_for

        with CaptureQueriesContext(connection) as queries:
            panel = home_enterprises_for(county_leader)
        assert panel is not None
        return len(queries), [(row.libraries, row.open_appeals) for row in panel.rows]

    paired(2)
    counted()  # the first call caches what a person's acting role needs
    few, rows = counted()
    assert rows == [(1, 2)] * 2
    paired(4)
    many, rows = counted()
    assert rows == [(1, 2)] * 6
    assert many == few
