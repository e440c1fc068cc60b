"""The board pages (month board, calendar, list, timeline): who sees which tasks, the .xlsx of
each page holds exactly the page's tasks and is audited, and the number of SQL queries does not
grow with the number of tasks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongye.audit.models import AuditEntry
from gongye.dispatch.board import HEADER_ROW
from gongye.orgs.models import Unit
from gongye.plans.models import Plan, Task
from gongye.supervision.permissions import units_acting_for
from tests.conftest import HUOSHAN

from .conftest import SHANGHAI, at, task_ids

PAGES = {
    "board": "/supervision/board/?year=2022&month=6",
    "board_all": "/supervision/board/?year=2022&month=all",
    "calendar": "/supervision/board/calendar/?year=2022&month=6",
    "calendar_quarter": "/supervision/board/calendar/?mode=quarter&year=2022&quarter=2",
    "list": "/supervision/board/list/?year=2022&month=all",
    "timeline": "/supervision/board/timeline/?year=2022",
}
EXPORTS = {
    "board": "/supervision/board/export.xlsx?year=2022&month=6",
    "board_all": "/supervision/board/export.xlsx?year=2022&month=all",
    "calendar": "/supervision/board/calendar/export.xlsx?year=2022&month=6",
    "calendar_quarter": "/supervision/board/calendar/export.xlsx?mode=quarter&year=2022&quarter=2",
    "list": "/supervision/board/list/export.xlsx?year=2022&month=all",
    "timeline": "/supervision/board/timeline/export.xlsx?year=2022",
}


def _kind(page: str) -> str:
    return "all" if page.endswith("_all") else page


def _expected(plan: Plan, page: str, unit: Unit | None = None) -> set[int]:
    tasks = Task.objects.filter(plan=plan, is_active=True)
    if unit is not None:
        tasks = tasks.filter(task_units__unit_id__in=units_acting_for(unit.pk))
    if page == "board":
        tasks = tasks.filter(month=6)
    elif page == "calendar":
        tasks = tasks.filter(supervision__due__range=(dt.date(2022, 6, 1), dt.date(2022, 6, 30)))
    elif page == "calendar_quarter":
        tasks = tasks.filter(supervision__due__range=(dt.date(2022, 4, 1), dt.date(2022, 6, 30)))
    return set(tasks.values_list("pk", flat=True))


@pytest.fixture
def progressed(seed_plan):
    """Some colour in the seed plan as of 5 July 2022: January–May seq 1 closed, 6月第1项
    postponed to 8 July (yellow again), the rest of the first half red, the rest green."""
    for task in Task.objects.filter(plan=seed_plan):
        state = task.supervision
        if task.month and task.month <= 5 and task.seq == 1:
            state.state, state.percent = "done", 100
            state.closed_at, state.closed_on_time = at(task.due), True
        elif task.month == 6 and task.seq == 1:
            state.state, state.percent, state.due, state.was_overdue = (
                "late",
                30,
                dt.date(2022, 7, 8),
                True,
            )
            state.delay_reason = "设备到货推迟"
        elif task.month == 6 and task.seq == 2:
            state.state, state.percent = "in_progress", 50
        state.save()
    return seed_plan


@pytest.fixture
def july_5():
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", ["plan_office", "county_leader", "lead_liaison"])
def test_page_shows_the_tasks_in_scope(page, who, progressed, july_5, login, persona, unit):
    client = login(persona(who))
    response = client.get(PAGES[page])
    assert response.status_code == 200
    shown = set(task_ids(response.content.decode()))
    scope_unit = unit("开发区") if who == "lead_liaison" else None
    expected = _expected(progressed, _kind(page), scope_unit)
    assert shown == expected
    assert expected  # the check is not vacuous
    if who == "lead_liaison":
        everyone = _expected(progressed, _kind(page))
        assert shown <= everyone
        if _kind(page) not in ("board", "calendar"):  # 开发区 works on every June task
            assert shown < everyone  # the liaison sees less than the region


def test_liaison_list_marks_its_duty(progressed, july_5, login, persona, unit):
    kfq = unit("开发区")
    html = login(persona("lead_liaison")).get(PAGES["list"]).content.decode()
    leads = Task.objects.filter(plan=progressed, task_units__unit=kfq, task_units__role="lead")
    assert f'id="count-lead">{leads.count()}<' in html
    assert leads.count() == 3  # 3月第10项, 4月第4项, 7月第3项


def test_board_columns_and_colours(progressed, july_5, login, persona):
    html = login(persona("plan_office")).get(PAGES["board"]).content.decode()
    # June: 6月1 late (postponed → yellow), 6月2 in progress (red), 6月3–7 not started (red)
    assert 'id="count-total">7<' in html
    assert 'id="count-red">6<' in html and 'id="count-yellow">1<' in html
    late = html.split('id="column-late"')[1].split("</section>")[0]
    june_1 = Task.objects.get(plan=progressed, month=6, seq=1)
    assert task_ids(late) == [june_1.pk]
    assert 'data-colour="yellow"' in late
    assert f'href="/supervision/tasks/{june_1.pk}/"' in late


def test_list_filters_combine(progressed, july_5, login, persona, unit):
    client = login(persona("plan_office"))
    kfq = unit("开发区")
    html = client.get(
        f"/supervision/board/list/?year=2022&month=all&unit={kfq.pk}&role=lead&colour=red"
    ).content.decode()
    expected = set(
        Task.objects.filter(plan=progressed, task_units__unit=kfq, task_units__role="lead")
        .exclude(supervision__closed_at__isnull=False)
        .filter(supervision__due__lt=dt.date(2022, 7, 5))
        .values_list("pk", flat=True)
    )
    assert set(task_ids(html)) == expected and len(expected) == 2  # 3月10, 4月4 (7月3 not due)
    only_role = client.get(
        "/supervision/board/list/?year=2022&month=all&role=lead"
    ).content.decode()
    assert 'id="role-ignored"' in only_role
    done = client.get("/supervision/board/list/?year=2022&month=all&state=done").content.decode()
    assert 'id="count-total">5<' in done and 'id="count-green">5<' in done


def _rows(content: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[HEADER_ROW]]
    rows = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert ws[HEADER_ROW][0].font.name == "黑体" and ws[HEADER_ROW][0].fill.fgColor.rgb.endswith(
        "D9D9D9"
    )
    return [dict(zip(headers, r, strict=True)) for r in rows]


@pytest.mark.parametrize("page", sorted(EXPORTS))
@pytest.mark.parametrize("who", ["plan_office", "lead_liaison"])
def test_export_holds_the_pages_tasks_in_page_order(page, who, progressed, july_5, login, persona):
    client = login(persona(who))
    html = client.get(PAGES[page]).content.decode()
    order = task_ids(html)
    if page == "calendar":  # the calendar grid lists days in week order; the export by due
        order = task_ids(html.split('id="calendar-list"')[1])
    elif page == "calendar_quarter":
        order = task_ids(html.split('id="calendar-list"')[1])
    response = client.get(EXPORTS[page])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response.content)
    tasks = Task.objects.in_bulk(order)
    expected = [(tasks[pk].period_label, tasks[pk].seq, tasks[pk].text) for pk in order]
    assert [(r["月度"], r["序号"], r["重点工作"]) for r in rows] == expected
    entry = AuditEntry.objects.filter(verb="export", target_type="supervision.board").latest("at")
    assert entry.actor == persona(who)
    assert entry.after["rows"] == len(order)
    if who == "lead_liaison":
        assert "本单位职责" in rows[0]


def test_timeline_export_marks_months(progressed, july_5, login, persona):
    rows = _rows(login(persona("plan_office")).get(EXPORTS["timeline"]).content)
    june_1 = next(r for r in rows if r["月度"] == "6月" and r["序号"] == 1)
    # planned for June, postponed to 8 July: the bar runs June–July, due in July
    assert [june_1[f"{m}月"] for m in range(5, 9)] == [None, "▬", "到期", None]
    jan_1 = next(r for r in rows if r["月度"] == "1月" and r["序号"] == 1)
    assert jan_1["1月"] == "办结" and jan_1["颜色"] == "绿"


def test_board_export_has_the_board_column(progressed, july_5, login, persona):
    rows = _rows(login(persona("plan_office")).get(EXPORTS["board"]).content)
    # the board's columns left to right: 6月3–7 未开始, 6月2 推进中, none 已完成, 6月1 滞后
    assert [r["看板列"] for r in rows] == ["未开始"] * 5 + ["推进中", "滞后"]
    assert [r["序号"] for r in rows][-2:] == [2, 1]


@pytest.mark.parametrize("who", ["enterprise", "sys_admin", "sec_admin", "auditor"])
def test_non_supervisors_get_403(who, small_plan, login, persona):
    client = login(persona(who))
    for url in [*PAGES.values(), *EXPORTS.values()]:
        assert client.get(url).status_code == 403, url
    assert not AuditEntry.objects.filter(verb="export").exists()


def test_anonymous_is_sent_to_login(small_plan, client):
    for url in [*PAGES.values(), *EXPORTS.values()]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_bad_parameters_fall_back_to_defaults(small_plan, login, persona):
    client = login(persona("plan_office"))
    for url in (
        "/supervision/board/?year=abc&month=13",
        "/supervision/board/calendar/?mode=week&quarter=9",
        "/supervision/board/list/?unit=999999&role=boss&colour=blue&state=gone",
        "/supervision/board/timeline/?year=1900",
    ):
        assert client.get(url).status_code == 200, url


# --------------------------------------------------------------------------- query budget

BUDGET_URLS = [
    "/supervision/board/?year=2022&month=all",
    "/supervision/board/?year=2022&month=1",
    "/supervision/board/calendar/?year=2022&month=1",
    "/supervision/board/calendar/?mode=quarter&year=2022&quarter=1",
    "/supervision/board/list/?year=2022&month=all",
    "/supervision/board/list/?year=2022&month=all&colour=red",
    "/supervision/board/timeline/?year=2022",
    "/supervision/board/export.xlsx?year=2022&month=all",
    "/supervision/board/list/export.xlsx?year=2022&month=all",
    "/supervision/board/timeline/export.xlsx?year=2022",
    "/supervision/board/calendar/export.xlsx?mode=quarter&year=2022&quarter=1",
    "/supervision/bulletin/?year=2022&month=6",
    "/supervision/bulletin/export.xlsx?year=2022&month=6",
]


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("text/html"):
        return len(ctx.captured_queries), len(set(task_ids(response.content.decode())))
    return len(ctx.captured_queries), 0


def test_query_count_does_not_grow_with_the_tasks(org, small_plan, login, persona):
    clients = {who: login(persona(who)) for who in ("plan_office", "lead_liaison")}
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=False):
        small = {(w, u): _count(c, u)[0] for w, c in clients.items() for u in BUDGET_URLS}
    # the same pages over the 83-task seed plan, with states, postponements and reports
    Plan.objects.filter(pk=small_plan.pk).update(year=2021)
    from django.conf import settings

    from gongye.plans.services import plan_apply_parsed, plan_document_parse

    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=org[HUOSHAN], data=path.read_bytes(), filename=path.name
    )
    plan = plan_apply_parsed(
        actor=None, region=org[HUOSHAN], parsed=parsed, resolver=resolver, filename=path.name
    ).plan
    for task in plan.tasks.filter(month__lte=6):
        state = task.supervision
        if task.seq % 2:
            state.closed_at, state.closed_on_time, state.state = at(task.due), True, "done"
        else:
            state.state, state.delay_reason = "late", "原因"
        state.save()
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=False):
        large = {}
        shown = 0
        for (w, u), _ in small.items():
            large[(w, u)], n = _count(clients[w], u)
            shown = max(shown, n)
    assert plan.tasks.count() == 83 and shown == 83
    grown = {k: (small[k], large[k]) for k in small if large[k] != small[k]}
    assert not grown, grown
    assert all(5 < n < 20 for n in small.values()), small  # measured, not vacuous


def test_pages_render_in_english_too(progressed, july_5, login, persona, settings):
    client = login(persona("plan_office"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in [*PAGES.values(), "/supervision/bulletin/?year=2022&month=6"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en"' in response.content.decode(), url
