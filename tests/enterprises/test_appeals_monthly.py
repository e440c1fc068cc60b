"""The monthly appeals table (诉求办理情况月报) for the bulletin: each unit's counts for June
2022 equal hand-counted values and the database's own, with totals; the .xlsx says the same
and writes a name that looks like a formula as text."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Q
from django.test import Client
from openpyxl import load_workbook

from gongye.enterprises.models import Appeal
from gongye.enterprises.selectors.appeals_monthly import appeals_month_table, month_table_xlsx
from gongye.enterprises.services.appeals import appeal_act, appeal_raise, appeal_rate
from gongye.orgs.models import Region
from tests.orgs.factories import UnitFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date


def _on(day: dt.date, fn, **kwargs):
    with time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False
    ):
        return fn(**kwargs)


@pytest.fixture
def june(persona, unit, own_enterprise):
    ent, office, kfq = persona("enterprise"), persona("plan_office"), persona("lead_liaison")
    stats_unit = UnitFactory(name='=HYPERLINK("http://x")局')

    def raise_(day, title):
        return _on(day, appeal_raise, actor=ent, title=title, content="内容")

    def assign(day, a, u, due):
        return _on(day, appeal_act, actor=office, appeal=a, action="assign", unit=u, deadline=due)

    def answer(day, a):
        return _on(day, appeal_act, actor=kfq, appeal=a, action="answer", answer="已办理")

    def rate(day, a, rating, comment=""):
        return _on(day, appeal_rate, actor=ent, appeal=a, rating=rating, comment=comment)

    f = raise_(D(2022, 5, 20), "F")
    f = assign(D(2022, 5, 21), f, unit("开发区"), D(2022, 5, 30))
    f = answer(D(2022, 6, 2), f)
    rate(D(2022, 6, 3), f, "basic")
    a = raise_(D(2022, 6, 1), "A")
    a = assign(D(2022, 6, 2), a, unit("开发区"), D(2022, 6, 10))
    a = answer(D(2022, 6, 12), a)  # late
    rate(D(2022, 6, 13), a, "satisfied")
    b = raise_(D(2022, 6, 3), "B")
    b = assign(D(2022, 6, 3), b, unit("开发区"), D(2022, 6, 20))
    b = answer(D(2022, 6, 5), b)
    rate(D(2022, 6, 6), b, "unsatisfied", "未解决")
    c = raise_(D(2022, 6, 5), "C")
    assign(D(2022, 6, 5), c, stats_unit, D(2022, 6, 8))  # never answered
    raise_(D(2022, 6, 7), "D")  # not yet assigned
    e = raise_(D(2022, 6, 8), "E")
    _on(D(2022, 6, 8), appeal_act, actor=ent, appeal=e, action="withdraw")
    return stats_unit


def test_the_table_counts_what_happened_in_the_month(june, unit):
    region = Region.objects.get(code="341525")
    table = appeals_month_table(region=region, year=2022, month=6, today=D(2022, 7, 1))
    rows = {r.unit_name: r for r in table.rows}
    kfq, stats, waiting = rows["开发区"], rows[june.name], rows["（待交办）"]
    # overdue: A answered late; B reopened and not answered again by its deadline (20 June)
    assert (kfq.raised, kfq.assigned, kfq.answered, kfq.closed, kfq.overdue) == (2, 2, 3, 2, 2)
    assert (kfq.rated, kfq.satisfied, kfq.satisfaction) == (3, 2, Decimal("66.7"))
    assert (stats.raised, stats.assigned, stats.answered, stats.overdue) == (1, 1, 0, 1)
    assert stats.satisfaction is None
    assert (waiting.raised, waiting.assigned) == (1, 0)
    total = table.total
    assert (total.raised, total.assigned, total.answered, total.closed, total.overdue) == (
        4,
        3,
        3,
        2,
        3,
    )
    assert total.satisfaction == Decimal("66.7")
    assert [r.unit_name for r in table.rows][-1] == "（待交办）"


def test_the_table_agrees_with_the_database(june, unit):
    region = Region.objects.get(code="341525")
    table = appeals_month_table(region=region, year=2022, month=6, today=D(2022, 7, 1))
    counted = Appeal.objects.exclude(status="withdrawn")
    june_q = lambda f: Q(**{f"{f}__year": 2022, f"{f}__month": 6})  # noqa: E731
    for row in table.rows:
        mine = counted.filter(unit_id=row.unit_id) if row.unit_id else counted.filter(unit=None)
        assert row.raised == mine.filter(june_q("created_at")).count()
        assert row.assigned == mine.filter(june_q("assigned_at")).count()
        assert row.answered == mine.filter(june_q("answered_at")).count()
        assert row.closed == mine.filter(june_q("closed_at")).count()
    assert table.total.raised == counted.filter(june_q("created_at")).count()
    # May has only F's raising and assignment
    may = appeals_month_table(region=region, year=2022, month=5, today=D(2022, 7, 1))
    assert [(r.unit_name, r.raised, r.assigned, r.overdue) for r in may.rows] == [
        ("开发区", 1, 1, 1)
    ]


def test_the_spreadsheet_says_the_same_and_is_formula_safe(june):
    region = Region.objects.get(code="341525")
    table = appeals_month_table(region=region, year=2022, month=6, today=D(2022, 7, 1))
    sheet = load_workbook(io.BytesIO(month_table_xlsx(table))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert values[-1][:6] == ["合计", 4, 3, 3, 2, 3]
    names = [row[0] for row in values]
    assert june.name in names  # as text, not a formula
    cell = next(c for c in sheet["A"] if c.value == june.name)
    assert cell.data_type == "s"
    assert "2022年6月" in sheet["A1"].value


def test_the_page_and_the_download(june, persona):
    client = Client()
    client.force_login(persona("statistics"))
    page = client.get("/enterprises/appeals/monthly/?month=2022-06")
    assert page.status_code == 200
    assert "开发区" in page.content.decode() and "66.7" in page.content.decode()
    download = client.get("/enterprises/appeals/monthly.xlsx?month=2022-06")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    for junk in ("2022-13", "x", "99999-1", "2022-06-01"):
        assert client.get(f"/enterprises/appeals/monthly/?month={junk}").status_code == 200


def test_a_reopened_appeal_past_its_new_deadline_is_overdue(persona, unit, own_enterprise):
    ent, office = persona("enterprise"), persona("plan_office")
    a = _on(D(2022, 6, 1), appeal_raise, actor=ent, title="G", content="内容")
    a = _on(
        D(2022, 6, 1),
        appeal_act,
        actor=office,
        appeal=a,
        action="assign",
        unit=unit("开发区"),
        deadline=D(2022, 6, 5),
    )
    a = _on(
        D(2022, 6, 3),
        appeal_act,
        actor=persona("lead_liaison"),
        appeal=a,
        action="answer",
        answer="已办",
    )
    a = _on(D(2022, 6, 4), appeal_rate, actor=ent, appeal=a, rating="unsatisfied", comment="没解决")
    assert a.deadline == D(2022, 6, 11)  # seven more days
    region = Region.objects.get(code="341525")
    before = appeals_month_table(region=region, year=2022, month=6, today=D(2022, 6, 11))
    after = appeals_month_table(region=region, year=2022, month=6, today=D(2022, 6, 12))
    assert (before.total.overdue, after.total.overdue) == (0, 1)
