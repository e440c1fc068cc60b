"""Target list, target detail, cockpit and its spreadsheet: who may read them, the figures they
show, and a query budget that does not grow with the targets and figures."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongye.audit.models import AuditEntry
from gongye.indicators.models import Observation
from gongye.plans.models import Target

pytestmark = pytest.mark.django_db

HUOSHAN = "341525"


@pytest.fixture
def output(small_plan):
    """The small plan's one target (规上工业产值 200亿元) with March and June figures."""
    return small_plan.targets.get(name__contains="规上工业产值")


@pytest.fixture
def figures(output, record):
    record(output, 3, "40")  # pace 3/12 → 50, 80%: 落后
    return record(output, 6, "130")  # 6月 checkpoint 60% → 120: 达标


def _get(client, user, name, *args, **query):
    client.force_login(user)
    # the cockpit is the shell's page (gongye.front.cockpit), the target pages indicators'
    namespace = "front" if name.startswith("cockpit") else "indicators"
    return client.get(reverse(f"{namespace}:{name}", args=args), query)


@pytest.mark.parametrize("who", ["county_leader", "plan_office", "lead_liaison", "statistics"])
def test_target_list_shows_latest_figure_pace_and_rule(client, persona, output, figures, who):
    response = _get(client, persona(who), "target_list")
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row.name, row.latest, row.month, row.expected) == (output.name, "130", 6, "120")
    assert row.status == "on_track"
    html = response.content.decode()
    assert f'title="{row.rule_text}"' in html
    assert "达标" in html and "120" in html
    assert "演示数据" not in html


def test_target_list_names_the_owner(client, persona, output, figures, unit):
    from gongye.indicators.services import target_owner_set

    target_owner_set(actor=persona("plan_office"), target=output, unit=unit("统计局"))
    response = _get(client, persona("county_leader"), "target_list")
    assert response.context["rows"][0].owner == "统计局"
    assert 'class="gy-owner">统计局<' in response.content.decode()


def test_target_detail_lists_every_month_against_pace(client, persona, output, figures):
    response = _get(client, persona("county_leader"), "target_detail", output.pk)
    assert response.status_code == 200
    points = [(p.month, p.actual, p.expected, p.status) for p in response.context["points"]]
    assert points == [(3, "40", "50", "落后"), (6, "130", "120", "达标")]
    assert response.context["chart"]["actual"] == ["40", "130"]
    html = response.content.decode()
    assert 'id="target-chart-data"' in html and 'data-chart="line"' in html
    assert response.context["latest"].rule_text in html


def test_cockpit_shows_gauges_status_and_units(client, persona, output, figures):
    response = _get(client, persona("county_leader"), "cockpit")
    assert response.status_code == 200
    ctx = response.context
    assert [g["name"] for g in ctx["charts"]["gauges"]] == [output.name]
    assert ctx["charts"]["gauges"][0]["value"] == pytest.approx(108.33, abs=0.01)
    assert ctx["counts"] == {"on_track": 1, "near": 0, "behind": 0}
    assert not ctx["upper"] and not ctx["counties"]
    html = response.content.decode()
    assert 'id="count-on-track">1<' in html
    assert 'id="county-table"' not in html


def test_demo_figures_are_labelled(client, persona, figures):
    Observation.objects.filter(pk=figures.pk).update(is_demo=True)
    for name in ("cockpit", "target_list"):
        html = _get(client, persona("county_leader"), name).content.decode()
        assert 'id="demo-badge"' in html and "演示数据" in html


def test_city_leader_sees_counties_side_by_side(client, persona, output, figures):
    response = _get(client, persona("city_leader"), "cockpit", region=HUOSHAN)
    assert response.status_code == 200
    counties = response.context["counties"]
    assert [(c.code, c.targets, c.on_track, c.rank) for c in counties] == [(HUOSHAN, 1, 1, 1)]
    assert 'data-region="341525"' in response.content.decode()
    # without ?region= a city user lands on the first county with a plan
    assert _get(client, persona("city_leader"), "target_list").context["plan"] == output.plan


def test_access_matrix(client, persona, output, figures):
    for name, args in (("target_list", ()), ("cockpit", ()), ("cockpit_xlsx", ())):
        assert _get(client, persona("enterprise"), name, *args).status_code == 403
        # 金寨 has no plan: nothing in scope
        assert _get(client, persona("outsider"), name, *args).status_code == 404
    assert _get(client, persona("enterprise"), "target_detail", output.pk).status_code == 403
    assert _get(client, persona("outsider"), "target_detail", output.pk).status_code == 404
    # a county user cannot reach another county's plan
    assert _get(client, persona("county_leader"), "cockpit", region="341524").status_code == 404
    assert _get(client, persona("county_leader"), "cockpit", year=2031).status_code == 404
    client.logout()
    response = client.get(reverse("front:cockpit"))
    assert response.status_code == 302


def test_cockpit_xlsx_matches_the_page_and_is_audited(client, persona, output, figures):
    from openpyxl import load_workbook

    leader = persona("county_leader")
    before = AuditEntry.objects.filter(verb="export").count()
    response = _get(client, leader, "cockpit_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["目标", "月度走势", "单位"]

    def table(name):
        values = [list(row) for row in wb[name].iter_rows(values_only=True)]
        header = next(
            i for i, r in enumerate(values) if r and r[0] in ("序号", "综合位次", "县（区）")
        )
        return values[header], values[header + 1 :]

    _, (row,) = table("目标")
    assert row[1] == output.name
    assert (row[3], row[4], row[5], row[7]) == ("130", "6月", "120", "达标")
    # the monthly line: actual and pace for the months with figures
    header, rows = table("月度走势")
    assert header == ["序号", "指标", "项目", "3月", "6月"]
    assert [r[2:] for r in rows] == [
        ["实际", "40", "130"],
        ["序时要求", "50", "120"],
        ["状态", "落后", "达标"],
    ]
    entries = AuditEntry.objects.filter(verb="export")
    assert entries.count() == before + 1
    entry = entries.latest("id")
    assert entry.actor_id == leader.pk
    assert entry.after["view"] == "cockpit" and entry.after["targets"] == 1

    # a city leader's workbook adds the counties side by side and the indicator comparison
    response = _get(client, persona("city_leader"), "cockpit_xlsx", region=HUOSHAN)
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["目标", "月度走势", "单位", "县区对比", "分指标对比"]
    header, rows = table("县区对比")
    assert rows == [[1, "持平", "霍山县", 1, 1, 0, 0, "100.0%", 1, "0.0%", 1]]
    assert [r[:4] for r in table("分指标对比")[1]] == [["霍山县", "200亿元", "130（6月）", 1]]


def test_cockpit_query_count_does_not_grow(client, persona, output, record):
    leader = persona("county_leader")
    client.force_login(leader)
    url = reverse("front:cockpit")
    record(output, 1, "10")
    client.get(url)  # warm caches (session, content types)
    cache.clear()  # the plan part computed afresh, both times
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for seq in range(2, 12):
        target = Target.objects.create(
            plan=output.plan,
            seq=seq,
            name=f"测试指标{seq}",
            kind=output.kind,
            comparator=output.comparator,
            value=Decimal("100"),
            unit="亿元",
        )
        for month in (1, 2, 3):
            record(target, month, str(month * 8))
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["rows"]) == 11
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_figure_for_the_month_in_progress_does_not_break_the_pages(output, record):
    """The service takes a June figure on 15 June; the pages judge it at June's pace."""

    from gongye.indicators.selectors import target_status_list

    record(output, 6, "130")
    (status,) = target_status_list(output.plan)
    assert status.assessment.expected == Decimal("120")
    assert status.assessment.status == "on_track"
