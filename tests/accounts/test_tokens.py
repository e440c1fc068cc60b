"""API tokens (issue 10, item 3): stored hashed, ended by time, idleness and every event that
ends the person's right to act; listed and revoked by their owner."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.test import Client

from gongye.accounts import services
from gongye.accounts.models import ApiToken, TokenRevocation, User
from gongye.audit.models import AuditEntry
from tests.conftest import PASSWORD

T0 = dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC)


def _issue(username: str) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _refused(key: str, words: str) -> None:
    response = _api(key).get("/api/v1/me")
    assert response.status_code == 401, response.content
    assert words in response.json()["detail"]


def test_tokens_are_stored_hashed_and_shown_once(lead_liaison):
    key = _issue("lead_liaison")
    token = ApiToken.objects.get(user=lead_liaison)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.key_hash, token.prefix} and key.startswith(token.prefix)
    assert _api(key).get("/api/v1/me").status_code == 200
    assert _api(key.upper()).get("/api/v1/me").status_code == 401
    # issuing another does not end the first (a person may run two clients)
    second = _issue("lead_liaison")
    assert _api(key).get("/api/v1/me").status_code == 200
    assert _api(second).get("/api/v1/me").status_code == 200
    assert AuditEntry.objects.filter(verb="token_create", actor=lead_liaison).count() == 2
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me").status_code == 200


def test_a_31_day_old_token_is_refused(lead_liaison, settings):
    settings.GONGYE_TOKEN_DAYS = 30
    with time_machine.travel(T0, tick=False) as clock:
        key = _issue("lead_liaison")
        clock.shift(dt.timedelta(days=29, hours=23))
        ApiToken.objects.update(last_used_at=dt.datetime.now(dt.UTC))  # in use all along
        assert _api(key).get("/api/v1/me").status_code == 200
        clock.shift(dt.timedelta(days=1, hours=1))
        ApiToken.objects.update(last_used_at=dt.datetime.now(dt.UTC))
        _refused(key, "过期")


def test_a_token_ends_after_the_policy_idle_timeout(lead_liaison):
    with time_machine.travel(T0, tick=False) as clock:
        key = _issue("lead_liaison")
        clock.shift(dt.timedelta(minutes=29))
        assert _api(key).get("/api/v1/me").status_code == 200  # use restarts the clock
        clock.shift(dt.timedelta(minutes=29))
        assert _api(key).get("/api/v1/me").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        _refused(key, "未使用")


def test_logout_of_a_token_ends_that_token_only(lead_liaison):
    key, other = _issue("lead_liaison"), _issue("lead_liaison")
    assert _api(key).post("/api/v1/auth/logout").status_code == 204
    _refused(key, "退出登录")
    assert _api(other).get("/api/v1/me").status_code == 200
    assert AuditEntry.objects.filter(verb="token.revoke", actor=lead_liaison).exists()


def test_a_password_change_ends_every_token(lead_liaison):
    key = _issue("lead_liaison")
    services.password_change(user=lead_liaison, old_password=PASSWORD, new_password="Xin-Mima#2022")
    _refused(key, "修改密码")


def test_a_reset_ends_every_token(lead_liaison, sys_admin):
    key = _issue("lead_liaison")
    services.user_reset_password(actor=sys_admin, user=lead_liaison)
    _refused(key, "重置密码")
    entry = AuditEntry.objects.get(verb="token.revoke", target_id=str(lead_liaison.pk))
    assert entry.actor == sys_admin and entry.after == {"reason": "password_reset", "tokens": 1}


def test_deactivation_ends_every_token(lead_liaison, sys_admin):
    key = _issue("lead_liaison")
    services.user_update(actor=sys_admin, user=lead_liaison, is_active=False)
    _refused(key, "账号停用")


def test_losing_a_role_ends_every_token(lead_liaison, sec_admin):
    key = _issue("lead_liaison")
    services.assignment_revoke(actor=sec_admin, assignment=lead_liaison.assignments.get())
    _refused(key, "角色被撤销")


def test_a_lock_out_ends_every_token(lead_liaison):
    key = _issue("lead_liaison")
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "lead_liaison", "password": "wrong"})
    _refused(key, "账号锁定")


def test_a_person_lists_and_revokes_their_own_tokens(lead_liaison, coop_liaison):
    key, other = _issue("lead_liaison"), _issue("lead_liaison")
    foreign = _issue("coop_liaison")
    api = _api(key)
    listed = api.get("/api/v1/auth/tokens").json()
    assert len(listed) == 2 and {t["status"] for t in listed} == {""}
    assert all(key not in str(t) and other not in str(t) for t in listed)
    second = ApiToken.objects.get(prefix=other[:8])
    assert api.delete(f"/api/v1/auth/tokens/{second.pk}").status_code == 204
    _refused(other, "本人吊销")
    foreign_token = ApiToken.objects.get(user=coop_liaison)
    assert api.delete(f"/api/v1/auth/tokens/{foreign_token.pk}").status_code == 404
    assert _api(foreign).get("/api/v1/me").status_code == 200
    # the page under 账号
    client = Client()
    client.force_login(lead_liaison)
    page = client.get("/accounts/tokens/").content.decode()
    first = ApiToken.objects.get(prefix=key[:8])
    assert first.prefix in page and key not in page
    assert client.post(f"/accounts/tokens/{first.pk}/revoke/").status_code == 302
    _refused(key, "本人吊销")
    assert client.post(f"/accounts/tokens/{foreign_token.pk}/revoke/").status_code == 404


def test_a_forced_password_change_blocks_the_api(lead_liaison):
    key = _issue("lead_liaison")
    User.objects.filter(pk=lead_liaison.pk).update(must_change_password=True)
    response = _api(key).get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "修改密码" in response.json()["detail"]


@pytest.mark.parametrize("reason", list(TokenRevocation))
def test_every_revocation_reason_reads_in_chinese(reason, lead_liaison):
    token, key = services.token_create(user=lead_liaison)
    services.tokens_revoke_all(actor=None, user=lead_liaison, reason=reason)
    _refused(key, str(reason.label))
