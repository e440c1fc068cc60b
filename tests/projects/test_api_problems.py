"""The problem lists through the API (问题清单交办, ``/api/v1/projects/problems…``): raised on a
project, assigned, answered, closed, each step audited and the steps offered to each reader;
scoped as the projects are; a step not the reader's is 403, one that does not fit or lacks
what it needs a Chinese 400 naming the field, with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongye.audit.models import AuditEntry
from gongye.core.params import MAX_ID
from gongye.projects.choices import ProblemStatus
from gongye.projects.models import ProjectProblem

pytestmark = pytest.mark.django_db
API = "/api/v1/projects"


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def _due(days: int = 10) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_a_problem_from_raising_to_closing(persona, unit, kfq_project):
    leader, office = _api(persona("county_leader")), _api(persona("plan_office"))
    liaison = _api(persona("lead_liaison"))
    raised = _post(
        leader, f"{API}/{kfq_project.pk}/problems", {"title": "用地报批", "content": "林地未批"}
    )
    assert raised.status_code == 201, raised.content
    body = raised.json()
    pk = body["id"]
    assert body["status"] == "raised" and body["actions"] == ["withdraw"]
    assert body["project"] == {"id": kfq_project.pk, "name": kfq_project.name}
    assert body["raised_by_name"] == "county_leader-姓名" and body["raised_unit_name"] is None
    url = f"{API}/problems/{pk}/actions"
    assigned = _post(
        office, url, {"action": "assign", "unit": unit("开发区").pk, "deadline": _due()}
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["unit_name"] == "开发区" and assigned.json()["status"] == "assigned"
    assert _post(leader, url, {"action": "answer", "answer": "自己答"}).status_code == 403
    assert liaison.get(f"{API}/problems/{pk}").json()["actions"] == ["answer"]
    answered = _post(liaison, url, {"action": "answer", "answer": "已协调林业局，下周批复"})
    assert answered.json()["status"] == "answered"
    assert set(office.get(f"{API}/problems/{pk}").json()["actions"]) == {"close", "reopen"}
    closed = _post(office, url, {"action": "close"})
    assert closed.json()["status"] == "closed" and closed.json()["closed_at"]
    verbs = list(
        AuditEntry.objects.filter(target_id=str(pk), verb__startswith="problem.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["problem.raise", "problem.assign", "problem.answer", "problem.close"]
    # closed: no longer among the project's open problems, still in the list
    assert (
        _api(persona("county_leader")).get(f"{API}/{kfq_project.pk}").json()["open_problems"] == []
    )
    listed = office.get(f"{API}/problems", {"status": "closed"}).json()
    assert [p["id"] for p in listed["results"]] == [pk] and listed["count"] == 1


def test_the_office_assigns_as_it_raises(persona, unit, kfq_project):
    office = _api(persona("plan_office"))
    body = _post(
        office,
        f"{API}/{kfq_project.pk}/problems",
        {"title": "资金", "content": "贷款未到位", "unit": unit("开发区").pk, "deadline": _due()},
    ).json()
    assert body["status"] == "assigned" and body["deadline"] == _due()
    assert ProjectProblem.objects.get().unit == unit("开发区")


def test_problems_are_scoped_like_their_projects(persona, unit, kfq_project, hs_project):
    office = persona("plan_office")
    for project in (kfq_project, hs_project):
        _post(_api(office), f"{API}/{project.pk}/problems", {"title": "x", "content": "y"})
    kfq_problem = ProjectProblem.objects.get(project=kfq_project)

    def titles(name: str) -> set[str]:
        body = _api(persona(name)).get(f"{API}/problems").json()
        return {p["project"]["name"] for p in body["results"]}

    assert titles("plan_office") == {kfq_project.name, hs_project.name}
    assert titles("coop_liaison") == {hs_project.name}
    assert titles("lead_liaison") == {kfq_project.name}
    assert titles("outsider") == set()
    assert _api(persona("sys_admin")).get(f"{API}/problems").status_code == 403
    for name in ("coop_liaison", "outsider", "enterprise"):
        assert _api(persona(name)).get(f"{API}/problems/{kfq_problem.pk}").status_code == 404
        response = _post(_api(persona(name)), f"{API}/problems/{kfq_problem.pk}/actions", {})
        assert response.status_code == 404
    # a problem assigned to 衡山镇 shows its project to 衡山镇
    _post(
        _api(office),
        f"{API}/problems/{kfq_problem.pk}/actions",
        {"action": "assign", "unit": unit("衡山镇").pk, "deadline": _due()},
    )
    assert titles("coop_liaison") == {hs_project.name, kfq_project.name}
    filtered = _api(office).get(f"{API}/problems", {"unit": str(unit("衡山镇").pk)}).json()
    assert [p["id"] for p in filtered["results"]] == [kfq_problem.pk]
    by_project = _api(office).get(f"{API}/problems", {"project": str(hs_project.pk)}).json()
    assert by_project["count"] == 1


def test_raising_is_for_the_projects_units_the_leaders_and_the_office(persona, kfq_project):
    url = f"{API}/{kfq_project.pk}/problems"
    body = {"title": "x", "content": "y"}
    assert _post(_api(persona("statistics")), url, body).status_code == 403
    assert _post(_api(persona("coop_liaison")), url, body).status_code == 404
    assert _post(_api(persona("unit_head")), url, body).status_code == 201
    assert ProjectProblem.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "content": "y"}, "title"),
        ({"content": "y"}, "title"),
        ({"title": "x" * 101, "content": "y"}, "title"),
        ({"title": 1, "content": "y"}, "title"),
        ({"title": "x", "content": "   "}, "content"),
        ({"title": "x", "content": "y", "unit": 2**64}, "unit"),
        ({"title": "x", "content": "y", "deadline": "soon"}, "deadline"),
    ],
)
def test_a_bad_problem_is_a_400_and_nothing_is_written(persona, kfq_project, body, field):
    response = _post(_api(persona("plan_office")), f"{API}/{kfq_project.pk}/problems", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not ProjectProblem.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="problem.").exists()


def test_bad_steps_are_400_on_their_field_and_change_nothing(persona, unit, kfq_project):
    office = _api(persona("plan_office"))
    pk = _post(office, f"{API}/{kfq_project.pk}/problems", {"title": "x", "content": "y"}).json()[
        "id"
    ]
    url = f"{API}/problems/{pk}/actions"
    for body, field in (
        ({"action": "explode"}, "action"),
        ({}, "action"),
        ({"action": "assign", "deadline": _due()}, "unit"),
        ({"action": "assign", "unit": MAX_ID, "deadline": _due()}, "unit"),
        ({"action": "assign", "unit": unit("开发区").pk}, "deadline"),
        ({"action": "assign", "unit": unit("开发区").pk, "deadline": "2000-01-01"}, "deadline"),
        ({"action": "assign", "unit": unit("开发区").pk, "deadline": _due(400)}, "deadline"),
        ({"action": "close"}, "action"),  # not from 待交办
        ({"action": "answer", "answer": "x"}, "action"),
    ):
        response = _post(office, url, body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["errors"], (body, response.json())
    problem = ProjectProblem.objects.get()
    assert problem.status == ProblemStatus.RAISED and problem.unit is None
    assert list(
        AuditEntry.objects.filter(verb__startswith="problem.").values_list("verb", flat=True)
    ) == ["problem.raise"]
    assert office.get(f"{API}/problems/{str(MAX_ID + 1)}").status_code == 404
    assert office.get(f"{API}/problems", {"status": "lost"}).status_code == 400
    assert office.get(f"{API}/problems", {"project": "0"}).status_code == 400
    assert office.get(f"{API}/problems", {"unit": str(MAX_ID + 1)}).status_code == 400
