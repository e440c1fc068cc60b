from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client

from gongye.accounts import selectors, services
from gongye.accounts.models import RoleAssignment, User
from tests.conftest import make_persona


def test_three_administrators_are_separated(org, sys_admin, sec_admin, auditor):
    huoshan = org["341525"]
    user, _ = services.user_create(
        actor=sys_admin, username="li4", display_name="李四", home_region=huoshan
    )
    with pytest.raises(PermissionDenied):
        services.assignment_grant(
            actor=sys_admin,
            user=user,
            role="liaison",
            region=huoshan,
            unit=huoshan.units.get(name="衡山镇"),
        )
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=sec_admin, username="w5", display_name="王五", home_region=huoshan
        )
    with pytest.raises(PermissionDenied):
        services.user_create(actor=auditor, username="z6", display_name="赵六", home_region=huoshan)
    with pytest.raises(PermissionDenied):
        services.assignment_grant(actor=auditor, user=user, role="leader", region=huoshan)
    # 三员分立: never to itself (tests/accounts/test_separation.py has the rest)
    with pytest.raises(PermissionDenied, match="不能给自己"):
        services.assignment_grant(
            actor=sec_admin, user=sec_admin, role="audit_admin", region=huoshan
        )


def test_sys_admin_manages_only_accounts_in_its_region(org, sys_admin, outsider):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=sys_admin, username="jz", display_name="金寨", home_region=org["341524"]
        )
    with pytest.raises(Http404):
        selectors.user_get_for(sys_admin, outsider.pk)
    with pytest.raises(PermissionDenied):
        services.user_reset_password(actor=sys_admin, user=outsider)


def test_unit_roles_need_a_unit_in_the_region(org, sec_admin, lead_liaison):
    huoshan = org["341525"]
    with pytest.raises(ValidationError) as caught:
        services.assignment_grant(
            actor=sec_admin, user=lead_liaison, role="unit_head", region=huoshan
        )
    assert "必须指定单位" in str(caught.value)
    jinzhai_unit = org["341524"].units.first()
    with pytest.raises(ValidationError):
        services.assignment_grant(
            actor=sec_admin, user=lead_liaison, role="liaison", region=huoshan, unit=jinzhai_unit
        )


def test_duplicate_username_is_refused_case_insensitively(org, sys_admin):
    services.user_create(
        actor=sys_admin, username="Wang", display_name="王", home_region=org["341525"]
    )
    with pytest.raises(ValidationError):
        services.user_create(
            actor=sys_admin, username="wang", display_name="王", home_region=org["341525"]
        )


def test_reset_password_issues_a_policy_compliant_temporary_password(org, sys_admin, lead_liaison):
    temporary = services.user_reset_password(actor=sys_admin, user=lead_liaison).temporary
    assert temporary  # the account has no e-mail address: shown once to the administrator
    lead_liaison.refresh_from_db()
    assert lead_liaison.check_password(temporary)
    assert lead_liaison.must_change_password


def test_switcher_changes_the_acting_unit(org, sec_admin, lead_liaison, unit):
    second = services.assignment_grant(
        actor=sec_admin,
        user=lead_liaison,
        role="liaison",
        region=org["341525"],
        unit=unit("衡山镇"),
    )
    client = Client()
    client.force_login(lead_liaison)
    page = client.get("/").content.decode()
    assert 'id="acting-switcher"' in page
    client.post("/accounts/acting/", {"assignment": str(second.pk)})
    assert client.get("/api/v1/me").json()["acting"]["unit_name"] == "衡山镇"
    # someone else's assignment id is ignored
    other = RoleAssignment.objects.exclude(user=lead_liaison).first()
    client.post("/accounts/acting/", {"assignment": str(other.pk)})
    assert client.get("/api/v1/me").json()["acting"]["unit_name"] == "衡山镇"


def test_sys_admin_creates_an_account_from_the_page(org, sys_admin):
    client = Client()
    client.force_login(sys_admin)
    response = client.post(
        "/accounts/users/new/",
        {"username": "chen7", "display_name": "陈七", "home_region": org["341525"].pk},
    )
    assert response.status_code == 200
    assert 'id="issued-password"' in response.content.decode()
    assert User.objects.get(username="chen7").must_change_password
    bad = client.post(
        "/accounts/users/new/", {"username": "x", "display_name": "", "home_region": "abc"}
    )
    assert bad.status_code == 200
    assert "用户名只能由" in bad.content.decode()


def test_sec_admin_grants_from_the_page(org, sec_admin, unit):
    target = make_persona("enterprise")
    client = Client()
    client.force_login(sec_admin)
    response = client.post(
        "/accounts/roles/",
        {
            "username": "enterprise",
            "role": "liaison",
            "region": org["341525"].pk,
            "unit": unit("衡山镇").pk,
        },
    )
    assert response.status_code == 302
    assert target.assignments.filter(role="liaison", unit__name="衡山镇", is_active=True).exists()
    missing = client.post(
        "/accounts/roles/", {"username": "nobody", "role": "liaison", "region": org["341525"].pk}
    )
    assert "没有这个用户名" in missing.content.decode()
