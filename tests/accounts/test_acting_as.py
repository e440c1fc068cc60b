"""X-Acting-As (issue 10, item 12): only the caller's own active assignment; anything else
answers 403 with a clear message, for a token and for the browser's session alike."""

from __future__ import annotations

import pytest
from django.test import Client

from gongye.accounts import services
from gongye.accounts.models import RoleAssignment
from tests.conftest import HUOSHAN, PASSWORD


@pytest.fixture
def two_hats(org, sec_admin, lead_liaison, unit):
    """lead_liaison acts for 开发区 and, second, for 衡山镇."""
    second = services.assignment_grant(
        actor=sec_admin, user=lead_liaison, role="liaison", region=org[HUOSHAN], unit=unit("衡山镇")
    )
    return lead_liaison, second


def _bearer(**headers: str) -> Client:
    key = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": "lead_liaison", "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", **headers)


def _session(user, **headers: str) -> Client:
    client = Client(**headers)
    client.force_login(user)
    return client


def _foreign_id(user) -> str:
    return str(RoleAssignment.objects.exclude(user=user).values_list("pk", flat=True).first())


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_own_assignment_is_honoured(how, two_hats):
    user, second = two_hats
    client = (
        _bearer(HTTP_X_ACTING_AS=str(second.pk))
        if how == "bearer"
        else _session(user, HTTP_X_ACTING_AS=str(second.pk))
    )
    assert client.get("/api/v1/me").json()["acting"]["unit_name"] == "衡山镇"


@pytest.mark.parametrize("how", ["bearer", "session"])
@pytest.mark.parametrize(
    "value", ["foreign", "revoked", "abc", "²", "1²", "-1", " ", "99999999999"]
)
def test_anything_but_an_own_active_assignment_is_refused(how, value, two_hats, sec_admin):
    user, second = two_hats
    if value == "foreign":
        value = _foreign_id(user)
    elif value == "revoked":
        services.assignment_revoke(actor=sec_admin, assignment=second)
        value = str(second.pk)
    client = (
        _bearer(HTTP_X_ACTING_AS=value)
        if how == "bearer"
        else _session(user, HTTP_X_ACTING_AS=value)
    )
    response = client.get("/api/v1/me")
    assert response.status_code == 403, (value, response.content)
    body = response.json()
    assert body["code"] == "acting_as_invalid"
    assert "不是您本人有效的角色授权" in body["detail"]


def test_no_header_acts_as_before(two_hats):
    user, _second = two_hats
    assert _bearer().get("/api/v1/me").json()["acting"]["unit_name"] == "开发区"
    assert _session(user).get("/api/v1/me").json()["acting"]["unit_name"] == "开发区"
