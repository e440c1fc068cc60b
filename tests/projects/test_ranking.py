"""投资赛马 (issue 13 item 7) against a hand-computed table: 六安市's seven counties, four with
projects, ranked for 1–6月 2022 (and 1–5月, for the change since last month).

工业投资 (万元), each county one 新建 project with these returns:

    county  2021 1–5月  2021 1–6月  2022 1–5月  2022 1–6月
    霍山      100         200         150         300    May 50%,   June 50%
    金寨      100         100         200         220    May 100%,  June 120%
    舒城       50         100          40         260    May −20%,  June 160%
    霍邱       —          100         100         100    May none,  June 0%
    金安, 裕安, 叶集: nothing (总量 0, no 速度)

June 位次 by 总量: 霍山 1, 舒城 2, 金寨 3, 霍邱 4, the others 5 (shared); May: 金寨 1, 霍山 2,
霍邱 3, 舒城 4, the others 5 — so 霍山 ↑1, 舒城 ↑2, 金寨 ↓2, 霍邱 ↓1, the others —.
June 速度位次: 舒城 1, 金寨 2, 霍山 3, 霍邱 4; May: 金寨 1, 霍山 2, 舒城 3 — so 舒城 ↑2, 金寨 ↓1,
霍山 ↓1, 霍邱 none. Four ranked on 速度: 快马 and 蜗牛 two each — 快马 舒城, 金寨; 蜗牛 霍邱, 霍山.
Not counted: a 霍山 基础设施 project's 10000 in June, 金寨's 5000 in July.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongye.enterprises.choices import Scale
from gongye.orgs.models import Unit
from gongye.projects.choices import ProjectKind, ProjectStage
from gongye.projects.selectors.ranking import county_ranking, ranks, township_ranking
from tests.enterprises.factories import EnterpriseFactory
from tests.projects.factories import ProjectFactory
from tests.projects.statistics_world import filed

pytestmark = pytest.mark.django_db

HUOSHAN, JINZHAI, SHUCHENG, HUOQIU = "341525", "341524", "341523", "341522"
OTHERS = ("341502", "341503", "341504")
RETURNS = {
    HUOSHAN: [(2021, 3, 100), (2021, 6, 100), (2022, 2, 150), (2022, 6, 150)],
    JINZHAI: [(2021, 1, 100), (2022, 4, 200), (2022, 6, 20), (2022, 7, 5000)],
    SHUCHENG: [(2021, 5, 50), (2021, 6, 50), (2022, 5, 40), (2022, 6, 220)],
    HUOQIU: [(2021, 6, 100), (2022, 3, 100)],
}


def _place(code):
    """Where a county's projects are built: 霍山's 开发区, another county's 经信局."""
    if code == HUOSHAN:
        return Unit.objects.get(region__code=code, name="开发区")
    return Unit.objects.get(region__code=code, name="经信局")


def _project(code, kind=ProjectKind.NEW, **kw):
    place = kw.pop("location", None) or _place(code)
    return ProjectFactory(
        region=place.region, location=place, unit=place, kind=kind, stage="building", **kw
    )


@pytest.fixture
def race(persona, org):
    filer = persona("plan_office")
    for code, rows in RETURNS.items():
        p = _project(code)
        for year, month, amount in rows:
            filed(filer, p, year, month, amount)
    infra = _project(HUOSHAN, ProjectKind.INFRASTRUCTURE)
    filed(filer, infra, 2022, 6, 10000)
    return filer


def _table(ranking):
    return {
        r.code: (r.total, r.last, r.growth, r.rank, r.change, r.growth_rank, r.growth_change)
        for r in ranking.rows
    }


def _dec(v):
    return None if v is None else Decimal(str(v))


def test_the_counties_ranked_on_industrial_investment(race, persona):
    ranking = county_ranking(persona("city_leader"), 2022, 6, "industrial_investment")
    assert ranking.level == "county" and ranking.region.code == "341500"
    expected = {
        HUOSHAN: (300, 200, "50.00", 1, 1, 3, -1),
        SHUCHENG: (260, 100, "160.00", 2, 2, 1, 2),
        JINZHAI: (220, 100, "120.00", 3, -2, 2, -1),
        HUOQIU: (100, 100, "0.00", 4, -1, 4, None),
        **{code: (0, None, None, 5, 0, None, None) for code in OTHERS},
    }
    assert _table(ranking) == {
        code: (_dec(t), _dec(last), _dec(g), rank, change, g_rank, g_change)
        for code, (t, last, g, rank, change, g_rank, g_change) in expected.items()
    }
    assert [r.code for r in ranking.rows[:4]] == [HUOSHAN, SHUCHENG, JINZHAI, HUOQIU]
    assert [r.code for r in ranking.fast] == [SHUCHENG, JINZHAI]
    assert [r.code for r in ranking.slow] == [HUOQIU, HUOSHAN]
    assert [(r.code, r.change) for r in ranking.rising] == [(SHUCHENG, 2), (HUOSHAN, 1)]
    assert [(r.code, r.change) for r in ranking.falling] == [(JINZHAI, -2), (HUOQIU, -1)]


def test_january_has_no_change_since_last_month(race, persona):
    ranking = county_ranking(persona("city_leader"), 2022, 1, "industrial_investment")
    assert all(r.change is None and r.growth_change is None for r in ranking.rows)
    assert ranking.rising == [] and ranking.falling == []
    # 金寨 alone reported by January, last year too (100 against nothing this year)
    jinzhai = next(r for r in ranking.rows if r.code == JINZHAI)
    assert (jinzhai.total, jinzhai.last, jinzhai.growth) == (0, 100, Decimal("-100.00"))


def test_the_province_ranks_the_counties_of_its_cities(race, persona):
    ranking = county_ranking(persona("province_leader"), 2022, 6, "industrial_investment")
    assert ranking.region.code == "340000"
    assert _table(ranking)[HUOSHAN][:4] == (Decimal(300), Decimal(200), Decimal("50.00"), 1)


def test_upgrade_investment_and_scaled(race, persona):
    filer = persona("plan_office")
    upgrade = _project(HUOSHAN, ProjectKind.UPGRADE)
    filed(filer, upgrade, 2021, 6, 10)
    filed(filer, upgrade, 2022, 6, 30)
    ranking = county_ranking(persona("city_leader"), 2022, 6, "upgrade_investment")
    table = _table(ranking)
    assert table[HUOSHAN] == (Decimal(30), Decimal(10), Decimal("200.00"), 1, 0, 1, None)
    # shared by the six others; 金寨 reported (新建) last year, none of it 技改: 0, no 速度
    assert table[JINZHAI][:4] == (Decimal(0), Decimal(0), None, 2)
    assert table[OTHERS[0]][:4] == (Decimal(0), None, None, 2)
    # 金寨: two enterprises 纳规 through projects in 2022 (March, June), one in 2021 (April);
    # 霍山: one in June 2022 (its second project of the same enterprise counts it once)
    firm = EnterpriseFactory(scale=Scale.ABOVE)
    for code, day, enterprise in (
        (JINZHAI, dt.date(2022, 3, 1), EnterpriseFactory(scale=Scale.ABOVE)),
        (JINZHAI, dt.date(2022, 6, 1), EnterpriseFactory(scale=Scale.ABOVE)),
        (JINZHAI, dt.date(2021, 4, 1), EnterpriseFactory(scale=Scale.ABOVE)),
        (HUOSHAN, dt.date(2022, 6, 1), firm),
        (HUOSHAN, dt.date(2022, 6, 20), firm),
    ):
        p = _project(code, enterprise=enterprise, scaled_on=day)
        p.stage = ProjectStage.SCALED
        p.save()
    table = _table(county_ranking(persona("city_leader"), 2022, 6, "scaled"))
    # May: 金寨 1 against 1 (0%), 霍山 0 against 0; June: 2 against 1, 1 against 0
    assert table[JINZHAI] == (Decimal(2), Decimal(1), Decimal("100.00"), 1, 0, 1, 0)
    assert table[HUOSHAN] == (Decimal(1), Decimal(0), None, 2, 0, None, None)
    assert table[SHUCHENG][3] == 3


def test_a_county_ranks_its_townships(persona, unit):
    filer = persona("plan_office")
    for name, rows in (
        ("开发区", [(2021, 6, 100), (2022, 6, 150)]),
        ("衡山镇", [(2021, 6, 100), (2022, 5, 200), (2022, 6, 100)]),
        ("佛子岭镇", [(2022, 6, 50)]),
    ):
        p = _project(HUOSHAN, location=unit(name))
        for year, month, amount in rows:
            filed(filer, p, year, month, amount)
    ranking = county_ranking(persona("county_leader"), 2022, 6, "industrial_investment")
    assert ranking.level == "township"
    assert township_ranking(persona("plan_office"), 2022, 6, "industrial_investment") == ranking
    table = {r.name: (r.total, r.growth, r.rank, r.change, r.growth_rank) for r in ranking.rows}
    assert table["衡山镇"] == (Decimal(300), Decimal("200.00"), 1, 0, 1)
    assert table["开发区"] == (Decimal(150), Decimal("50.00"), 2, 0, 2)  # May: 0, shared 2nd
    assert table["佛子岭镇"] == (Decimal(50), None, 3, -1, None)
    assert table["下符桥镇"] == (Decimal(0), None, 4, -2, None)
    assert (
        len(ranking.rows)
        == Unit.objects.filter(
            region__code=HUOSHAN, kind__in=("township", "dev_zone"), is_active=True
        ).count()
    )


def test_ranks_share_places():
    assert ranks({1: Decimal(5), 2: Decimal(7), 3: Decimal(5), 4: None, 5: Decimal(1)}) == {
        1: 2,
        2: 1,
        3: 2,
        4: None,
        5: 4,
    }


def test_who_may_see_the_race(race, persona):
    for name in ("lead_liaison", "enterprise", "auditor"):
        with pytest.raises(PermissionDenied):
            county_ranking(persona(name), 2022, 6, "industrial_investment")
    with pytest.raises(ValueError):
        county_ranking(persona("city_leader"), 2022, 6, "output")
    with pytest.raises(ValueError):
        county_ranking(persona("city_leader"), 2022, 13, "scaled")


def _more(filer, times):
    for n in range(times):
        for code in (HUOSHAN, JINZHAI, SHUCHENG):
            p = _project(code, name=f"追加{code}{n}")
            for year in (2021, 2022):
                for month in (2, 5, 6):
                    filed(filer, p, year, month, 1)


@pytest.mark.parametrize("measure", ["industrial_investment", "upgrade_investment", "scaled"])
@pytest.mark.parametrize("who", ["city_leader", "plan_office"])
def test_the_query_count_does_not_grow_with_the_data(race, persona, measure, who):
    user = persona(who)
    county_ranking(user, 2022, 6, measure)  # the person's acting role read once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            county_ranking(user, 2022, 6, measure)
        return len(queries)

    _more(race, 2)
    small = count()
    _more(race, 6)  # three times the data
    assert count() == small <= 3


def test_the_page_and_its_spreadsheet(race, persona, client):
    client.force_login(persona("city_leader"))
    page = client.get("/projects/ranking/?month=2022-06&measure=industrial_investment")
    html = page.content.decode()
    assert page.status_code == 200
    assert "六安市2022年1–6月工业投资赛马" in html
    table = html[html.index('id="ranking"') :]
    assert table.index("霍山县") < table.index("舒城县") < table.index("金寨县")
    assert 'id="fast"' in html and "160%" in html
    sheet = client.get("/projects/ranking.xlsx?month=2022-06&measure=industrial_investment")
    assert sheet.status_code == 200
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert ws["A1"].value == "六安市2022年1–6月工业投资赛马"
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0][:6] == (1, "↑1", "霍山县", 300, 200, "50%")
    assert rows[1][:3] == (2, "↑2", "舒城县") and rows[3][6] == 4


def test_a_month_that_cannot_be_read_is_said(race, persona, client):
    client.force_login(persona("city_leader"))
    page = client.get("/projects/ranking/?month=2022-13&measure=scaled")
    html = page.content.decode()
    assert page.status_code == 200 and "月份应写作" in html
    assert 'id="ranking"' in html


@pytest.mark.django_db(transaction=True)
def test_the_race_is_cached_until_a_project_or_return_changes(
    persona, org, audit_guards_lifted_for_flush
):
    """Outside a transaction (as a page is served) the race is kept under the region's data
    version; a return filed, corrected or deleted, or a project changed, gives the city and
    its counties a new version once it commits."""
    filer = persona("plan_office")
    leader = persona("city_leader")
    huoshan = _project(HUOSHAN)
    june = filed(filer, huoshan, 2022, 6, 100)
    with CaptureQueriesContext(connection) as cold:
        county_ranking(leader, 2022, 6, "industrial_investment")
    with CaptureQueriesContext(connection) as warm:
        again = county_ranking(leader, 2022, 6, "industrial_investment")
    assert again.row(huoshan.region_id).total == Decimal(100)
    # the tests' cache is in memory: the second look reads no table at all
    assert len(cold) >= 2 and len(warm) == 0
    jinzhai = filed(filer, _project(JINZHAI), 2022, 6, 300)
    moved = county_ranking(leader, 2022, 6, "industrial_investment")
    assert [r.code for r in moved.rows[:2]] == [JINZHAI, HUOSHAN]
    june.investment_month = Decimal(500)
    june.save()
    assert county_ranking(leader, 2022, 6, "industrial_investment").rows[0].code == HUOSHAN
    jinzhai.delete()
    assert county_ranking(leader, 2022, 6, "industrial_investment").row(
        org[JINZHAI].pk
    ).total == Decimal(0)
    # the county's own race (its townships) follows the same version
    office = persona("plan_office")
    assert county_ranking(office, 2022, 6, "industrial_investment").rows[0].total == 500
    huoshan.kind = ProjectKind.INFRASTRUCTURE
    huoshan.save()
    assert county_ranking(office, 2022, 6, "industrial_investment").rows[0].total == 0
