"""The services check a project's region themselves, not only the selectors: another
county's plan office or leader, calling a service directly with a 霍山 project, is refused and
nothing changes (defence in depth behind the pages' and the API's 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongye.audit.models import AuditEntry
from gongye.core.roles import Role
from gongye.projects.models import ProjectProblem
from gongye.projects.services.problems import problem_act, problem_raise
from gongye.projects.services.projects import project_move, project_pair, project_update
from gongye.projects.services.returns import return_file
from tests.conftest import JINZHAI, make_user


@pytest.fixture
def jinzhai_office(org):
    return make_user("jz_office", "金寨计划办", Role.PLAN_OFFICE, JINZHAI, "经信局")


@pytest.fixture
def jinzhai_leader(org):
    return make_user("jz_leader", "金寨县领导", Role.LEADER, JINZHAI, None)


def test_another_countys_plan_office_is_refused_by_every_service(jinzhai_office, kfq_project, unit):
    before = AuditEntry.objects.count()
    calls = [
        lambda: project_update(actor=jinzhai_office, project=kfq_project, facts={"name": "改"}),
        lambda: project_pair(
            actor=jinzhai_office, project=kfq_project, leader=None, unit=unit("开发区")
        ),
        lambda: project_move(
            actor=jinzhai_office,
            project=kfq_project,
            action="cancel",
            on=dt.date(2022, 3, 1),
            reason="不建了",
        ),
        lambda: return_file(
            actor=jinzhai_office,
            project=kfq_project,
            year=2022,
            month=1,
            investment_month="1",
            investment_total="1",
            progress="施工",
        ),
        lambda: problem_raise(
            actor=jinzhai_office, project=kfq_project, title="用地", content="缺指标"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    kfq_project.refresh_from_db()
    assert kfq_project.name == "开发区智能装备产业园" and kfq_project.stage == "reserve"
    assert AuditEntry.objects.count() == before


def test_another_countys_leader_may_not_raise_and_its_office_may_not_assign(
    jinzhai_leader, jinzhai_office, county_leader, kfq_project, unit
):
    with pytest.raises(PermissionDenied):
        problem_raise(actor=jinzhai_leader, project=kfq_project, title="用地", content="缺指标")
    problem = problem_raise(
        actor=county_leader, project=kfq_project, title="用地", content="缺指标"
    )
    with pytest.raises(PermissionDenied):
        problem_act(
            actor=jinzhai_office,
            problem=problem,
            action="assign",
            unit=unit("开发区"),
            deadline=dt.date.today() + dt.timedelta(days=10),
        )
    assert ProjectProblem.objects.get().status == "raised"
