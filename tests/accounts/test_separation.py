"""三员分立 (issue 10, item 1): each finding of the inside attempt, reproduced and now refused.

- the security administrator granted itself a plan-office role, and gave the system
  administrator the audit role;
- the system administrator reset the audit administrator's password (and was shown it),
  could deactivate the security administrator.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from gongye.accounts import services
from gongye.accounts.models import RoleAssignment, User
from gongye.audit.models import AuditEntry
from gongye.core.context import execution_context
from gongye.core.roles import Role
from tests.conftest import HUOSHAN, PASSWORD


def _active_roles(user: User) -> set[str]:
    return set(user.assignments.filter(is_active=True).values_list("role", flat=True))


# ----- the security administrator -----


def test_sec_admin_cannot_grant_itself_a_business_role(org, sec_admin, unit):
    with pytest.raises(PermissionDenied, match="不能给自己"):
        services.assignment_grant(
            actor=sec_admin,
            user=sec_admin,
            role=Role.PLAN_OFFICE,
            region=org[HUOSHAN],
            unit=unit("科技经信局"),
        )
    client = Client()
    client.force_login(sec_admin)
    response = client.post(
        "/accounts/roles/",
        {
            "username": "sec_admin",
            "role": Role.PLAN_OFFICE,
            "region": org[HUOSHAN].pk,
            "unit": unit("科技经信局").pk,
        },
    )
    assert response.status_code == 403
    assert _active_roles(sec_admin) == {Role.SEC_ADMIN}


def test_sec_admin_cannot_give_an_administrator_a_role(org, sec_admin, sys_admin, unit):
    with pytest.raises(PermissionDenied, match="管理员"):
        services.assignment_grant(
            actor=sec_admin, user=sys_admin, role=Role.AUDIT_ADMIN, region=org[HUOSHAN]
        )
    with pytest.raises(PermissionDenied, match="业务账号"):
        services.assignment_grant(
            actor=sec_admin,
            user=sys_admin,
            role=Role.LIAISON,
            region=org[HUOSHAN],
            unit=unit("开发区"),
        )
    assert _active_roles(sys_admin) == {Role.SYS_ADMIN}


def test_sec_admin_grants_no_administrator_role_even_to_a_business_account(
    org, sec_admin, lead_liaison
):
    with pytest.raises(PermissionDenied, match="bootstrap_admins"):
        services.assignment_grant(
            actor=sec_admin, user=lead_liaison, role=Role.SYS_ADMIN, region=org[HUOSHAN]
        )


def test_sec_admin_revokes_business_roles_of_business_accounts_only(
    sec_admin, auditor, coop_liaison
):
    with pytest.raises(PermissionDenied):
        services.assignment_revoke(actor=sec_admin, assignment=auditor.assignments.get())
    with pytest.raises(PermissionDenied, match="不能给自己"):
        services.assignment_revoke(actor=sec_admin, assignment=sec_admin.assignments.get())
    revoked = services.assignment_revoke(actor=sec_admin, assignment=coop_liaison.assignments.get())
    assert not revoked.is_active
    assert AuditEntry.objects.filter(verb="role_revoke", actor=sec_admin).count() == 1


# ----- whoever grants: one administrator role per account, and nothing beside it -----


def test_no_account_holds_two_administrator_roles_nor_one_and_a_business_role(
    org, auditor, lead_liaison
):
    huoshan = org[HUOSHAN]
    with pytest.raises(ValidationError, match="三员分立"):
        services.assignment_grant(actor=None, user=auditor, role=Role.SYS_ADMIN, region=huoshan)
    with pytest.raises(ValidationError, match="三员分立"):
        services.assignment_grant(actor=None, user=auditor, role=Role.LEADER, region=huoshan)
    with pytest.raises(ValidationError, match="三员分立"):
        services.assignment_grant(
            actor=None, user=lead_liaison, role=Role.AUDIT_ADMIN, region=huoshan
        )
    # the same administrator role in another region is the same job
    services.assignment_grant(actor=None, user=auditor, role=Role.AUDIT_ADMIN, region=org["341500"])
    assert _active_roles(auditor) == {Role.AUDIT_ADMIN}


def test_the_model_refuses_an_administrator_with_a_second_role(org, auditor):
    with pytest.raises(ValidationError, match="三员分立"):
        RoleAssignment.objects.create(user=auditor, role=Role.LEADER, region=org[HUOSHAN])
    assert _active_roles(auditor) == {Role.AUDIT_ADMIN}


def test_administrator_roles_are_never_granted_inside_a_request(org, lead_liaison):
    """``actor=None`` means the console; a view that forgot to pass the person still fails."""
    lead_liaison.assignments.update(is_active=False)
    for channel in ("web", "api"):
        with execution_context(channel=channel), pytest.raises(PermissionDenied):
            services.assignment_grant(
                actor=None, user=lead_liaison, role=Role.SEC_ADMIN, region=org[HUOSHAN]
            )
    assert not _active_roles(lead_liaison)


def test_bootstrap_command_grants_the_three_administrators(org, capsys):
    call_command(
        "bootstrap_admins",
        region=HUOSHAN,
        sys_admin="boot_sys",
        sec_admin="boot_sec",
        audit_admin="boot_audit",
    )
    out = capsys.readouterr().out
    assert out.count("临时密码") == 3
    for username, role in [
        ("boot_sys", Role.SYS_ADMIN),
        ("boot_sec", Role.SEC_ADMIN),
        ("boot_audit", Role.AUDIT_ADMIN),
    ]:
        user = User.objects.get(username=username)
        assert _active_roles(user) == {role}
        assert user.must_change_password
    # the command obeys 三员分立 too: one account cannot become two administrators
    with pytest.raises(CommandError, match="三员分立"):
        call_command("bootstrap_admins", region=HUOSHAN, audit_admin="boot_sys")
    entry = AuditEntry.objects.filter(verb="role_grant", target_repr__contains="审计管理员").get()
    assert entry.actor is None


def test_bootstrap_command_resets_and_revokes_an_administrator(auditor, capsys):
    call_command("bootstrap_admins", reset="auditor")
    assert "临时密码" in capsys.readouterr().out
    auditor.refresh_from_db()
    assert auditor.must_change_password and not auditor.check_password(PASSWORD)
    call_command("bootstrap_admins", revoke="auditor")
    assert not _active_roles(auditor)


# ----- the system administrator: business accounts only -----


@pytest.mark.parametrize("target", ["auditor", "sec_admin", "sys_admin"])
def test_sys_admin_cannot_touch_an_administrator_account(target, persona):
    sys_admin = persona("sys_admin")
    account = persona(target)
    with pytest.raises(PermissionDenied, match="三员分立"):
        services.user_reset_password(actor=sys_admin, user=account)
    with pytest.raises(PermissionDenied, match="三员分立"):
        services.user_unlock(actor=sys_admin, user=account)
    with pytest.raises(PermissionDenied, match="三员分立"):
        services.user_update(actor=sys_admin, user=account, is_active=False)
    with pytest.raises(PermissionDenied, match="三员分立"):
        services.user_update(actor=sys_admin, user=account, email="x@example.com")
    client = Client()
    client.force_login(sys_admin)
    reset = client.post(f"/accounts/users/{account.pk}/reset-password/")
    assert reset.status_code == 403
    assert 'id="issued-password"' not in reset.content.decode()
    assert client.post(f"/accounts/users/{account.pk}/unlock/").status_code == 403
    edit = client.post(f"/accounts/users/{account.pk}/", {"display_name": "改名", "is_active": ""})
    assert edit.status_code == 403
    page = client.get(f"/accounts/users/{account.pk}/").content.decode()
    assert 'id="not-manageable"' in page and "重置密码" not in page
    account.refresh_from_db()
    assert account.is_active and account.check_password(PASSWORD)
    assert not account.must_change_password
    assert not AuditEntry.objects.filter(verb="password_reset").exists()


def test_sys_admin_changes_its_own_password_through_the_form(sys_admin):
    client = Client()
    client.force_login(sys_admin)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password": "Xin-Mima#2022",
            "new_password_again": "Xin-Mima#2022",
        },
    )
    assert response.status_code == 302
    sys_admin.refresh_from_db()
    assert sys_admin.check_password("Xin-Mima#2022")


def test_sys_admin_still_manages_business_accounts(sys_admin, coop_liaison):
    services.user_update(actor=sys_admin, user=coop_liaison, phone="13900000000")
    assert services.user_reset_password(actor=sys_admin, user=coop_liaison).temporary


# ----- the temporary password -----


def test_a_reset_is_emailed_to_the_person_when_there_is_an_address(sys_admin, coop_liaison):
    coop_liaison.email = "coop@example.com"
    coop_liaison.save(update_fields=["email"])
    client = Client()
    client.force_login(sys_admin)
    page = client.post(f"/accounts/users/{coop_liaison.pk}/reset-password/").content.decode()
    assert 'id="password-emailed"' in page and 'id="issued-password"' not in page
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["coop@example.com"]
    temporary = mail.outbox[0].body.split("临时密码：")[1].split()[0]
    assert temporary not in page
    coop_liaison.refresh_from_db()
    assert coop_liaison.check_password(temporary) and coop_liaison.must_change_password
    entry = AuditEntry.objects.get(verb="password_reset", target_id=str(coop_liaison.pk))
    assert entry.actor == sys_admin and entry.after == {"delivered": "email"}


def test_a_reset_whose_mail_cannot_be_sent_is_undone_and_says_so(
    sys_admin, coop_liaison, monkeypatch
):
    """A mail server that is down must not leave a password no one received (nor a 500)."""
    import smtplib

    from gongye.accounts.services import people

    def down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(people, "send_mail", down)
    coop_liaison.email = "coop@example.com"
    coop_liaison.set_password("Before#Reset2022")
    coop_liaison.save(update_fields=["email", "password"])
    client = Client()
    client.force_login(sys_admin)
    response = client.post(f"/accounts/users/{coop_liaison.pk}/reset-password/", follow=True)
    assert response.status_code == 200
    assert "密码未重置" in response.content.decode()
    coop_liaison.refresh_from_db()
    assert coop_liaison.check_password("Before#Reset2022")
    assert not AuditEntry.objects.filter(
        verb="password_reset", target_id=str(coop_liaison.pk)
    ).exists()


def test_a_temporary_password_only_opens_the_forced_change_and_is_not_kept(sys_admin, coop_liaison):
    temporary = services.user_reset_password(actor=sys_admin, user=coop_liaison).temporary
    assert temporary
    entry = AuditEntry.objects.get(verb="password_reset", target_id=str(coop_liaison.pk))
    assert entry.after == {"delivered": "shown_once"}
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": "coop_liaison", "password": temporary}
        ).status_code
        == 302
    )
    assert client.get("/supervision/").status_code == 302  # → the password page
    token = Client().post(
        "/api/v1/auth/token",
        {"username": "coop_liaison", "password": temporary},
        content_type="application/json",
    )
    assert token.status_code == 403 and token.json()["code"] == "password_change_required"
    keep = client.post(
        "/accounts/password/change/",
        {"old_password": temporary, "new_password": temporary, "new_password_again": temporary},
    )
    assert "不能与原密码相同" in keep.content.decode()
    client.post(
        "/accounts/password/change/",
        {
            "old_password": temporary,
            "new_password": "Ben-Ren#Mima2022",
            "new_password_again": "Ben-Ren#Mima2022",
        },
    )
    change = AuditEntry.objects.get(verb="password_change", target_id=str(coop_liaison.pk))
    assert change.actor == coop_liaison and change.after == {"replaced_temporary": True}
    assert (
        Client()
        .post("/accounts/login/", {"username": "coop_liaison", "password": temporary})
        .status_code
        == 200
    )  # the temporary password no longer opens anything


def test_a_temporary_password_expires(sys_admin, coop_liaison, settings):
    import datetime as dt

    import time_machine

    settings.GONGYE_TEMP_PASSWORD_HOURS = 72
    temporary = services.user_reset_password(actor=sys_admin, user=coop_liaison).temporary
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=73)):
        response = Client().post(
            "/accounts/login/", {"username": "coop_liaison", "password": temporary}
        )
    assert response.status_code == 200 and "临时密码已过期" in response.content.decode()
