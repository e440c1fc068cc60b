"""Every supervision API endpoint and progress-sheet page against every persona: out of scope →
404, in scope but not allowed → 403, allowed → 2xx (or 400 where a liaison uploads a sheet that
is not its own). A last test makes sure no route of these two URL modules escapes the matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern

from gongye.supervision import urls as supervision_urls
from gongye.supervision.api import urls as api_urls
from gongye.supervision.bulk import progress_sheet_xlsx
from gongye.supervision.services import report_review, report_submit

from .conftest import API, SHEET_FILE, SHEET_PAGE, fill_sheet

PERSONAS = [
    "plan_office",
    "lead_liaison",
    "unit_head",
    "coop_liaison",
    "county_leader",
    "statistics",
    "outsider",
    "outsider_head",  # a unit head of Jinzhai: a reviewer, but of another county
    "auditor",
    "enterprise",
]
SUPERVISORS = {
    "plan_office",
    "lead_liaison",
    "unit_head",
    "coop_liaison",
    "county_leader",
    "statistics",
    "outsider",
    "outsider_head",
}
# 衡山镇 and the Jinzhai accounts have no duty on 开发区's task: it does not exist for them
NOT_THEIRS = {"coop_liaison", "outsider", "outsider_head"}
LIAISONS = {"lead_liaison", "coop_liaison", "outsider"}


@dataclass(frozen=True)
class Entry:
    route: str
    method: str
    url: Callable[[dict], str]
    ok: dict[str, int]  # persona → expected status when it is not 403
    data: Callable[[dict], dict] | None = None
    json: bool = False
    out_of_scope: frozenset[str] = field(default_factory=frozenset)

    def expected(self, persona: str) -> int:
        if persona in self.out_of_scope:
            return 404
        return self.ok.get(persona, 403)


def _every(personas, status=200) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def _sheet_upload(ctx: dict, field_name: str) -> dict:
    return {field_name: SimpleUploadedFile("进展报送表.xlsx", ctx["filled_sheet"])}


MATRIX = [
    Entry("api:supervision_inbox", "get", lambda c: f"{API}/inbox", _every(SUPERVISORS)),
    Entry("api:supervision_task_list", "get", lambda c: f"{API}/tasks", _every(SUPERVISORS)),
    Entry(
        "api:supervision_task_detail",
        "get",
        lambda c: f"{API}/tasks/{c['task'].pk}",
        _every(SUPERVISORS - NOT_THEIRS),
        out_of_scope=frozenset(NOT_THEIRS),
    ),
    Entry(
        "api:supervision_report_submit",
        "post",
        lambda c: f"{API}/tasks/{c['fresh'].pk}/reports",  # no report of its unit under review
        {"lead_liaison": 201},
        data=lambda c: {"text": "本月完成主体施工。", "percent": 40, "state": "in_progress"},
        out_of_scope=frozenset(NOT_THEIRS),
    ),
    # anyone who is neither a unit head, a liaison nor the plan office is refused before the
    # report is looked up (403); a liaison or head the report's task is not the business of
    # gets 404 (out of its scope)
    Entry(
        "api:supervision_report_review",
        "post",
        lambda c: f"{API}/reports/{c['submitted'].pk}/review",
        {"unit_head": 200},
        data=lambda c: {"action": "approve", "comment": "同意。"},
        out_of_scope=frozenset({"outsider_head", "coop_liaison", "outsider"}),
    ),
    Entry(
        "api:supervision_report_review",
        "post",
        lambda c: f"{API}/reports/{c['approved'].pk}/review",
        {"plan_office": 200},
        data=lambda c: {"action": "accept"},
        out_of_scope=frozenset({"outsider_head", "coop_liaison", "outsider"}),
    ),
    Entry(
        "api:supervision_task_postpone",
        "post",
        lambda c: f"{API}/tasks/{c['task'].pk}/postpone",
        {"plan_office": 200},
        data=lambda c: {"new_due": "2030-06-30", "reason": "资金延后到位"},
        out_of_scope=frozenset(NOT_THEIRS),
    ),
    Entry(
        "api:supervision_task_reassign",
        "post",
        lambda c: f"{API}/tasks/{c['task'].pk}/reassign",
        {"plan_office": 200},
        data=lambda c: {"lead_units": ["开发区"], "cooperating_units": [], "reason": "调整"},
        json=True,
        out_of_scope=frozenset(NOT_THEIRS),
    ),
    Entry(
        "api:supervision_task_split",
        "post",
        lambda c: f"{API}/tasks/{c['task'].pk}/split",
        {"plan_office": 201},
        data=lambda c: {"parts": [{"text": "甲。"}, {"text": "乙。"}], "reason": "分阶段"},
        json=True,
        out_of_scope=frozenset(NOT_THEIRS),
    ),
    Entry(
        "api:supervision_progress_sheet",
        "get",
        lambda c: f"{API}/progress-sheet",
        _every(LIAISONS),
    ),
    # another unit's liaison uploading 开发区's sheet: every row refused (400), nothing written
    Entry(
        "api:supervision_progress_sheet",
        "post",
        lambda c: f"{API}/progress-sheet",
        {"lead_liaison": 201, "coop_liaison": 400, "outsider": 400},
        data=lambda c: _sheet_upload(c, "file"),
    ),
    Entry("supervision:progress_sheet", "get", lambda c: SHEET_PAGE, _every(LIAISONS)),
    Entry(
        "supervision:progress_sheet",
        "post",
        lambda c: SHEET_PAGE,
        {"lead_liaison": 302, "coop_liaison": 200, "outsider": 200},
        data=lambda c: _sheet_upload(c, "sheet"),
    ),
    Entry("supervision:progress_sheet_download", "get", lambda c: SHEET_FILE, _every(LIAISONS)),
]


@pytest.fixture
def ctx(kfq_tasks, persona, outsider_head):
    liaison, head = persona("lead_liaison"), persona("unit_head")
    task, other = kfq_tasks[0], kfq_tasks[1]
    submitted = report_submit(
        actor=liaison, task=task, text="开工。", percent=10, state="in_progress"
    )
    approved = report_submit(actor=liaison, task=other, text="完成。", percent=100, state="done")
    approved = report_review(actor=head, report=approved, action="approve")
    filled = fill_sheet(
        progress_sheet_xlsx(liaison), {kfq_tasks[2].pk: ("推进中。", 50, "推进中", None)}
    )
    return {
        "task": task,
        "fresh": kfq_tasks[3],
        "submitted": submitted,
        "approved": approved,
        "filled_sheet": filled,
    }


def _users(persona, outsider_head) -> dict:
    return {name: outsider_head if name == "outsider_head" else persona(name) for name in PERSONAS}


def _request(client: Client, entry: Entry, ctx: dict):
    data = entry.data(ctx) if entry.data else {}
    if entry.json:
        return getattr(client, entry.method)(entry.url(ctx), data, content_type="application/json")
    return getattr(client, entry.method)(entry.url(ctx), data)


@pytest.mark.parametrize("entry", MATRIX, ids=lambda e: f"{e.method}-{e.route}")
def test_access_matrix(entry: Entry, ctx, persona, outsider_head):
    users = _users(persona, outsider_head)
    failures = []
    client = Client()
    # personas that may act go last, so their writes do not change what the others are told
    for name in sorted(PERSONAS, key=lambda n: entry.expected(n) in {200, 201, 302}):
        client.logout()
        client.force_login(users[name])
        response = _request(client, entry, ctx)
        expected = entry.expected(name)
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code} (expected {expected})")
        elif expected in {403, 404} and entry.route.startswith("api:"):
            assert response.json()["code"] in {"permission_denied", "not_found"}
    assert not failures, f"{entry.method.upper()} {entry.route}: " + "; ".join(failures)


@pytest.mark.parametrize("entry", MATRIX, ids=lambda e: f"{e.method}-{e.route}")
def test_anonymous_gets_401_from_the_api_and_the_login_page_from_pages(entry: Entry, ctx):
    response = _request(Client(), entry, ctx)
    if entry.route.startswith("api:"):
        assert response.status_code == 401 and response.json()["detail"]
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_matrix_covers_every_route_of_both_url_modules():
    routes = {f"api:{p.name}" for p in api_urls.urlpatterns if isinstance(p, URLPattern)}
    routes |= {
        f"supervision:{p.name}"
        for p in supervision_urls.urlpatterns
        if p.name in {"progress_sheet", "progress_sheet_download"}
    }
    assert routes - {e.route for e in MATRIX} == set()
