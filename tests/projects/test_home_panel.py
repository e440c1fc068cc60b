"""The project register's 工作台 panel (issue 13 item 5, and 月30): a leader sees the open
problems of the projects paired with them, and only those; a unit the problems assigned to
it and the projects it answers for that owe this month's return, with their colour; the plan
office what waits for it. Nothing waiting, no panel. The 工作台's query count stays flat as
problems and projects grow."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.projects.choices import ProjectStage
from gongye.projects.selectors.problem_home import problems_home_for
from gongye.projects.services.problems import problem_act, problem_raise
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

DUE = dt.date(2022, 7, 20)


@pytest.fixture(autouse=True)
def _july():
    """Every test here runs on 10 July 2022 unless it travels on."""
    with time_machine.travel(on(2022, 7, 10), tick=False):
        yield


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _raise(persona, project, title: str):
    return problem_raise(actor=persona("plan_office"), project=project, title=title, content="…")


def _assign(persona, unit, project, title: str, to: str = "开发区", due: dt.date = DUE):
    return problem_act(
        actor=persona("plan_office"),
        problem=_raise(persona, project, title),
        action="assign",
        unit=unit(to),
        deadline=due,
    )


def _parts(user) -> dict[str, tuple[int, list[str]]]:
    panel = problems_home_for(user)
    if panel is None:
        return {}
    return {
        p.key: (p.total, [getattr(r, "title", None) or r.name for r in p.rows]) for p in panel.parts
    }


def test_a_leader_sees_the_open_problems_of_their_paired_projects(persona, unit, kfq_project):
    other = ProjectFactory(name="未联系项目")  # paired with nobody
    leader = persona("county_leader")
    assert _parts(leader) == {}
    raised = _raise(persona, kfq_project, "用地待落实")
    held = _assign(persona, unit, kfq_project, "道路未通")
    answered = _assign(persona, unit, kfq_project, "供电未接")
    problem_act(actor=persona("lead_liaison"), problem=answered, action="answer", answer="已接")
    _assign(persona, unit, other, "别的项目的问题")
    assert _parts(leader) == {"paired-open": (3, ["道路未通", "供电未接", "用地待落实"])}
    # closed and withdrawn ones are gone
    problem_act(actor=persona("plan_office"), problem=answered, action="close")
    problem_act(actor=persona("plan_office"), problem=raised, action="withdraw")
    assert _parts(leader) == {"paired-open": (1, ["道路未通"])}
    # the city's leader is paired with none of them
    assert _parts(persona("city_leader")) == {}
    html = _client(leader).get("/").content.decode()
    assert 'id="home-projects-paired-open"' in html
    assert f'href="/projects/problems/{held.pk}/"' in html


def test_a_unit_sees_its_problems_and_the_returns_it_owes(persona, unit, kfq_project, hs_project):
    building = ProjectFactory(
        name="开发区在建项目",
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 3, 1),
        unit=unit("开发区"),
    )
    ProjectFactory(
        name="衡山在建项目",
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 3, 1),
        unit=unit("衡山镇"),
        location=unit("衡山镇"),
    )
    _assign(persona, unit, kfq_project, "道路未通")
    _assign(persona, unit, hs_project, "衡山的问题", to="衡山镇")
    _raise(persona, kfq_project, "尚未交办")
    liaison = persona("lead_liaison")
    assert _parts(liaison) == {
        "to-answer": (1, ["道路未通"]),
        "returns": (1, ["开发区在建项目"]),
    }
    assert _parts(persona("unit_head")) == _parts(liaison)
    panel = problems_home_for(liaison)
    assert panel is not None and panel.due == dt.date(2022, 7, 30)
    returns = panel.parts[1]
    assert [p.colour for p in returns.rows] == [""]  # 20 days ahead: no colour yet
    with time_machine.travel(on(2022, 7, 27), tick=False):
        assert [p.colour for p in problems_home_for(liaison).parts[1].rows] == ["yellow"]
    with time_machine.travel(on(2022, 7, 31), tick=False):
        assert [p.colour for p in problems_home_for(liaison).parts[1].rows] == ["red"]
    # filed: it owes nothing this month
    ProjectReturnFactory(project=building, year=2022, month=7, filed_by=liaison)
    assert _parts(liaison) == {"to-answer": (1, ["道路未通"])}
    html = _client(liaison).get("/").content.decode()
    assert 'id="home-projects-to-answer"' in html and "衡山的问题" not in html


def test_the_plan_office_sees_what_waits_for_it(persona, unit, kfq_project):
    _raise(persona, kfq_project, "尚未交办")
    late = _assign(persona, unit, kfq_project, "逾期问题", due=dt.date(2022, 7, 12))
    answered = _assign(persona, unit, kfq_project, "已答复问题")
    problem_act(actor=persona("lead_liaison"), problem=answered, action="answer", answer="已办")
    with time_machine.travel(on(2022, 7, 15), tick=False):
        assert _parts(persona("plan_office")) == {
            "to-assign": (1, ["尚未交办"]),
            "to-verify": (1, ["已答复问题"]),
            "overdue": (1, ["逾期问题"]),
        }
    assert late.pk
    assert _parts(persona("statistics")) == {}
    assert _parts(persona("enterprise")) == {}
    assert _parts(persona("auditor")) == {}


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def _grow(persona, unit, n: int) -> None:
    for i in range(n):
        project = ProjectFactory(
            name=f"增长项目{i}",
            stage=ProjectStage.BUILDING,
            started_on=dt.date(2022, 1, 1),
            paired_leader=persona("county_leader"),
        )
        problem = _assign(persona, unit, project, f"增长问题{i}")
        if i % 2:
            problem_act(
                actor=persona("lead_liaison"), problem=problem, action="answer", answer="有"
            )
        _raise(persona, project, f"待交办{i}")


@pytest.mark.parametrize("who", ["county_leader", "lead_liaison", "plan_office"])
def test_the_home_query_count_is_flat(persona, unit, who):
    _grow(persona, unit, 2)
    client = _client(persona(who))
    small = _queries(client)
    assert 'id="home-projects"' in client.get("/").content.decode()
    _grow(persona, unit, 12)
    assert _queries(client) <= small
