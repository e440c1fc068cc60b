"""What the audit log covers beyond the services' writes (issue 10, item 7): downloads of
evidence and exports, the audit administrator's own searches, the account and role lists, role
switching, refused requests, and failed logins for names that are no account."""

from __future__ import annotations

from django.test import Client

from gongye.accounts.services import assignment_grant
from gongye.audit.models import AuditEntry
from gongye.core.roles import Role


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _last(verb: str) -> AuditEntry:
    return AuditEntry.objects.filter(verb=verb).order_by("-id").first()


def test_evidence_download_is_audited(kfq_report, plan_office):
    evidence = kfq_report.evidence.get()
    response = _client(plan_office).get(f"/supervision/evidence/{evidence.pk}/")
    assert response.status_code == 200
    entry = _last("evidence.download")
    assert entry.actor == plan_office and entry.target_id == str(evidence.pk)
    assert entry.parent_type == "supervision.progressreport"
    assert entry.after["name"] == evidence.name and entry.region_code == "341525"


def test_statistics_template_download_is_audited(small_plan, statistics):
    url = f"/indicators/data/plan/{small_plan.pk}/statistics/template.xlsx"
    assert _client(statistics).get(url).status_code == 200
    entry = _last("export")
    assert entry.actor == statistics and entry.target_type == "plans.plan"
    assert entry.after["table"] == "statistics_template"


def test_every_download_view_audits_an_export(small_plan, plan_office):
    """The exports that already audited still do: the plan's tables."""
    before = AuditEntry.objects.filter(verb="export").count()
    client = _client(plan_office)
    assert client.get(f"/plans/{small_plan.pk}/export/tasks.xlsx").status_code == 200
    assert AuditEntry.objects.filter(verb="export").count() == before + 1


def test_the_auditors_searches_are_audited_with_their_filters(auditor):
    client = _client(auditor)
    assert client.get("/audit/", {"verb": "login", "q": "张三"}).status_code == 200
    entry = _last("audit.read")
    assert entry.actor == auditor
    assert entry.after["filters"] == {"verb": "login", "q": "张三"}
    assert entry.after["page"] == 1
    assert client.get("/audit/export.xlsx", {"verb": "login"}).status_code == 200
    assert _last("export").after["filters"] == {"verb": "login"}


def test_account_and_role_lists_are_audited(sys_admin, sec_admin):
    assert _client(sys_admin).get("/accounts/users/", {"q": "li"}).status_code == 200
    read = _last("read")
    assert read.actor == sys_admin and read.target_type == "accounts.user"
    assert read.after == {"q": "li"}
    assert _client(sec_admin).get("/accounts/roles/").status_code == 200
    read = _last("read")
    assert read.actor == sec_admin and read.target_type == "accounts.roleassignment"


def test_role_switching_is_audited(lead_liaison, org, unit):
    second = assignment_grant(
        actor=None,
        user=lead_liaison,
        role=Role.LIAISON,
        region=org["341525"],
        unit=unit("衡山镇"),
    )
    first = lead_liaison.acting
    response = _client(lead_liaison).post("/accounts/acting/", {"assignment": second.pk})
    assert response.status_code == 302
    entry = _last("role_switch")
    assert entry.actor == lead_liaison and entry.target_id == str(second.pk)
    assert entry.before == {"assignment": first.pk} and entry.after == {"assignment": second.pk}
    assert entry.unit_name == "衡山镇"  # recorded under the role now acting


def test_a_refusal_is_audited_once_with_path_and_reason(lead_liaison):
    before = AuditEntry.objects.filter(verb="access.denied").count()
    response = _client(lead_liaison).get("/audit/")
    assert response.status_code == 403
    denied = AuditEntry.objects.filter(verb="access.denied").order_by("-id")
    assert denied.count() == before + 1
    entry = denied.first()
    assert entry.actor == lead_liaison and entry.after["path"] == "/audit/"
    assert "审计" in entry.after["reason"]
    assert entry.region_code == "341525"


def test_an_api_refusal_is_audited_once(lead_liaison):
    before = AuditEntry.objects.filter(verb="access.denied").count()
    client = _client(lead_liaison)
    response = client.get("/api/v1/units", HTTP_ACCEPT="application/json")
    if response.status_code != 403:  # the liaison may read units; an admin page then
        response = client.get("/accounts/users/")
    assert response.status_code == 403
    assert AuditEntry.objects.filter(verb="access.denied").count() == before + 1


def test_spraying_unknown_names_shows_to_the_countys_auditor(auditor, settings):
    settings.GONGYE_DEFAULT_REGION = "341525"
    client = Client(REMOTE_ADDR="10.9.9.9")
    for name in ("admin", "root", "zhangsan"):
        client.post("/accounts/login/", {"username": name, "password": "guess-123"})
    failed = AuditEntry.objects.filter(verb="login_failed", ip="10.9.9.9")
    assert failed.count() == 3
    assert set(failed.values_list("region_code", flat=True)) == {"341525"}
    page = _client(auditor).get("/audit/", {"verb": "login_failed"}).content.decode()
    assert "zhangsan" in page and "root" in page
