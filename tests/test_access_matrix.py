"""Every page and API endpoint against every persona: out of scope → 404, in scope but not
allowed → 403, allowed → 2xx. A last test makes sure no URL escapes the matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gongye.core.roles import Role
from tests.conftest import PERSONAS
from tests.notifications.factories import NotificationFactory, WebhookEndpointFactory

ALL = set(PERSONAS)
READERS = {
    "plan_office",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "county_leader",
    "statistics",
    "sec_admin",
    "city_leader",
    "province_leader",
    "outsider",
}
HUOSHAN_READERS = READERS - {"outsider"}
SUPERVISORS = READERS - {"sec_admin"}
# the plan is the county's published document: enterprises read it too (not its 督办 pages)
PLAN_READERS = SUPERVISORS | {"enterprise"}
# who sees the 开发区-led task: region-wide roles and the 开发区 unit itself
# 衡山镇 (coop_liaison) sees it through the group 相关乡镇 that cooperates on it
KFQ_TASK_READERS = {
    "plan_office",
    "lead_liaison",
    "unit_head",
    "coop_liaison",
    "county_leader",
    "statistics",
    "city_leader",
    "province_leader",
}
KFQ_TASK_HIDDEN = {"outsider"}
HUOSHAN_PLAN_READERS = PLAN_READERS - {"outsider"}
ROBOT = "/supervision/robots/"
# who reads 我的提醒: the units' people and the plan office, and an enterprise's user (told in
# person of its appeals, issue 12), and a leader (told in person of the problems on the projects
# paired with them, issue 13)
NOTIFIED = {
    "plan_office",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "outsider",
    "enterprise",
    "county_leader",
    "city_leader",
    "province_leader",
}


@dataclass(frozen=True)
class Entry:
    route: str  # the URL name this entry covers
    method: str
    url: Callable[[dict], str]
    allowed: set[str]
    out_of_scope: set[str] = frozenset()  # type: ignore[assignment]
    ok: int = 200
    data: Callable[[str], dict] | None = None
    json: bool = False


def _kfq(ctx):
    return ctx["kfq"].pk


MATRIX = [
    Entry("front:home", "get", lambda c: "/", ALL),
    Entry("healthz", "get", lambda c: "/healthz", ALL),
    Entry("orgs:unit_list", "get", lambda c: "/orgs/units/", READERS),
    Entry(
        "orgs:unit_detail",
        "get",
        lambda c: f"/orgs/units/{_kfq(c)}/",
        HUOSHAN_READERS,
        {"outsider"},
    ),
    Entry(
        "orgs:unit_edit",
        "get",
        lambda c: f"/orgs/units/{_kfq(c)}/edit/",
        {"plan_office"},
        {"outsider"},
    ),
    Entry("orgs:unit_create", "get", lambda c: "/orgs/units/new/", {"plan_office"}),
    Entry("orgs:region_list", "get", lambda c: "/orgs/regions/", READERS),
    Entry(
        "orgs:region_detail",
        "get",
        lambda c: "/orgs/regions/341525/",
        HUOSHAN_READERS,
        {"outsider"},
    ),
    Entry("accounts:login", "get", lambda c: "/accounts/login/", set(), ok=302),
    Entry("accounts:password_change", "get", lambda c: "/accounts/password/change/", ALL),
    Entry("accounts:user_list", "get", lambda c: "/accounts/users/", {"sys_admin"}),
    Entry("accounts:user_create", "get", lambda c: "/accounts/users/new/", {"sys_admin"}),
    Entry(
        "accounts:user_detail",
        "get",
        lambda c: f"/accounts/users/{c['victim'].pk}/",
        {"sys_admin"},
        {"outsider"},
    ),
    Entry(
        "accounts:user_reset_password",
        "post",
        lambda c: f"/accounts/users/{c['victim'].pk}/reset-password/",
        {"sys_admin"},
        {"outsider"},
    ),
    Entry(
        "accounts:user_unlock",
        "post",
        lambda c: f"/accounts/users/{c['victim'].pk}/unlock/",
        {"sys_admin"},
        {"outsider"},
        ok=302,
    ),
    Entry("accounts:assignment_list", "get", lambda c: "/accounts/roles/", {"sec_admin"}),
    Entry(
        "accounts:assignment_revoke",
        "post",
        lambda c: f"/accounts/roles/{c['victim_assignment'].pk}/revoke/",
        {"sec_admin"},
        {"outsider"},
        ok=302,
    ),
    Entry(
        "accounts:otp_reset",
        "post",
        lambda c: f"/accounts/users/{c['victim'].pk}/otp-reset/",
        {"sec_admin"},
        {"outsider"},
        ok=302,
    ),
    Entry("accounts:policy", "get", lambda c: "/accounts/policy/", {"sec_admin"}),
    Entry(
        "accounts:switch_acting",
        "post",
        lambda c: "/accounts/acting/",
        ALL,
        ok=302,
        data=lambda p: {"assignment": "0"},
    ),
    # API tokens: each person's own; another's is out of reach (404)
    Entry("accounts:token_list", "get", lambda c: "/accounts/tokens/", ALL),
    # anyone may enrol a second factor; the verify step sends on a session that owes nothing
    Entry("accounts:otp_setup", "get", lambda c: "/accounts/otp/setup/", ALL),
    Entry("accounts:otp_verify", "get", lambda c: "/accounts/otp/verify/", ALL, ok=302),
    Entry(
        "accounts:token_revoke",
        "post",
        lambda c: f"/accounts/tokens/{c['token'].pk}/revoke/",
        {"coop_liaison"},
        ALL - {"coop_liaison"},
        ok=302,
    ),
    Entry("api:token_list", "get", lambda c: "/api/v1/auth/tokens", ALL),
    Entry(
        "api:token_detail",
        "delete",
        lambda c: f"/api/v1/auth/tokens/{c['token'].pk}",
        {"coop_liaison"},
        ALL - {"coop_liaison"},
        ok=204,
    ),
    Entry("api:logout", "post", lambda c: "/api/v1/auth/logout", ALL, ok=204),
    Entry("audit:entry_list", "get", lambda c: "/audit/", {"auditor"}),
    Entry("audit:entry_export", "get", lambda c: "/audit/export.xlsx", {"auditor"}),
    Entry("gongye_admin:index", "get", lambda c: "/admin/", {"plan_office"}),
    Entry("api:openapi", "get", lambda c: "/api/v1/openapi.json", ALL),
    Entry("api:me", "get", lambda c: "/api/v1/me", ALL),
    Entry("api:region_list", "get", lambda c: "/api/v1/regions", READERS),
    Entry(
        "api:region_detail",
        "get",
        lambda c: "/api/v1/regions/341525",
        HUOSHAN_READERS,
        {"outsider"},
    ),
    Entry("api:unit_list", "get", lambda c: "/api/v1/units", READERS),
    Entry(
        "api:unit_list",
        "post",
        lambda c: "/api/v1/units",
        {"plan_office"},
        ok=201,
        json=True,
        data=lambda p: {"name": f"测试单位{p}", "kind": "bureau"},
    ),
    Entry(
        "api:unit_detail",
        "get",
        lambda c: f"/api/v1/units/{_kfq(c)}",
        HUOSHAN_READERS,
        {"outsider"},
    ),
    Entry(
        "api:unit_detail",
        "patch",
        lambda c: f"/api/v1/units/{_kfq(c)}",
        {"plan_office"},
        {"outsider"},
        json=True,
        data=lambda p: {"full_name": f"霍山经济开发区（{p}）"},
    ),
    Entry("plans:plan_list", "get", lambda c: "/plans/", PLAN_READERS),
    Entry(
        "plans:plan_detail",
        "get",
        lambda c: f"/plans/{c['plan'].pk}/",
        HUOSHAN_PLAN_READERS,
        {"outsider"},
    ),
    Entry(
        "plans:plan_export",
        "get",
        lambda c: f"/plans/{c['plan'].pk}/export/tasks.xlsx",
        HUOSHAN_PLAN_READERS,
        {"outsider"},
    ),
    Entry("plans:import_upload", "get", lambda c: "/plans/import/", {"plan_office"}),
    Entry(
        "plans:import_preview",
        "get",
        lambda c: f"/plans/import/{c['upload'].pk}/",
        {"plan_office"},
        {"outsider"},
    ),
    Entry(
        "plans:import_resolve",
        "post",
        lambda c: f"/plans/import/{c['upload'].pk}/resolve/",
        {"plan_office"},
        {"outsider"},
        ok=302,
    ),
    Entry(
        "plans:import_discard",
        "post",
        lambda c: f"/plans/import/{c['upload'].pk}/discard/",
        {"plan_office"},
        {"outsider"},
        ok=302,
    ),
    Entry(
        "plans:import_apply",
        "post",
        lambda c: f"/plans/import/{c['upload'].pk}/apply/",
        {"plan_office"},
        {"outsider"},
        ok=302,
    ),
    Entry("api:plan_list", "get", lambda c: "/api/v1/plans", PLAN_READERS),
    Entry(
        "api:plan_detail",
        "get",
        lambda c: f"/api/v1/plans/{c['plan'].pk}",
        HUOSHAN_PLAN_READERS,
        {"outsider"},
    ),
    Entry(
        "api:plan_tasks",
        "get",
        lambda c: f"/api/v1/plans/{c['plan'].pk}/tasks",
        HUOSHAN_PLAN_READERS,
        {"outsider"},
    ),
    Entry(
        "api:plan_targets",
        "get",
        lambda c: f"/api/v1/plans/{c['plan'].pk}/targets",
        HUOSHAN_PLAN_READERS,
        {"outsider"},
    ),
    Entry("supervision:inbox", "get", lambda c: "/supervision/", SUPERVISORS),
    Entry(
        "supervision:task_detail",
        "get",
        lambda c: f"/supervision/tasks/{c['task'].pk}/",
        KFQ_TASK_READERS,
        KFQ_TASK_HIDDEN,
    ),
    Entry(
        "supervision:report_create",
        "get",
        lambda c: f"/supervision/tasks/{c['task'].pk}/report/",
        {"lead_liaison", "coop_liaison"},
        KFQ_TASK_HIDDEN,
    ),
    Entry(
        "supervision:task_postpone",
        "post",
        lambda c: f"/supervision/tasks/{c['task'].pk}/postpone/",
        {"plan_office"},
        KFQ_TASK_HIDDEN,
        ok=302,
    ),
    Entry(
        "supervision:task_reassign",
        "post",
        lambda c: f"/supervision/tasks/{c['task'].pk}/reassign/",
        {"plan_office"},
        KFQ_TASK_HIDDEN,
        ok=302,
    ),
    Entry(
        "supervision:task_split",
        "get",
        lambda c: f"/supervision/tasks/{c['task'].pk}/split/",
        {"plan_office"},
        KFQ_TASK_HIDDEN,
    ),
    Entry(
        "supervision:report_review",
        "post",
        lambda c: f"/supervision/reports/{c['report'].pk}/approve/",
        {"unit_head"},
        # roles that never take a step are refused (403) before the report is looked up;
        # liaisons take some (withdraw, adopt), so another county's liaison meets 404
        {"outsider"},
        ok=302,
    ),
    Entry(
        "supervision:evidence_download",
        "get",
        lambda c: f"/supervision/evidence/{c['report'].evidence.get().pk}/",
        KFQ_TASK_READERS,
        KFQ_TASK_HIDDEN,
    ),
    Entry("notifications:webhook_list", "get", lambda c: ROBOT, {"plan_office"}),
    Entry("notifications:webhook_create", "get", lambda c: f"{ROBOT}new/", {"plan_office"}),
    Entry(
        "notifications:webhook_edit",
        "get",
        lambda c: f"{ROBOT}{c['robot'].pk}/edit/",
        {"plan_office"},
        {"outsider"},
    ),
    Entry(
        "notifications:webhook_deactivate",
        "post",
        lambda c: f"{ROBOT}{c['robot'].pk}/deactivate/",
        {"plan_office"},
        {"outsider"},
        ok=302,
    ),
    Entry(
        "notifications:webhook_test",
        "post",
        lambda c: f"{ROBOT}{c['robot'].pk}/test/",
        {"plan_office"},
        {"outsider"},
        ok=302,
    ),
    Entry("notifications:notification_list", "get", lambda c: f"{ROBOT}notifications/", NOTIFIED),
    Entry(
        "notifications:notification_read",
        "post",
        lambda c: f"{ROBOT}notifications/{c['notification'].pk}/read/",
        {"lead_liaison"},
        NOTIFIED - {"lead_liaison"},
        ok=302,
    ),
    Entry(
        "notifications:notification_read_all",
        "post",
        lambda c: f"{ROBOT}notifications/read-all/",
        NOTIFIED,
        ok=302,
    ),
    Entry("dispatch:board", "get", lambda c: "/supervision/board/", SUPERVISORS),
    Entry("dispatch:board_xlsx", "get", lambda c: "/supervision/board/export.xlsx", SUPERVISORS),
    Entry("dispatch:calendar", "get", lambda c: "/supervision/board/calendar/", SUPERVISORS),
    Entry(
        "dispatch:calendar_xlsx",
        "get",
        lambda c: "/supervision/board/calendar/export.xlsx",
        SUPERVISORS,
    ),
    Entry("dispatch:list", "get", lambda c: "/supervision/board/list/", SUPERVISORS),
    Entry(
        "dispatch:list_xlsx", "get", lambda c: "/supervision/board/list/export.xlsx", SUPERVISORS
    ),
    Entry("dispatch:timeline", "get", lambda c: "/supervision/board/timeline/", SUPERVISORS),
    Entry(
        "dispatch:timeline_xlsx",
        "get",
        lambda c: "/supervision/board/timeline/export.xlsx",
        SUPERVISORS,
    ),
    Entry(
        "dispatch:bulletin",
        "get",
        lambda c: "/supervision/bulletin/?region=341525",
        SUPERVISORS,
        {"outsider"},
    ),
    Entry(
        "dispatch:bulletin_export",
        "get",
        lambda c: "/supervision/bulletin/export.docx?region=341525",
        SUPERVISORS,
        {"outsider"},
    ),
    Entry(
        "api:token",
        "post",
        lambda c: "/api/v1/auth/token",
        set(),
        ok=200,
        json=True,
        data=lambda p: {"username": f"nobody-{p}", "password": "x"},
    ),
]


def _request(client: Client, entry: Entry, ctx: dict, persona: str):
    url = entry.url(ctx)
    data = entry.data(persona) if entry.data else {}
    if entry.json:
        return getattr(client, entry.method)(url, data, content_type="application/json")
    return getattr(client, entry.method)(url, data)


def app_matrix_failures(entry: Entry, ctx: dict, persona) -> list[str]:
    """Every persona against one entry of an app's own matrix (enterprises, projects,
    evaluation): out of scope 404, allowed ``entry.ok``, else 403; the allowed go last, so
    their writes do not change what the others are answered. The failures, as text."""
    failures = []
    client = Client()
    for name in sorted(PERSONAS, key=lambda n: n in entry.allowed):
        client.logout()
        client.force_login(persona(name))
        response = _request(client, entry, ctx, name)
        if name in entry.out_of_scope:
            expected = 404
        elif name in entry.allowed:
            expected = entry.ok
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code} (expected {expected})")
    return failures


def assert_anonymous_refused(entry: Entry, ctx: dict) -> None:
    """An app matrix entry without signing in: the API 401, a page to the login page, a form
    post refused."""
    response = _request(Client(), entry, ctx, "anon")
    if entry.route.startswith("api:"):
        assert response.status_code == 401
    elif entry.method == "get":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in {302, 403}


def _context(entry: Entry, persona, unit, request) -> dict:
    """The objects an entry's URL points at, made only for the entries that need them."""
    victim = persona("coop_liaison")
    ctx = {"kfq": unit("开发区"), "victim": victim, "victim_assignment": victim.assignments.get()}
    if "token_" in entry.route:
        from gongye.accounts.services import token_create

        ctx["token"] = token_create(user=victim)[0]
    if entry.route.startswith(("plans:", "api:plan", "dispatch:", "notifications:")):
        ctx["plan"] = request.getfixturevalue("small_plan")
        ctx["upload"] = request.getfixturevalue("plan_upload")
    if entry.route.startswith("supervision:"):
        ctx["task"] = request.getfixturevalue("kfq_task")
        if entry.route != "supervision:report_create":  # its unit files one report at a time
            ctx["report"] = request.getfixturevalue("kfq_report")
    if entry.route.startswith("notifications:"):
        ctx["robot"] = WebhookEndpointFactory(
            unit=ctx["kfq"], url="http://127.0.0.1:9/cgi-bin/webhook/send?key=m"
        )
        ctx["notification"] = NotificationFactory(
            subject=ctx["plan"].tasks.get(seq=2), unit=ctx["kfq"], audience=Role.LIAISON
        )
    return ctx


@pytest.mark.parametrize("entry", MATRIX, ids=lambda e: f"{e.method}-{e.route}")
def test_access_matrix(entry: Entry, persona, unit, request):
    ctx = _context(entry, persona, unit, request)
    failures = []
    # the allowed personas go last: their writes (a revoke, say) must not change what the
    # others are answered
    client = Client()  # one client: building a request handler per persona is slow
    for name in sorted(PERSONAS, key=lambda n: n in entry.allowed):
        user = persona(name)
        client.logout()
        client.force_login(user)
        response = _request(client, entry, ctx, name)
        if entry.route in {"accounts:login", "api:token"}:
            # signed-in people are sent home from the login page; the token endpoint is
            # public and answers a wrong password with 400
            expected = 302 if entry.route == "accounts:login" else 400
        elif name in entry.out_of_scope:
            expected = 404
        elif name in entry.allowed:
            expected = entry.ok
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code} (expected {expected})")
    assert not failures, f"{entry.method.upper()} {entry.route}: " + "; ".join(failures)


@pytest.mark.parametrize("entry", MATRIX, ids=lambda e: f"{e.method}-{e.route}")
def test_anonymous_is_sent_to_login_or_gets_401(entry: Entry, org, unit, persona, request):
    ctx = _context(entry, persona, unit, request)
    response = _request(Client(), entry, ctx, "anon")
    if entry.route in {"healthz", "api:openapi", "accounts:login"}:
        assert response.status_code == 200
    elif entry.route == "api:token":
        assert response.status_code == 400
    elif entry.route.startswith("api:"):
        assert response.status_code == 401
        assert "detail" in response.json()
    elif entry.route == "front:home" or entry.method == "get":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in {302, 403}


def _named_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "gongye_admin":
                yield "gongye_admin:index"
                continue
            yield from _named_routes(pattern, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_matrix_covers_every_named_route():
    covered = {e.route for e in MATRIX}
    exempt = {"set_language", "accounts:logout"}  # tested in test_auth (logout) and browser tests
    # the 督办 API and the progress sheet have their own matrix, with its own coverage check:
    # tests/supervision_api/test_access_matrix.py
    own_matrix = (
        "api:supervision_",
        "supervision:progress_sheet",
        "indicators:",
        "front:cockpit",
        "enterprises:",  # tests/enterprises/test_access_matrix.py
        "api:enterprise",
        "projects:",  # tests/projects/test_access_matrix.py
        "api:project",
        "evaluation:",  # tests/evaluation/test_access_matrix.py
        "api:evaluation",
    )
    # (indicators: tests/indicators_entry/test_pages.py and tests/indicators_pages/)
    missing = sorted(
        r for r in set(_named_routes()) - covered - exempt if not r.startswith(own_matrix)
    )
    assert not missing, f"routes without an access-matrix entry: {missing}"


def test_system_admin_cannot_read_audit_log(sys_admin, client):
    client.force_login(sys_admin)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.xlsx").status_code == 403
    page = client.get("/")
    assert "审计日志" not in page.content.decode()
