"""The three-library board (三库联动, issue 13 item 2): counts and investment of 储备库, 在建库 and
投产库 with 已纳规, the 在建库's investment completed this year, the filters (chain, township,
size), who sees which projects, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongye.orgs.models import Region
from gongye.projects.choices import ProjectStage
from gongye.projects.selectors.board import board_for
from gongye.projects.selectors.projects import ProjectFilters
from tests.enterprises.factories import IndustryChainFactory
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

TODAY = dt.date(2022, 6, 15)
D = Decimal


@pytest.fixture
def world(unit, plan_office):
    """储备 8000 (开发区, A) and 300 (衡山镇, B); 在建 6000 (开发区, A; 2022: 100 + 200) and
    2000 (衡山镇, B; 2021: 50, 2022: 70 + 30); 投产 1200 (衡山镇, B); 已纳规 900 (开发区, A);
    a 5000 given up (not counted); a project in 金寨县 (another county)."""
    chain_a = IndustryChainFactory(name="高端装备制造", sort_order=1)
    chain_b = IndustryChainFactory(name="生态食品", sort_order=2)
    kfq, hs = unit("开发区"), unit("衡山镇")
    building_a = ProjectFactory(
        name="装备在建",
        location=kfq,
        chain=chain_a,
        total_investment=D("6000"),
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 3, 1),
    )
    building_b = ProjectFactory(
        name="食品在建",
        location=hs,
        chain=chain_b,
        total_investment=D("2000"),
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2021, 10, 1),
    )
    # (本年累计 as the return service keeps it: the year's months so far summed)
    for project, year, month, amount, year_to_date in (
        (building_a, 2022, 3, "100", "100"),
        (building_a, 2022, 4, "200", "300"),
        (building_b, 2021, 11, "50", "50"),
        (building_b, 2022, 1, "70", "70"),
        (building_b, 2022, 5, "30", "100"),
    ):
        ProjectReturnFactory(
            project=project,
            year=year,
            month=month,
            investment_month=D(amount),
            investment_year=D(year_to_date),
            filed_by=plan_office,
        )
    ProjectFactory(name="装备储备", location=kfq, chain=chain_a, total_investment=D("8000"))
    ProjectFactory(name="食品储备", location=hs, chain=chain_b, total_investment=D("300"))
    ProjectFactory(
        name="食品投产",
        location=hs,
        chain=chain_b,
        total_investment=D("1200"),
        stage=ProjectStage.PRODUCING,
    )
    ProjectFactory(
        name="装备纳规",
        location=kfq,
        chain=chain_a,
        total_investment=D("900"),
        stage=ProjectStage.SCALED,
    )
    ProjectFactory(
        name="已终止项目",
        location=kfq,
        chain=chain_a,
        total_investment=D("5000"),
        stage=ProjectStage.CANCELLED,
    )
    ProjectFactory(
        name="金寨在建",
        region=Region.objects.get(code="341524"),
        location=unit("经信局", "341524"),
        total_investment=D("700"),
        stage=ProjectStage.BUILDING,
    )
    return {"a": chain_a, "b": chain_b, "kfq": kfq, "hs": hs}


def figures(board) -> dict[str, tuple]:
    found = {lib.stage: (lib.count, lib.investment, lib.year_investment) for lib in board.libraries}
    found["scaled"] = (board.scaled.count, board.scaled.investment, board.scaled.year_investment)
    return found


def test_board_counts_and_sums_each_library(world, plan_office):
    board = board_for(plan_office, ProjectFilters(), today=TODAY)
    assert [lib.stage for lib in board.libraries] == ["reserve", "building", "producing"]
    assert figures(board) == {
        "reserve": (2, D("8300"), None),
        "building": (2, D("8000"), D("400")),  # 100 + 200 + 70 + 30; 2021's 50 is last year's
        "producing": (1, D("1200"), None),
        "scaled": (1, D("900"), None),
    }
    assert board.count == 6 and board.investment == D("18400")
    assert board.year == 2022


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            lambda w: ProjectFilters(chain=w["a"].pk),
            {
                "reserve": (1, D("8000"), None),
                "building": (1, D("6000"), D("300")),
                "producing": (0, D("0"), None),
                "scaled": (1, D("900"), None),
            },
        ),
        (
            lambda w: ProjectFilters(location=w["hs"].pk),
            {
                "reserve": (1, D("300"), None),
                "building": (1, D("2000"), D("100")),
                "producing": (1, D("1200"), None),
                "scaled": (0, D("0"), None),
            },
        ),
        (
            lambda w: ProjectFilters(size="large"),
            {
                "reserve": (1, D("8000"), None),
                "building": (1, D("6000"), D("300")),
                "producing": (0, D("0"), None),
                "scaled": (0, D("0"), None),
            },
        ),
        (
            lambda w: ProjectFilters(size="medium"),
            {
                "reserve": (0, D("0"), None),
                "building": (1, D("2000"), D("100")),
                "producing": (1, D("1200"), None),
                "scaled": (1, D("900"), None),
            },
        ),
        (
            # the board is by stage: a stage in the filters is not applied
            lambda w: ProjectFilters(size="small", stage="building"),
            {
                "reserve": (1, D("300"), None),
                "building": (0, D("0"), D("0")),
                "producing": (0, D("0"), None),
                "scaled": (0, D("0"), None),
            },
        ),
    ],
    ids=["chain", "township", "large", "medium", "small"],
)
def test_board_filters(world, plan_office, filters, expected):
    assert figures(board_for(plan_office, filters(world), today=TODAY)) == expected


def test_board_is_scoped_like_the_project_list(world, persona):
    """衡山镇's liaison sees its township's projects; the city sees 金寨县's too; an
    administrator sees none."""
    township = figures(board_for(persona("coop_liaison"), ProjectFilters(), today=TODAY))
    assert township["reserve"] == (1, D("300"), None)
    assert township["building"] == (1, D("2000"), D("100"))
    assert township["producing"] == (1, D("1200"), None)
    city = figures(board_for(persona("city_leader"), ProjectFilters(), today=TODAY))
    assert city["building"] == (3, D("8700"), D("400"))
    nobody = board_for(persona("auditor"), ProjectFilters(), today=TODAY)
    assert nobody.count == 0 and nobody.investment == 0


def test_each_library_links_to_the_filtered_list(world, plan_office):
    board = board_for(plan_office, ProjectFilters(chain=world["a"].pk, size="large"), today=TODAY)
    building = board.libraries[1]
    assert building.query == f"chain={world['a'].pk}&size=large&stage=building"
    assert board.scaled.query.endswith("stage=scaled")


def _bulk(n: int, unit, start: int, by) -> None:
    kfq = unit("开发区")
    for i in range(n):
        stage = (ProjectStage.RESERVE, ProjectStage.BUILDING, ProjectStage.PRODUCING)[i % 3]
        project = ProjectFactory(
            name=f"批量{start + i}",
            location=kfq,
            stage=stage,
            started_on=dt.date(2022, 1, 1) if stage != ProjectStage.RESERVE else None,
        )
        if stage == ProjectStage.BUILDING:
            ProjectReturnFactory(project=project, year=2022, month=1, filed_by=by)
            ProjectReturnFactory(
                project=project, year=2022, month=2, investment_year=D("200"), filed_by=by
            )


def test_board_reads_in_one_query_whatever_the_data(plan_office, unit):
    plan_office.acting  # noqa: B018  (the acting role is read once per request, not per board)
    _bulk(6, unit, 0, plan_office)
    with CaptureQueriesContext(connection) as few:
        small = board_for(plan_office, ProjectFilters(size="large"), today=TODAY)
    _bulk(18, unit, 100, plan_office)
    with CaptureQueriesContext(connection) as many:
        large = board_for(plan_office, ProjectFilters(size="large"), today=TODAY)
    assert len(few) == len(many) == 1
    assert small.libraries[1].count == 2 and large.libraries[1].count == 8
    assert large.libraries[1].year_investment == D("1600")  # 8 projects × 2 months × 100


def test_board_page(world, client, plan_office):
    client.force_login(plan_office)
    with time_machine.travel(on(2022, 6, 15)):
        response = client.get("/projects/board/", {"chain": world["a"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    board = response.context["board"]
    assert figures(board)["building"] == (1, D("6000"), D("300"))
    assert f'href="/projects/?chain={world["a"].pk}&amp;stage=building"' in html
    assert 'id="library-building"' in html and "6000" in html
    # the filter keeps its choice (the chain and location lists are written in one pass)
    assert f'<option value="{world["a"].pk}" selected>高端装备制造</option>' in html
    assert '<select class="form-select" id="id_location" name="location">' in html


def test_board_page_refuses_a_unit(world, client, persona):
    client.force_login(persona("lead_liaison"))
    assert client.get("/projects/board/").status_code == 403
