"""The appeals pages: query counts flat as appeals grow (the list, one appeal, the 工作台, the
enterprise page's section), need to know on the list, the enterprise told prominently of an
answer to rate, and no 500 on junk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongye.enterprises.selectors.appeals import appeals_for_enterprise, appeals_home_for
from gongye.enterprises.services.appeals import appeal_act, appeal_log, appeal_raise
from tests.enterprises.factories import EnterpriseFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(persona, unit, n: int) -> None:
    """n appeals of the own enterprise, assigned to 开发区 and answered."""
    due = timezone.localdate() + dt.timedelta(days=5)
    for i in range(n):
        a = appeal_raise(actor=persona("enterprise"), title=f"诉求{i}", content="内容")
        a = appeal_act(
            actor=persona("plan_office"),
            appeal=a,
            action="assign",
            unit=unit("开发区"),
            deadline=due,
        )
        if i % 2:
            appeal_act(actor=persona("lead_liaison"), appeal=a, action="answer", answer="已办理")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("plan_office", "/enterprises/appeals/"),
        ("lead_liaison", "/enterprises/appeals/"),
        ("enterprise", "/enterprises/appeals/"),
        ("county_leader", "/enterprises/appeals/"),
        ("plan_office", "/"),
        ("enterprise", "/"),
        ("lead_liaison", "/"),
        ("statistics", "/enterprises/appeals/monthly/"),
        ("plan_office", "/api/v1/enterprises/appeals"),
    ],
)
def test_query_count_is_flat(persona, unit, own_enterprise, who, url):
    own_enterprise.paired_leader = persona("county_leader")
    own_enterprise.save()
    _grow(persona, unit, 2)
    client = _client(persona(who))
    small = _queries(client, url)
    _grow(persona, unit, 12)
    assert _queries(client, url) <= small


def test_one_appeal_and_the_section_are_flat(persona, unit, own_enterprise):
    _grow(persona, unit, 1)
    appeal = own_enterprise.appeals.get()
    client = _client(persona("plan_office"))
    url = f"/enterprises/appeals/{appeal.pk}/"
    small = _queries(client, url)
    appeal_act(
        actor=persona("plan_office"),
        appeal=appeal,
        action="reassign",
        unit=unit("统计局"),
        deadline=timezone.localdate() + dt.timedelta(days=9),
    )
    appeal_act(
        actor=persona("plan_office"),
        appeal=appeal,
        action="reassign",
        unit=unit("开发区"),
        deadline=timezone.localdate() + dt.timedelta(days=9),
    )
    assert _queries(client, url) <= small
    page = client.get(url).content.decode()
    assert "改派诉求" in page and "承办单位：统计局" in page  # the timeline reads the audit log
    user = persona("enterprise")
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string(
            "enterprises/_appeals_section.html",
            {"appeals": appeals_for_enterprise(user, own_enterprise), "enterprise": own_enterprise},
        )
    few = len(ctx.captured_queries)
    _grow(persona, unit, 8)
    with CaptureQueriesContext(connection) as ctx:
        render_to_string(
            "enterprises/_appeals_section.html",
            {"appeals": appeals_for_enterprise(user, own_enterprise), "enterprise": own_enterprise},
        )
    assert len(ctx.captured_queries) <= few
    assert "用电" not in html and "诉求0" in html


def test_each_sees_what_they_need_to_know(persona, unit, own_enterprise, other_enterprise):
    _grow(persona, unit, 1)
    logged = appeal_log(
        actor=persona("coop_liaison"),
        enterprise=own_enterprise,
        title="走访诉求",
        content="原料运输",
    )
    second = EnterpriseFactory(name="第二企业", township=unit("衡山镇"))
    titles = {}
    for name in (
        "plan_office",
        "statistics",
        "lead_liaison",
        "coop_liaison",
        "enterprise",
        "outsider",
        "county_leader",
    ):
        page = _client(persona(name)).get("/enterprises/appeals/").content.decode()
        titles[name] = {"诉求0" in page, "走访诉求" in page}
    assert titles["plan_office"] == titles["statistics"] == {True}
    assert titles["lead_liaison"] == {True, False}  # assigned to it; not the 衡山镇 log
    assert titles["coop_liaison"] == {False, True}  # its own log only
    assert titles["enterprise"] == {True}
    assert titles["outsider"] == titles["county_leader"] == {False}
    assert logged.enterprise != second


def test_the_enterprise_is_told_prominently_of_an_answer_to_rate(persona, unit, own_enterprise):
    _grow(persona, unit, 2)  # the second is answered
    user = persona("enterprise")
    page = _client(user).get("/enterprises/appeals/").content.decode()
    assert 'id="appeal-to-rate"' in page
    panel = appeals_home_for(user)
    assert panel is not None and panel["sections"][0]["key"] == "to-rate"
    home = _client(user).get("/").content.decode()
    assert "已答复，待您评价" in home
    office = appeals_home_for(persona("plan_office"))
    assert office is None  # nothing waits for assignment, nothing overdue
    unit_panel = appeals_home_for(persona("lead_liaison"))
    assert (
        unit_panel["sections"][0]["key"] == "to-answer" and unit_panel["sections"][0]["total"] == 1
    )
    assert appeals_home_for(persona("auditor")) is None


@pytest.mark.parametrize(
    "url",
    [
        "/enterprises/appeals/?status=nonsense&page=-1",
        "/enterprises/appeals/?page=999999999999999999999",
        "/enterprises/appeals/99999999999999999999/",
        "/enterprises/appeals/0/",
        "/enterprises/appeals/abc/",
        "/enterprises/99999999999/appeals/new/",
    ],
)
def test_junk_never_fails(persona, own_enterprise, url):
    response = _client(persona("plan_office")).get(url)
    assert response.status_code in {200, 404}


def test_junk_posts_are_told_not_crashed(persona, unit, own_enterprise):
    _grow(persona, unit, 1)
    appeal = own_enterprise.appeals.get()
    client = _client(persona("plan_office"))
    url = f"/enterprises/appeals/{appeal.pk}/act/"
    for data in (
        {"action": "reassign", "unit": "x", "deadline": "2022-13-45"},
        {"action": "reassign", "unit": "99999999999999999999999", "deadline": "tomorrow"},
        {"action": "explode"},
        {},
    ):
        response = client.post(url, data)
        assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.unit == unit("开发区")
    follow = client.post(url, {"action": "reassign", "unit": "x"}, follow=True).content.decode()
    assert "请选择本县（区）一个在用的承办单位" in follow


def test_the_section_offers_logging_only_to_a_liaison(persona, unit, own_enterprise):
    _grow(persona, unit, 1)
    for name, offered in (("coop_liaison", True), ("enterprise", False), ("plan_office", False)):
        appeals = appeals_for_enterprise(persona(name), own_enterprise)
        html = render_to_string(
            "enterprises/_appeals_section.html", {"appeals": appeals, "enterprise": own_enterprise}
        )
        assert ('id="appeal-log-link"' in html) is offered
    # the township's liaison sees none of an appeal it neither logged nor holds
    assert appeals_for_enterprise(persona("coop_liaison"), own_enterprise) == []
    assert len(appeals_for_enterprise(persona("enterprise"), own_enterprise)) == 1
