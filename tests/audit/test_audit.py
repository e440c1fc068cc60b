"""The audit log: written by every service in the same transaction, append-only, searchable
and exportable by the audit administrator only."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from openpyxl import load_workbook

from gongye.accounts import services as account_services
from gongye.audit.models import AuditEntry, AuditImmutableError
from gongye.audit.services import audit_record
from gongye.orgs import services as org_services
from gongye.orgs.models import Unit


def _last(verb: str) -> AuditEntry:
    return AuditEntry.objects.filter(verb=verb).order_by("-id").first()


def test_every_service_writes_its_audit_entry(org, plan_office, sys_admin, sec_admin, unit):
    huoshan = org["341525"]
    checks = []

    created = org_services.unit_create(
        actor=plan_office, region=huoshan, name="数据资源局", kind="bureau", aliases=["县数据局"]
    )
    checks.append(("create", "orgs.unit", created.pk))
    org_services.unit_update(actor=plan_office, unit=created, full_name="霍山县数据资源管理局")
    checks.append(("update", "orgs.unit", created.pk))
    user, _ = account_services.user_create(
        actor=sys_admin, username="zhang3", display_name="张三", home_region=huoshan
    )
    checks.append(("create", "accounts.user", user.pk))
    account_services.user_update(actor=sys_admin, user=user, phone="13800000000")
    checks.append(("update", "accounts.user", user.pk))
    account_services.user_reset_password(actor=sys_admin, user=user)
    checks.append(("password_reset", "accounts.user", user.pk))
    assignment = account_services.assignment_grant(
        actor=sec_admin, user=user, role="liaison", region=huoshan, unit=created
    )
    checks.append(("role_grant", "accounts.roleassignment", assignment.pk))
    account_services.assignment_revoke(actor=sec_admin, assignment=assignment)
    checks.append(("role_revoke", "accounts.roleassignment", assignment.pk))
    policy = account_services.policy_update(
        actor=sec_admin, idle_timeout_minutes=20, max_failed_logins=5, lockout_minutes=15
    )
    checks.append(("update", "accounts.securitypolicy", policy.pk))

    for verb, target_type, pk in checks:
        entry = AuditEntry.objects.filter(verb=verb, target_type=target_type, target_id=str(pk))
        assert entry.exists(), (verb, target_type)

    update = AuditEntry.objects.get(
        verb="update", target_type="orgs.unit", target_id=str(created.pk)
    )
    assert update.before == {"full_name": ""}
    assert update.after == {"full_name": "霍山县数据资源管理局"}
    assert update.actor == plan_office
    assert update.actor_name == plan_office.display_name
    assert update.unit_name == "科技经信局"
    assert update.region_code == "341525"
    grant = AuditEntry.objects.get(verb="role_grant", target_id=str(assignment.pk))
    assert grant.parent_type == "accounts.user" and grant.parent_id == str(user.pk)
    create = AuditEntry.objects.get(
        verb="create", target_type="accounts.user", target_id=str(user.pk)
    )
    assert "password" not in create.after


def test_failed_service_writes_nothing_not_even_audit(org, plan_office):
    huoshan = org["341525"]
    before = AuditEntry.objects.count()
    units = Unit.objects.count()
    with pytest.raises(ValidationError):
        # members on a unit that is not a group: refused after the unit row was written,
        # so the service's transaction must roll it back
        org_services.unit_create(
            actor=plan_office,
            region=huoshan,
            name="新单位",
            kind="bureau",
            aliases=["新单位别名"],
            members=[Unit.objects.get(region=huoshan, name="衡山镇")],
        )
    assert AuditEntry.objects.count() == before
    assert Unit.objects.count() == units
    assert not Unit.objects.filter(aliases__name="新单位别名").exists()


def test_audit_and_change_share_one_transaction(org, plan_office):
    """If the audit write fails, the change does not land either."""
    huoshan = org["341525"]
    units = Unit.objects.count()

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with transaction.atomic():
            org_services.unit_create(
                actor=plan_office, region=huoshan, name="临时单位", kind="bureau"
            )
            raise Boom
    assert Unit.objects.count() == units
    assert not AuditEntry.objects.filter(target_repr="临时单位").exists()


def test_orm_refuses_to_change_or_delete_entries(org, plan_office):
    entry = audit_record(actor=plan_office, verb="export", target_repr="x")
    entry.target_repr = "changed"
    with pytest.raises(AuditImmutableError):
        entry.save()
    with pytest.raises(AuditImmutableError):
        entry.delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(target_repr="changed")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditentry SET target_repr = 'x'", "DELETE FROM audit_auditentry"]
)
def test_database_refuses_raw_update_and_delete(org, plan_office, statement):
    audit_record(actor=plan_office, verb="export", target_repr="kept")
    with pytest.raises((DatabaseError, IntegrityError)):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.filter(target_repr="kept").exists()


def test_logins_and_failures_are_audited_with_ip_and_request_id(lead_liaison):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post(
        "/accounts/login/",
        {"username": "lead_liaison", "password": "nope"},
        HTTP_X_REQUEST_ID="req-abcdef123456",
    )
    failed = _last("login_failed")
    assert failed.actor is None
    assert failed.actor_name == "lead_liaison"
    assert failed.ip == "10.1.2.3"
    assert failed.request_id == "req-abcdef123456"
    assert failed.region_code == "341525"
    client.post("/accounts/login/", {"username": "ghost", "password": "nope"})
    ghost = _last("login_failed")
    assert ghost.target_repr == "ghost"


def test_auditor_searches_and_exports(org, auditor, plan_office, outsider):
    org_services.unit_update(
        actor=plan_office,
        unit=Unit.objects.get(region=org["341525"], name="开发区"),
        full_name="霍山经济开发区管委会",
    )
    client = Client()
    client.force_login(auditor)
    page = client.get("/audit/", {"verb": "update", "q": "开发区"}).content.decode()
    assert "霍山经济开发区管委会" in page
    # an entry of another county is out of the county auditor's scope
    audit_record(actor=outsider, verb="export", target_repr="金寨县的导出")
    assert "金寨县的导出" not in client.get("/audit/").content.decode()
    response = client.get("/audit/export.xlsx", {"verb": "update"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"
    assert any("霍山经济开发区管委会" in (r[9] or "") for r in rows[1:])
    assert all(r[4] == "修改" for r in rows[1:])
    export = _last("export")
    assert export.actor == auditor and export.after["rows"] == len(rows) - 1


def test_bad_audit_filter_input_is_not_a_500(auditor):
    client = Client()
    client.force_login(auditor)
    assert client.get("/audit/", {"date_from": "not-a-date", "page": "x"}).status_code == 200
