"""The appeals pages in English show no Chinese but data (the database's texts), in every
stage an appeal passes through and for each person who acts on it; the Chinese pages' labels
stay Chinese."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone

from gongye.enterprises.services.appeals import appeal_act, appeal_log, appeal_raise
from tests.english import chinese_left, data_texts, page_pieces


def _client(user, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def test_the_appeals_pages_in_english(persona, unit, own_enterprise):
    own_enterprise.paired_leader = persona("county_leader")
    own_enterprise.save()
    due = timezone.localdate() + dt.timedelta(days=2)
    raised = appeal_raise(actor=persona("enterprise"), title="用电增容", content="需增容")
    returned = appeal_raise(actor=persona("enterprise"), title="招工", content="需招工")
    returned = appeal_act(
        actor=persona("plan_office"), appeal=returned, action="return", comment="请补充人数"
    )
    answered = appeal_raise(actor=persona("enterprise"), title="贷款", content="需贷款")
    answered = appeal_act(
        actor=persona("plan_office"),
        appeal=answered,
        action="assign",
        unit=unit("开发区"),
        deadline=due,
    )
    answered = appeal_act(
        actor=persona("lead_liaison"), appeal=answered, action="answer", answer="已对接银行"
    )
    held = appeal_log(
        actor=persona("coop_liaison"), enterprise=own_enterprise, title="运输", content="原料运输难"
    )
    held = appeal_act(
        actor=persona("plan_office"),
        appeal=held,
        action="assign",
        unit=unit("衡山镇"),
        deadline=due,
    )
    urls = [
        "/",
        "/enterprises/appeals/",
        "/enterprises/appeals/?status=answered",
        "/enterprises/appeals/new/",
        f"/enterprises/{own_enterprise.pk}/appeals/new/",
        "/enterprises/appeals/monthly/",
        *(f"/enterprises/appeals/{a.pk}/" for a in (raised, returned, answered, held)),
    ]
    data = data_texts()
    found = {}
    for name in (
        "enterprise",
        "plan_office",
        "lead_liaison",
        "coop_liaison",
        "county_leader",
        "statistics",
    ):
        client = _client(persona(name))
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 403, 404}, (name, url, response.status_code)
            left = chinese_left(page_pieces(response.content.decode()), data)
            # the names of people (persona display names) and the navigation of other parts
            left = [run for run in left if "姓名" not in run]
            if left:
                found[f"{name} {url}"] = left
    assert not found, found


def test_the_chinese_pages_stay_chinese(persona, own_enterprise):
    page = _client(persona("enterprise"), "zh-hans").get("/enterprises/appeals/").content.decode()
    assert "企业诉求（绿色通道）" in page and "提出诉求" in page
