"""The project register's statistics (issue 13 item 6) against the hand-computed figures of
``statistics_world``: which projects count, 1–N月 sums, growth against last year's same months,
a city's sum of its counties, who may ask, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from gongye.projects.selectors.statistics import (
    growth,
    project_statistics_for,
    region_statistics,
)
from tests.projects.statistics_world import filed, jinzhai_project, project, small_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(persona):
    return small_world(persona("plan_office"))


@pytest.fixture
def huoshan(org):
    return org["341525"]


def test_large_projects_started_this_year(world, huoshan):
    s = region_statistics(huoshan, 2022, 6)
    f = s.large_started
    assert (f.value, f.investment) == (Decimal(2), Decimal(13000))  # A and B
    assert (f.last, f.last_investment) == (Decimal(1), Decimal(10000))  # G
    assert f.growth == Decimal("100.00")
    # by July C has started too (6000); H (2021-08) is not in last year's 1–7月
    july = region_statistics(huoshan, 2022, 7).large_started
    assert (july.value, july.investment, july.last) == (Decimal(3), Decimal(19000), Decimal(1))


def test_upgrade_projects_completed(world, huoshan):
    f = region_statistics(huoshan, 2022, 6).upgrade_completed
    assert (f.value, f.investment) == (Decimal(2), Decimal(1300))  # U1, U2
    assert (f.last, f.last_investment) == (Decimal(1), Decimal(600))  # U5
    assert f.growth == Decimal("100.00")
    # in May U2 (1 June) has not been completed yet
    assert region_statistics(huoshan, 2022, 5).upgrade_completed.value == 1


def test_industrial_and_upgrade_investment_year_to_date(world, huoshan):
    s = region_statistics(huoshan, 2022, 6)
    assert (s.industrial_investment.value, s.industrial_investment.last) == (
        Decimal(775),
        Decimal(620),
    )
    assert s.industrial_investment.growth == Decimal("25.00")
    assert (s.upgrade_investment.value, s.upgrade_investment.last) == (Decimal(125), Decimal(50))
    assert s.upgrade_investment.growth == Decimal("150.00")
    # the chart's months: 1–N月 of each month, None before the first return
    assert s.series["industrial"] == [Decimal(v) for v in (40, 100, 200, 425, 425, 775)]
    assert s.series["industrial_last"] == [None, None, Decimal(30), Decimal(30), Decimal(530), 620]
    assert s.series["upgrade"] == [Decimal(v) for v in (40, 100, 100, 125, 125, 125)]


def test_new_above_scale_through_projects(world, huoshan):
    f = region_statistics(huoshan, 2022, 6).scaled
    assert (f.value, f.last) == (Decimal(1), Decimal(2))  # 甲 once; 乙 and 丁
    assert f.growth == Decimal("-50.00")
    assert region_statistics(huoshan, 2022, 7).scaled.value == 2  # 丙 in July


def test_a_month_before_any_figure_has_none_and_no_growth(world, huoshan):
    s = region_statistics(huoshan, 2022, 1)
    assert s.industrial_investment.value == Decimal(40)
    assert s.industrial_investment.last is None and s.industrial_investment.growth is None
    assert s.large_started.value == 0 and s.large_started.growth is None  # nothing last year


def test_a_city_sums_its_counties(world, persona, org):
    jinzhai_project(persona("plan_office"))
    city = region_statistics(org["341500"], 2022, 6)
    assert city.large_started.value == 3 and city.large_started.investment == Decimal(22000)
    assert city.industrial_investment.value == Decimal(835)
    assert region_statistics(org["341525"], 2022, 6).industrial_investment.value == 775


def test_growth_is_rounded_half_up_and_needs_a_base():
    assert growth(Decimal(2), Decimal(3)) == Decimal("-33.33")
    assert growth(Decimal("1.00125"), Decimal(1)) == Decimal("0.13")
    assert growth(Decimal(5), Decimal(0)) is None
    assert growth(Decimal(5), None) is None


def test_who_may_ask(world, persona, org):
    city = project_statistics_for(persona("city_leader"), 2022, 6, org["341525"])
    assert city.industrial_investment.value == 775
    own = project_statistics_for(persona("statistics"), 2022, 6)
    assert own.region.code == "341525"
    with pytest.raises(Http404):
        project_statistics_for(persona("county_leader"), 2022, 6, org["341500"])
    with pytest.raises(Http404):
        project_statistics_for(persona("county_leader"), 2022, 6, org["341524"])
    with pytest.raises(PermissionDenied):
        project_statistics_for(persona("lead_liaison"), 2022, 6)


def _more(filer, prefix, times):
    for n in range(times):
        p = project(f"{prefix}{n}", "new", "6000", started_on=dt.date(2022, 2, 1))
        filed(filer, p, 2022, 2, "10")
        filed(filer, p, 2021, 2, "10")


def test_the_query_count_does_not_grow_with_the_data(world, persona, huoshan):
    filer = persona("plan_office")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            region_statistics(huoshan, 2022, 6)
        return len(queries)

    _more(filer, "加", 3)
    small = count()
    _more(filer, "再加", 9)
    assert count() == small <= 4
    assert region_statistics(huoshan, 2022, 6).large_started.value == 2 + 12


def test_the_cockpit_shows_the_figures_with_their_chart_and_table(world, small_plan, persona):
    from django.test import Client

    from gongye.projects.selectors.cockpit import cockpit_statistics_for

    leader = persona("county_leader")
    section = cockpit_statistics_for(leader, small_plan)
    assert section is not None and section.statistics.month == 12  # 2022 has ended
    rows = {r.key: r for r in section.rows}
    # 1–12月: C has started too, and H (6000, 技改, August 2021) is in last year's
    assert (rows["large_started"].value, rows["large_started"].last) == ("3", "2")
    assert rows["large_started"].growth == "+50%" and rows["large_started"].investment == "19000"
    assert (rows["industrial_investment"].value, rows["industrial_investment"].last) == (
        "1774",
        "1320",
    )
    assert rows["industrial_investment"].growth == "+34.39%"
    assert rows["scaled"].growth == "0%"  # 甲 and 丙 against 乙 and 丁
    assert section.chart["series"][0]["data"][5] == "775"  # June's 1–6月
    client = Client()
    client.force_login(leader)
    html = client.get("/indicators/cockpit/?region=341525&year=2022").content.decode()
    assert 'id="cockpit-projects"' in html and 'id="project-chart"' in html
    assert "gongye/charts.js" in html and "+34.39%" in html
    # not for a unit's liaison, nor for a county outside the reader's reach
    assert cockpit_statistics_for(persona("lead_liaison"), small_plan) is None
    assert cockpit_statistics_for(persona("outsider"), small_plan) is None
