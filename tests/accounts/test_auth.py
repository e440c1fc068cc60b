"""Login as 等保 level 3 expects: password rules, lock-out, idle timeout, forced change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from config import settings as shipped_settings
from gongye.accounts import services
from gongye.accounts.models import SecurityPolicy, User
from gongye.audit.models import AuditEntry
from tests.conftest import PASSWORD, make_persona

T0 = dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC)


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


# ----- password rules -----


@pytest.mark.parametrize(
    "password, problem",
    [
        ("Ab1#", "太短"),
        ("abcdefghijk", "only lower case"),
        ("abcdefgh12", "two classes"),
        ("12345678901", "numeric"),
        ("Someone2022", "like the username"),
        ("password1234", "too common"),
    ],
)
def test_weak_passwords_are_refused(password, problem, db):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, User(username="someone"))


def test_strong_password_passes(db):
    password_validation.validate_password("Gy-7tQ#plan2022", User(username="someone"))


def test_password_rule_message_is_chinese(db):
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("abcdefghijkl", User(username="someone"))
    assert any("密码须至少包含" in m for m in caught.value.messages)


def test_argon2_is_the_shipped_hasher(org):
    assert shipped_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=shipped_settings.PASSWORD_HASHERS):
        user = make_persona("lead_liaison")
        assert user.password.startswith("argon2$")
        assert user.check_password(PASSWORD)


# ----- lock-out -----


def test_five_failures_lock_the_account_for_fifteen_minutes(lead_liaison):
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            response = _login(client, "lead_liaison", "wrong-password")
        assert response.status_code in {200, 403}
        # the sixth try, with the RIGHT password, is refused while locked
        response = _login(client, "lead_liaison", PASSWORD)
        assert response.status_code == 403
        assert "锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session
        clock.shift(dt.timedelta(minutes=14))
        assert _login(client, "lead_liaison", PASSWORD).status_code == 403
        clock.shift(dt.timedelta(minutes=2))
        response = _login(client, "lead_liaison", PASSWORD)
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(lead_liaison.pk)
    verbs = list(
        AuditEntry.objects.filter(target_id=str(lead_liaison.pk)).values_list("verb", flat=True)
    )
    assert verbs.count("login_failed") >= 5
    assert "locked_out" in verbs
    assert "login" in verbs


def test_four_failures_do_not_lock(lead_liaison):
    client = Client()
    for _ in range(4):
        _login(client, "lead_liaison", "wrong-password")
    assert _login(client, "lead_liaison", PASSWORD).status_code == 302


def test_security_admin_policy_changes_lockout_threshold(lead_liaison, sec_admin):
    services.policy_update(
        actor=sec_admin, idle_timeout_minutes=30, max_failed_logins=3, lockout_minutes=15
    )
    client = Client()
    for _ in range(3):
        _login(client, "lead_liaison", "wrong-password")
    assert _login(client, "lead_liaison", PASSWORD).status_code == 403


def test_system_admin_unlocks_an_account(lead_liaison, sys_admin):
    client = Client()
    for _ in range(5):
        _login(client, "lead_liaison", "wrong-password")
    assert _login(client, "lead_liaison", PASSWORD).status_code == 403
    services.user_unlock(actor=sys_admin, user=lead_liaison)
    assert _login(client, "lead_liaison", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(verb="unlock", target_id=str(lead_liaison.pk)).exists()


def test_api_token_endpoint_obeys_lockout(lead_liaison):
    client = Client()
    for _ in range(5):
        r = client.post(
            "/api/v1/auth/token",
            {"username": "lead_liaison", "password": "bad"},
            content_type="application/json",
        )
    r = client.post(
        "/api/v1/auth/token",
        {"username": "lead_liaison", "password": PASSWORD},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert "锁定" in r.json()["detail"]


# ----- idle timeout -----


def test_idle_session_times_out_after_thirty_minutes(lead_liaison):
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        assert _login(client, "lead_liaison", PASSWORD).status_code == 302
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity resets the clock
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/orgs/units/")
        assert response.status_code == 302
        assert "timeout=1" in response["Location"]
        assert client.get("/").status_code == 302  # really logged out
    assert AuditEntry.objects.filter(verb="session_timeout", actor=lead_liaison).count() == 1


def test_idle_timeout_is_configurable(lead_liaison, sec_admin):
    services.policy_update(
        actor=sec_admin, idle_timeout_minutes=10, max_failed_logins=5, lockout_minutes=15
    )
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        _login(client, "lead_liaison", PASSWORD)
        clock.shift(dt.timedelta(minutes=11))
        assert client.get("/").status_code == 302


def test_api_session_timeout_answers_json_401(lead_liaison):
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        _login(client, "lead_liaison", PASSWORD)
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "session_timeout"


def test_policy_values_are_bounded(sec_admin):
    with pytest.raises(ValidationError):
        services.policy_update(
            actor=sec_admin, idle_timeout_minutes=1, max_failed_logins=5, lockout_minutes=15
        )
    assert not SecurityPolicy.objects.exists()


# ----- first login -----


def test_new_account_must_change_password_before_anything_else(org, sys_admin):
    user, initial = services.user_create(
        actor=sys_admin, username="newbie", display_name="新同志", home_region=org["341525"]
    )
    assert user.must_change_password
    client = Client()
    assert _login(client, "newbie", initial).status_code == 302
    response = client.get("/orgs/units/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/"
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": initial,
            "new_password": "Xin-Mima#2022",
            "new_password_again": "Xin-Mima#2022",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    assert AuditEntry.objects.filter(verb="password_change", target_id=str(user.pk)).exists()


def test_demo_accounts_are_not_forced_to_change(lead_liaison):
    client = Client()
    _login(client, "lead_liaison", PASSWORD)
    assert client.get("/").status_code == 200


def test_password_change_refuses_weak_and_wrong_old(lead_liaison):
    client = Client()
    client.force_login(lead_liaison)
    r = client.post(
        "/accounts/password/change/",
        {
            "old_password": "wrong",
            "new_password": "Xin-Mima#2022",
            "new_password_again": "Xin-Mima#2022",
        },
    )
    assert "原密码不正确" in r.content.decode()
    r = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password": "short", "new_password_again": "short"},
    )
    assert r.status_code == 200
    lead_liaison.refresh_from_db()
    assert lead_liaison.check_password(PASSWORD)


def test_logout_is_post_only_and_audited(lead_liaison):
    client = Client()
    client.force_login(lead_liaison)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(verb="logout", actor=lead_liaison).exists()


def test_csrf_is_enforced_on_login(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    # the refusal is audited (issue 10, item 7), under the login form's region
    denied = AuditEntry.objects.get(verb="access.denied")
    assert denied.after["path"] == "/accounts/login/" and "CSRF" in denied.after["reason"]
