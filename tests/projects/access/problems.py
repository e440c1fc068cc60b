"""Access-matrix entries of the problem lists (问题清单交办): the list, a problem's page, its
steps, raising one on a project. The problem in context waits to be assigned (raised by the
``lead_liaison``) on the 开发区 project, which the ``county_leader`` is paired with."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongye.orgs.models import Unit
from tests.projects.access.pages import ADMINS, HIDDEN, READERS, SEE_KFQ
from tests.test_access_matrix import Entry

# who may raise a problem on the 开发区 project: the plan office, the leaders, its unit
RAISE = {
    "plan_office",
    "county_leader",
    "city_leader",
    "province_leader",
    "lead_liaison",
    "unit_head",
}
assert not RAISE & (HIDDEN | ADMINS)


def _assign(p: str) -> dict:
    return {
        "action": "assign",
        "assign-unit": Unit.objects.get(region__code="341525", name="开发区").pk,
        "assign-deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }


def _problem(suffix: str = ""):
    return lambda c: f"/projects/problems/{c['problem'].pk}/{suffix}"


def _raise_url(c) -> str:
    return f"/projects/{c['project'].pk}/problems/new/"


ENTRIES: list = [
    Entry("projects:problem_list", "get", lambda c: "/projects/problems/", READERS),
    Entry("projects:problem_detail", "get", _problem(), SEE_KFQ, HIDDEN),
    # only the plan office assigns; whoever else sees it is refused (403)
    Entry(
        "projects:problem_act",
        "post",
        _problem("act/"),
        {"plan_office"},
        HIDDEN,
        ok=302,
        data=_assign,
    ),
    Entry("projects:problem_raise", "get", _raise_url, RAISE, HIDDEN),
    Entry(
        "projects:problem_raise",
        "post",
        _raise_url,
        RAISE,
        HIDDEN,
        ok=302,
        data=lambda p: {"title": f"问题（{p}）", "content": "施工用电尚未接入。"},
    ),
]


def context(request, persona, unit) -> dict:
    from gongye.projects.services.problems import problem_raise

    project = request.getfixturevalue("kfq_project")
    problem = problem_raise(
        actor=persona("lead_liaison"), project=project, title="用地指标未落实", content="待调剂。"
    )
    return {"project": project, "problem": problem}
