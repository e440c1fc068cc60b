"""Issue 11, item 12: a leader reads colour and number as one thing. A growth rate or a share
is judged by its gap in percentage points, so its gauge and its table cell show that figure
against its goal — not a share of pace that would put 95.4% red beside 92.8% yellow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongye.indicators.selectors.cockpit import cockpit_page
from gongye.plans.models import Target

pytestmark = pytest.mark.django_db
JULY = dt.date(2022, 7, 15)


def _target(plan, seq: int, name: str, kind: str, value: str, unit: str) -> Target:
    return Target.objects.create(
        plan=plan, seq=seq, name=name, kind=kind, comparator="gte", value=Decimal(value), unit=unit
    )


def test_rates_show_their_gap_and_totals_their_share_of_pace(small_plan, record, persona):
    growth = _target(small_plan, 10, "规上工业增加值增长", "growth", "10", "%")
    fast = _target(small_plan, 11, "工业投资增长", "growth", "12", "%")
    total = _target(small_plan, 12, "规上工业营业收入", "level", "200", "亿元")
    record(growth, 6, "9.54", measure="growth")  # 95.4% of the goal, but 0.46 points short
    record(fast, 6, "11.14", measure="growth")  # 92.8% of the goal, 0.86 points short
    record(total, 6, "116", measure="cumulative")  # 200 × 60% = 120 by June: 96.7%

    page = cockpit_page(persona("county_leader"), plan=small_plan, today=JULY)
    rows = {r.name: r for r in page.rows}
    assert set(rows) >= {"规上工业增加值增长", total.name}, list(rows)
    # both rates are within a point of their goal: both near (yellow), and each says its gap
    assert rows["规上工业增加值增长"].status == rows["工业投资增长"].status == "near"
    assert rows["规上工业增加值增长"].judged_text == "低于目标0.46个百分点"
    assert rows["工业投资增长"].judged_text == "低于目标0.86个百分点"
    # a total is judged by its share of pace, and says that
    assert rows[total.name].judged_text == rows[total.name].ratio_text == "96.7%"
    assert rows[total.name].status == "near"

    gauges = {g["name"]: g for g in page.charts["gauges"]}
    rate = gauges["规上工业增加值增长"]  # (headline: outside the plan's chapters)
    assert (rate["mode"], rate["value"], rate["goal"]) == ("points", 9.54, 10.0)
    assert rate["text"] == "低于目标0.46个百分点"
    pace = gauges[total.name]
    assert (pace["mode"], pace["goal"]) == ("ratio", 100.0)
    assert round(pace["value"], 1) == 96.7


def test_the_page_shows_the_judged_figure(client, small_plan, record, persona):
    growth = _target(small_plan, 10, "规上工业增加值增长", "growth", "10", "%")
    record(growth, 6, "9.54", measure="growth")
    client.force_login(persona("county_leader"))
    html = client.get("/indicators/cockpit/", {"year": 2022}).content.decode()
    assert "对照序时要求" in html
