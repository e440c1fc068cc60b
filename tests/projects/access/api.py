"""Access-matrix entries of the register's API (``/api/v1/projects…``), the same world as the
pages' (``pages.py``): the project is built in 开发区 and answered for by it (the
``lead_liaison``'s and ``unit_head``'s unit), paired with the county leader, in 储备库 with a
construction permit on file; its problem was raised by the plan office and assigned to 开发区.

Each write the allowed personas take one after another must succeed each time: the move is
the plan office's 终止 (its own to take, once); the returns are filed for a different month by
each responsible persona; the problem is reassigned (a step that may be repeated)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import TINY_PDF
from tests.projects.access import pages
from tests.projects.access.pages import HIDDEN, READERS, REGISTER, RESPONSIBLE, SEE_KFQ, _new
from tests.projects.access.pages import _unit_pk as unit_pk
from tests.test_access_matrix import Entry

# who may raise a problem on the 开发区 project: its unit, the leaders, the plan office
RAISE = {
    "plan_office",
    "county_leader",
    "city_leader",
    "province_leader",
    "lead_liaison",
    "unit_head",
}
# the month each responsible persona files (months back from this one)
MONTHS_BACK = {"plan_office": 0, "lead_liaison": 1, "unit_head": 2}


def _today() -> str:
    return timezone.localdate().isoformat()


def _later() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def _new_api(p: str) -> dict:
    body = _new(p)
    body["name"] = f"接口登记项目{p}"
    return body


def _return(p: str) -> dict:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - MONTHS_BACK.get(p, 0)
    return {
        "year": index // 12,
        "month": index % 12 + 1,
        "this_month": "100",
        "cumulative": "100",
        "progress": "主体施工",
    }


def _url(suffix: str = ""):
    return lambda c: f"/api/v1/projects/{c['project'].pk}{suffix}"


def _problem(suffix: str = ""):
    return lambda c: f"/api/v1/projects/problems/{c['problem'].pk}{suffix}"


ENTRIES: list = [
    Entry("api:project_list", "get", lambda c: "/api/v1/projects", READERS),
    Entry(
        "api:project_list",
        "post",
        lambda c: "/api/v1/projects",
        REGISTER,
        ok=201,
        json=True,
        data=_new_api,
    ),
    Entry("api:project_detail", "get", _url(), SEE_KFQ, HIDDEN),
    Entry(
        "api:project_detail",
        "patch",
        _url(),
        RESPONSIBLE,
        HIDDEN,
        json=True,
        data=lambda p: {"total_investment": "9000", "description": f"{p} 修改"},
    ),
    Entry(
        "api:project_moves",
        "post",
        _url("/moves"),
        {"plan_office"},
        HIDDEN,
        json=True,
        data=lambda p: {"action": "cancel", "date": _today(), "reason": "企业放弃投资"},
    ),
    Entry(
        "api:project_documents",
        "post",
        _url("/documents"),
        RESPONSIBLE,
        HIDDEN,
        ok=201,
        data=lambda p: {"kind": "permit", "file": SimpleUploadedFile("许可证.pdf", TINY_PDF)},
    ),
    Entry("api:project_returns", "get", _url("/returns"), SEE_KFQ, HIDDEN),
    Entry(
        "api:project_returns",
        "post",
        _url("/returns"),
        RESPONSIBLE,
        HIDDEN,
        ok=201,
        json=True,
        data=_return,
    ),
    Entry(
        "api:project_problems",
        "post",
        _url("/problems"),
        RAISE,
        HIDDEN,
        ok=201,
        json=True,
        data=lambda p: {"title": "用地报批", "content": f"{p}：林地手续未批"},
    ),
    Entry("api:project_problem_list", "get", lambda c: "/api/v1/projects/problems", READERS),
    Entry("api:project_problem_detail", "get", _problem(), SEE_KFQ, HIDDEN),
    Entry(
        "api:project_problem_actions",
        "post",
        _problem("/actions"),
        {"plan_office"},
        HIDDEN,
        json=True,
        data=lambda p: {"action": "reassign", "unit": unit_pk("开发区"), "deadline": _later()},
    ),
]


def context(request, persona, unit) -> dict:
    from gongye.projects.services.problems import problem_raise

    ctx = pages.context(request, persona, unit)  # the project, its permit on file
    ctx["problem"] = problem_raise(
        actor=persona("plan_office"),
        project=ctx["project"],
        title="用电增容",
        content="新厂房需增容。",
        unit=unit("开发区"),
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    return ctx
