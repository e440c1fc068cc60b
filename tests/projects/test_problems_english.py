"""The problem lists' pages in English (issue 13 item 5) show no Chinese but data, in every
status a problem passes through and for each person who acts on it; a bad step is told in
English too."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from gongye.projects.services.problems import problem_act
from tests.english import chinese_left, data_texts, page_pieces
from tests.projects.factories import on
from tests.projects.test_problems_pages import _act, _assigned, _raised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _june_first():
    with time_machine.travel(on(2022, 6, 1), tick=False):
        yield


def _client(user, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _own_part(response, url: str) -> str:
    """What these pages add: the page's main part, on the 工作台 the panel (the shell's
    navigation is read by tests/test_english_pages.py)."""
    html = response.content.decode()
    if url == "/":
        if 'id="home-projects"' not in html:
            return ""
        start = html.index('id="home-projects"')
        return html[start : html.index("</section>", start)]
    return html[html.index("<main") : html.index("</main>")]


def test_the_problem_pages_in_english(persona, unit, kfq_project, hs_project):
    kfq_project.paired_leader = persona("county_leader")
    kfq_project.save()
    raised = _raised(persona, kfq_project, "用地问题")
    held = _assigned(persona, unit, hs_project, "道路问题", to="衡山镇")
    problem_act(
        actor=persona("plan_office"),
        problem=held,
        action="reassign",
        unit=unit("衡山镇"),
        deadline=dt.date(2022, 6, 20),
    )
    answered = _assigned(persona, unit, kfq_project, "供电问题")
    problem_act(actor=persona("lead_liaison"), problem=answered, action="answer", answer="已接电")
    closed = _assigned(persona, unit, kfq_project, "供水问题")
    problem_act(actor=persona("lead_liaison"), problem=closed, action="answer", answer="已通水")
    problem_act(
        actor=persona("plan_office"),
        problem=closed,
        action="reopen",
        comment="请补充",
        deadline=dt.date(2022, 6, 10),
    )
    problem_act(actor=persona("lead_liaison"), problem=closed, action="answer", answer="已补充")
    problem_act(actor=persona("plan_office"), problem=closed, action="close")
    urls = [
        "/",
        "/projects/problems/",
        "/projects/problems/?status=assigned&overdue=on",
        f"/projects/{kfq_project.pk}/problems/new/",
        *(f"/projects/problems/{p.pk}/" for p in (raised, held, answered, closed)),
    ]
    data = data_texts()
    found = {}
    for name in ("plan_office", "lead_liaison", "coop_liaison", "county_leader", "statistics"):
        client = _client(persona(name), "en")
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 403, 404}, (name, url)
            left = [
                r
                for r in chinese_left(page_pieces(_own_part(response, url)), data)
                if "姓名" not in r
            ]
            if left:
                found[f"{name} {url}"] = left
    assert not found, found
    # and a bad step is told in English too
    english = _client(persona("plan_office"), "en")
    response = _act(english, raised, action="assign", **{"assign-unit": "x"})
    assert response.status_code == 200
    assert "Please choose a unit of this county that is in use." in response.content.decode()
    assert not chinese_left(page_pieces(_own_part(response, "")), data_texts())
