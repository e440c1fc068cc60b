"""Counties side by side (县区对比) for city and province users: ranks by total, speed and the
change of place (总量、速度、位次), hand-computed on three counties; the bulk reads agree with
each county's own cockpit and bulletin, and cost the same number of queries for 3 or 6
counties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongye.dispatch.bulletin import bulletin_data
from gongye.indicators.comparison import (
    change_text,
    compare_counties,
    compare_indicator,
    competition_ranks,
    indicator_key,
    rank_change,
)
from gongye.indicators.models import Observation
from gongye.indicators.selectors import target_briefs, target_status_list
from gongye.orgs.models import Region
from gongye.plans.models import Plan, Target, Task

pytestmark = pytest.mark.django_db

JULY = dt.date(2022, 7, 15)
A, B, C = "341525", "341522", "341523"  # 霍山县, 霍邱县, 舒城县
MORE = ("341502", "341503", "341504")  # 金安区, 裕安区, 叶集区


# --------------------------------------------------------------------------- pure


def test_competition_ranks_share_places_and_skip_missing():
    assert competition_ranks({"a": 5, "b": 7, "c": 5, "d": None, "e": 1}) == {
        "b": 1,
        "a": 2,
        "c": 2,
        "e": 4,
        "d": None,
    }
    assert competition_ranks({"a": 5, "b": 7, "c": 1}, higher_is_better=False) == {
        "c": 1,
        "a": 2,
        "b": 3,
    }


def test_rank_change_and_its_text():
    assert rank_change(1, 3) == 2 and change_text(2) == "↑2"
    assert rank_change(3, 2) == -1 and change_text(-1) == "↓1"
    assert rank_change(2, 2) == 0 and change_text(0) == "持平"
    assert rank_change(None, 2) is None and change_text(None) == "—"


def test_indicator_names_match_without_spaces_and_punctuation():
    assert indicator_key("规上工业 产值（亿元）") == indicator_key("规上工业产值亿元")
    assert indicator_key("工业投资") != indicator_key("工业投资增速")


# --------------------------------------------------------------------------- data


def _plan(code: str, *, year: int = 2022) -> Plan:
    region = Region.objects.get(code=code)
    # the Huoshan plan's checkpoint (时间过半、任务过六): the pace is 60% in June and July
    plan = Plan.objects.create(
        region=region, year=year, title=f"{region.name}{year}年计划", checkpoints={"6": 60}
    )
    for seq, (name, kind, comparator) in enumerate(
        (
            ("规上工业产值", "level", "gte"),
            ("工业投资", "level", "gte"),
            ("单位工业增加值能耗", "upper_bound", "lte"),
        ),
        start=1,
    ):
        Target.objects.create(
            plan=plan,
            seq=seq,
            name=name,
            kind=kind,
            comparator=comparator,
            value=Decimal(100),
            unit="亿元",
            chapter="一、目标",
        )
    return plan


def _figure(plan: Plan, name: str, month: int, value: str, measure: str = "cumulative"):
    Observation.objects.create(
        target=plan.targets.get(name=name),
        region=plan.region,
        year=plan.year,
        month=month,
        measure=measure,
        value=Decimal(value),
        source="statistics",
        status="approved",
    )


def _task(plan: Plan, due: dt.date, closed: dt.date | None = None) -> Task:
    task = Task.objects.create(
        plan=plan, month=due.month, period_label=f"{due.month}月", position=1, text="任务", due=due
    )
    state = task.supervision
    state.due = due
    if closed:
        state.closed_at = timezone.make_aware(dt.datetime(closed.year, closed.month, closed.day))
        state.closed_on_time = closed <= due
        state.state = "done"
    state.save()
    return task


@pytest.fixture
def counties(org):
    """Three counties at 15 July 2022 (pace 60% → 60 for a 100 target in June and July).

    规上工业产值 / 工业投资 (cumulative):  A June 70 / 30, July 75 / 65;
    B June 70 / 70 (no July figures); C June 30 / 30, July 70 / —.
    Key tasks due 30 June: A closed 20 June (on time), B still open, C has none.
    Speed of 规上工业产值: A July 8%, B June 12%; 能耗 (a ceiling): A 50, B 40 in July.
    """
    plans = {code: _plan(code) for code in (A, B, C)}
    a, b, c = plans[A], plans[B], plans[C]
    for plan, month, output, invest in (
        (a, 6, "70", "30"),
        (a, 7, "75", "65"),
        (b, 6, "70", "70"),
        (c, 6, "30", "30"),
    ):
        _figure(plan, "规上工业产值", month, output)
        _figure(plan, "工业投资", month, invest)
    _figure(c, "规上工业产值", 7, "70")
    _figure(a, "规上工业产值", 7, "8", "growth")
    _figure(b, "规上工业产值", 6, "12", "growth")
    _figure(a, "单位工业增加值能耗", 7, "50")
    _figure(b, "单位工业增加值能耗", 7, "40")
    _task(a, dt.date(2022, 6, 30), closed=dt.date(2022, 6, 20))
    _task(b, dt.date(2022, 6, 30))
    return plans


# --------------------------------------------------------------------------- overall


def test_overall_ranks_and_change_of_place(counties):
    result = compare_counties(Region.objects.get(code="341500"), 2022, today=JULY)
    assert result.month == 7
    rows = {r.code: r for r in result.counties}
    # July (pace 60 for totals; the ceiling 能耗 linear: 58.3): A 75, 65, 50 → 3 on track;
    # B 70, 70 (June's), 40 → 3; C 70, 30 (June's), no 能耗 figure → 1 on track, 1 behind
    assert (rows[A].on_track, rows[A].behind, rows[A].share) == (3, 0, Fraction(1))
    assert (rows[B].on_track, rows[B].share) == (3, Fraction(1))
    assert (rows[C].on_track, rows[C].behind, rows[C].none) == (1, 1, 1)
    assert rows[C].share == Fraction(1, 3)
    # June: A 70, 30 → 1/3; B 70, 70 → 2/3; C 30, 30 → 0
    assert (rows[A].share_before, rows[B].share_before) == (Fraction(1, 3), Fraction(2, 3))
    assert rows[C].share_before == 0
    # on-time: A 1/1, B 0/1, C none due
    assert (rows[A].on_time, rows[B].on_time, rows[C].on_time) == (1, 0, None)
    # July: A (1, 100%) before B (1, 0%) before C; June: B (2/3) before A (1/3) before C (0)
    assert [(r.code, r.rank, r.rank_before, r.change_text) for r in result.counties] == [
        (A, 1, 2, "↑1"),
        (B, 2, 1, "↓1"),
        (C, 3, 3, "持平"),
    ]
    assert (rows[A].rank_share, rows[B].rank_share, rows[C].rank_share) == (1, 1, 3)
    assert (rows[A].rank_on_time, rows[B].rank_on_time, rows[C].rank_on_time) == (1, 2, None)


def test_overall_figures_equal_each_countys_own_cockpit_and_bulletin(counties):
    result = compare_counties(Region.objects.get(code="341500"), 2022, today=JULY)
    for row in result.counties:
        plan = counties[row.code]
        own = target_status_list(plan)
        briefs = target_briefs([plan], month=result.month)[plan.pk]
        assert [s.assessment for s in own] == [b.status for b in briefs]
        assert row.on_track == sum(
            1 for s in own if s.assessment and s.assessment.status == "on_track"
        )
        assert row.on_time == bulletin_data(plan.region, 2022, 7, today=JULY).totals.on_time


def test_a_growth_figure_never_judges_a_level_target(counties):
    [output, *_] = target_status_list(counties[A])
    assert output.observation.measure == "cumulative" and output.observation.value == 75


# --------------------------------------------------------------------------- by indicator


def test_indicator_total_speed_and_change_of_place(counties):
    result = compare_counties(Region.objects.get(code="341500"), 2022, today=JULY)
    assert [name for _key, name in result.indicators] == [
        "规上工业产值",
        "工业投资",
        "单位工业增加值能耗",
    ]
    rows = compare_indicator(result, indicator_key("规上工业产值"))
    got = {
        r.code: (r.total, r.rank_total, r.change_total, r.speed, r.rank_speed, r.change_speed)
        for r in rows
    }
    # totals July: A 75, B 70 (June's), C 70 → 1, 2, 2; June: A 70, B 70, C 30 → 1, 1, 3
    # speeds: A 8 (July only), B 12 (June) → B 1, A 2; June: B 1, A none
    assert got == {
        A: (Decimal(75), 1, 0, Decimal(8), 2, None),
        B: (Decimal(70), 2, -1, Decimal(12), 1, 0),
        C: (Decimal(70), 2, 1, None, None, None),
    }
    assert [r.code for r in rows] == [A, B, C]


def test_a_ceiling_ranks_the_lowest_first(counties):
    result = compare_counties(Region.objects.get(code="341500"), 2022, today=JULY)
    rows = compare_indicator(result, indicator_key("单位工业增加值能耗"))
    assert [(r.code, r.rank_total) for r in rows] == [(B, 1), (A, 2), (C, None)]


# --------------------------------------------------------------------------- cost and page


def test_query_count_does_not_grow_with_counties(counties):
    city = Region.objects.get(code="341500")

    def cost() -> int:
        cache.clear()  # the computation itself, not a cached result
        with CaptureQueriesContext(connection) as queries:
            result = compare_counties(city, 2022, today=JULY)
            compare_indicator(result, indicator_key("规上工业产值"))
        return len(queries)

    small = cost()
    for code in MORE:
        plan = _plan(code)
        for month in range(1, 8):
            _figure(plan, "规上工业产值", month, str(10 * month))
        _task(plan, dt.date(2022, 5, 31), closed=dt.date(2022, 6, 2))
    assert len(compare_counties(city, 2022, today=JULY).counties) == 6
    assert cost() == small


def test_city_leader_page_shows_ranks_changes_and_chosen_indicator(client, persona, counties):
    client.force_login(persona("city_leader"))
    with time_machine.travel(dt.datetime(2022, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        response = client.get(
            reverse("front:cockpit"),
            {"region": A, "year": 2022, "indicator": indicator_key("工业投资")},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert [(c.code, c.change_text) for c in response.context["counties"]] == [
        (A, "↑1"),
        (B, "↓1"),
        (C, "持平"),
    ]
    assert response.context["indicator_name"] == "工业投资"
    # 工业投资 July: B 70 (June's), A 65, C 30 (June's); June: B 70, A 30, C 30 → 1, 2, 2
    assert [(r.code, r.rank_total, r.change_total) for r in response.context["indicator_rows"]] == [
        (B, 1, "持平"),
        (A, 2, "持平"),
        (C, 3, "↓1"),
    ]
    assert 'id="indicator-table"' in html and "↓1" in html


def test_unknown_indicator_falls_back_to_a_shared_one(client, persona, counties):
    client.force_login(persona("city_leader"))
    with time_machine.travel(dt.datetime(2022, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        response = client.get(
            reverse("front:cockpit"), {"region": A, "year": 2022, "indicator": "不存在"}
        )
    assert response.status_code == 200
    assert response.context["indicator_name"] == "规上工业产值"


def test_county_leader_sees_no_comparison(client, persona, counties):
    client.force_login(persona("county_leader"))
    response = client.get(reverse("front:cockpit"), {"year": 2022})
    assert response.status_code == 200
    assert response.context["counties"] == [] and response.context["indicator_rows"] == []
    assert 'id="county-table"' not in response.content.decode()


def test_cached_comparison_follows_every_write(counties):
    """The comparison is cached under a key that changes with the data: a second read costs
    only the version's queries, and a new figure or a closed task shows at once."""
    city = Region.objects.get(code="341500")
    first = compare_counties(city, 2022, today=JULY)
    with CaptureQueriesContext(connection) as queries:
        again = compare_counties(city, 2022, today=JULY)
    assert len(queries) == 1  # the data version; nothing recomputed
    assert [(r.code, r.rank) for r in again.counties] == [(r.code, r.rank) for r in first.counties]

    # C's 工业投资 for July: 80 → on track; C now ties A and B on share, last on on-time
    _figure(counties[C], "工业投资", 7, "80")
    rows = {r.code: r for r in compare_counties(city, 2022, today=JULY).counties}
    assert (rows[C].on_track, rows[C].share) == (2, Fraction(2, 3))

    # B closes its task on 10 July (late): on-time stays 0, done counts; A's figure is edited
    state = counties[B].tasks.get().supervision
    state.closed_at = timezone.make_aware(dt.datetime(2022, 7, 10))
    state.closed_on_time = False
    state.save()
    obs = Observation.objects.get(target__plan=counties[A], target__name="工业投资", month=7)
    obs.value = Decimal("40")  # below 90% of 60: behind
    obs.save()
    rows = {r.code: r for r in compare_counties(city, 2022, today=JULY).counties}
    assert (rows[A].on_track, rows[A].behind) == (2, 1)
    assert [r.code for r in compare_counties(city, 2022, today=JULY).counties] == [B, A, C]


def test_compared_as_of_the_latest_month_with_figures(counties):
    """Mid-August the bureau has published July: the comparison is 1–7月 against 1–6月, not
    an August with no figures against a July."""
    august = compare_counties(Region.objects.get(code="341500"), 2022, today=dt.date(2022, 8, 15))
    assert august.month == 7
    assert [(r.code, r.rank, r.change_text) for r in august.counties] == [
        (A, 1, "↑1"),
        (B, 2, "↓1"),
        (C, 3, "持平"),
    ]


def test_the_comparison_reads_in_english_when_chosen(client, persona, counties, settings):
    client.force_login(persona("city_leader"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(dt.datetime(2022, 7, 15, 10, tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("front:cockpit"), {"region": A, "year": 2022})
    html = response.content.decode()
    labels = response.context["charts"]["labels"]
    assert (labels["actual"], labels["total"]) == ("Actual", "Total")
    assert response.context["charts"]["lines"][0]["months"][-1] == "M7"
    row = html[html.index(f'<tr data-region="{C}"') :]
    assert row[: row.index("</tr>")].count("unchanged") == 1  # C kept its place
    assert "Place by total" in html and "持平" not in html


def test_a_new_countys_plan_shows_at_once(counties):
    city = Region.objects.get(code="341500")
    assert len(compare_counties(city, 2022, today=JULY).counties) == 3
    Plan.objects.create(region=Region.objects.get(code="341524"), year=2022, title="金寨县计划")
    assert len(compare_counties(city, 2022, today=JULY).counties) == 4


def test_the_rendered_comparison_follows_a_write(client, persona, counties):
    """The comparison's rows are rendered once per data version: a new figure shows on the
    very next page."""
    client.force_login(persona("city_leader"))

    def c_row() -> str:
        with time_machine.travel(dt.datetime(2022, 7, 15, 10, tzinfo=dt.UTC), tick=False):
            html = client.get(
                reverse("front:cockpit"), {"region": A, "year": 2022}
            ).content.decode()
        start = html.index(f'<tr data-region="{C}"', html.index('id="county-table"'))
        return html[start : html.index("</tr>", start)]

    assert 'gy-on-track">1<' in c_row()
    assert 'gy-on-track">1<' in c_row()  # the second time from the cache
    _figure(counties[C], "工业投资", 7, "80")
    assert 'gy-on-track">2<' in c_row()
