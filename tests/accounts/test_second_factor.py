"""The second factor (issue 10, item 2): the three administrators enrol before anything else,
an enrolled person gives a code after the password (web and API), wrong codes are refused and
audited, each recovery code works once."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django_otp.oath import TOTP

from gongye.accounts import services
from gongye.accounts.services.second_factor import new_secret, secret_base32
from gongye.audit.models import AuditEntry
from tests.conftest import PASSWORD

T0 = dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)  # a TOTP code is used once: the next one comes 30 s later


@pytest.fixture(autouse=True)
def _as_shipped(settings):
    settings.GONGYE_OTP_FOR_ADMINS = True


def _code(key_hex: str) -> str:
    return f"{TOTP(binascii.unhexlify(key_hex)).token():06d}"


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrolled(user) -> tuple[str, list[str]]:
    key = new_secret()
    enrolment = services.otp_enrol(user=user, key_hex=key, code=_code(key))
    return key, enrolment.recovery_codes


def test_an_administrator_is_sent_to_enrolment_and_can_do_nothing_else(sys_admin):
    with time_machine.travel(T0, tick=False):
        client = _signed_in("sys_admin")
        for path in ("/", "/accounts/users/", "/accounts/password/change/"):
            response = client.get(path)
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/otp/setup/?next=")
        me = client.get("/api/v1/me")
        assert me.status_code == 403 and me.json()["code"] == "otp_enrolment_required"

        page = client.get("/accounts/otp/setup/")
        html = page.content.decode()
        assert "管理员账号须绑定动态口令" in html
        assert 'src="data:image/svg+xml' in html  # the QR code, no script needed
        secret = re.search(r'data-secret="([A-Z2-7]+)"', html).group(1)
        key = client.session["gongye_otp_secret"]
        # the secret shown is the one oathtool --totp -b takes
        assert base64.b32decode(secret + "=" * (-len(secret) % 8)).hex() == key

        wrong = client.post("/accounts/otp/setup/", {"code": "000000", "next": "/"})
        assert "动态口令不正确" in wrong.content.decode()
        done = client.post("/accounts/otp/setup/", {"code": _code(key), "next": "/accounts/users/"})
        codes = re.findall(r'<li class="col-6">([a-z2-7]{8})</li>', done.content.decode())
        assert len(codes) == 10
        assert client.get("/accounts/users/").status_code == 200
    entry = AuditEntry.objects.get(verb="otp.enrol", actor=sys_admin)
    assert entry.after["recovery_codes"] == 10 and entry.after["replaced"] is False


def test_an_enrolled_person_gives_a_code_after_the_password(lead_liaison):
    with time_machine.travel(T0, tick=False) as clock:
        key, _codes = _enrolled(lead_liaison)
        clock.shift(STEP)
        client = _signed_in("lead_liaison")
        response = client.get("/supervision/")
        assert response["Location"] == "/accounts/otp/verify/?next=%2Fsupervision%2F"
        assert client.get("/api/v1/me").json()["code"] == "otp_required"
        # a password alone cannot put another device in place of the one it has
        assert client.get("/accounts/otp/setup/")["Location"].startswith("/accounts/otp/verify/")

        wrong = client.post("/accounts/otp/verify/", {"code": "123456", "next": "/supervision/"})
        assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
        assert client.get("/").status_code == 302
        clock.shift(dt.timedelta(seconds=5))  # django-otp's back-off after a failure
        right = client.post("/accounts/otp/verify/", {"code": _code(key), "next": "/supervision/"})
        assert right["Location"] == "/supervision/"
        assert client.get("/").status_code == 200
    failed = AuditEntry.objects.get(verb="otp.failed", actor=lead_liaison)
    assert failed.after == {"channel": "web", "kind": "totp"}
    assert AuditEntry.objects.filter(verb="otp.verify", actor=lead_liaison).count() == 1


def test_a_recovery_code_works_once(lead_liaison):
    with time_machine.travel(T0, tick=False) as clock:
        _key, codes = _enrolled(lead_liaison)
        client = _signed_in("lead_liaison")
        response = client.post("/accounts/otp/verify/", {"code": codes[0].upper(), "next": "/"})
        assert response["Location"] == "/"
        clock.shift(STEP)
        again = _signed_in("lead_liaison")
        refused = again.post("/accounts/otp/verify/", {"code": codes[0], "next": "/"})
        assert refused.status_code == 200 and "动态口令不正确" in refused.content.decode()
        assert again.get("/").status_code == 302
    used = AuditEntry.objects.get(verb="otp.recovery_used", actor=lead_liaison)
    assert used.after == {"channel": "web", "remaining": 9}
    assert AuditEntry.objects.filter(verb="otp.failed", after__kind="recovery").count() == 1


def test_the_token_endpoint_requires_the_code(lead_liaison, sec_admin):
    api = Client()
    with time_machine.travel(T0, tick=False) as clock:
        # an administrator without a device gets no token at all
        refused = api.post(
            "/api/v1/auth/token",
            {"username": "sec_admin", "password": PASSWORD},
            "application/json",
        )
        assert refused.status_code == 403
        assert refused.json()["code"] == "otp_enrolment_required"

        key, _codes = _enrolled(lead_liaison)
        clock.shift(STEP)
        body = {"username": "lead_liaison", "password": PASSWORD}
        missing = api.post("/api/v1/auth/token", body, "application/json")
        assert missing.status_code == 403 and missing.json()["code"] == "otp_required"
        wrong = api.post("/api/v1/auth/token", body | {"otp": "654321"}, "application/json")
        assert wrong.status_code == 403 and wrong.json()["code"] == "otp_invalid"
        clock.shift(dt.timedelta(seconds=5))
        right = api.post("/api/v1/auth/token", body | {"otp": _code(key)}, "application/json")
        assert right.status_code == 200 and right.json()["token"]
    assert AuditEntry.objects.get(verb="otp.failed", actor=lead_liaison).after["channel"] == "api"


def test_an_administrators_older_token_opens_nothing_until_enrolled(sec_admin, settings):
    settings.GONGYE_OTP_FOR_ADMINS = False  # issued before the rule
    token, key = services.token_create(user=sec_admin)
    settings.GONGYE_OTP_FOR_ADMINS = True
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me")
    assert response.status_code == 403
    assert "绑定动态口令" in response.json()["detail"]


def test_the_base32_secret_is_the_key():
    key = new_secret()
    secret = secret_base32(key)
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert base64.b32decode(secret).hex() == key


# ----- a lost phone: the security administrator resets business accounts, the console admins


def test_the_security_administrator_resets_a_business_accounts_lost_phone(
    lead_liaison, sec_admin, client, settings
):
    from django_otp import user_has_device

    from gongye.accounts.models import ApiToken

    settings.GONGYE_OTP_FOR_ADMINS = False  # the page as such; its own code is tested above
    _enrolled(lead_liaison)
    _token, _key = services.token_create(user=lead_liaison)
    client.force_login(sec_admin)
    page = client.get("/accounts/roles/")
    assert f'id="otp-reset-{lead_liaison.pk}"' in page.content.decode()

    response = client.post(f"/accounts/users/{lead_liaison.pk}/otp-reset/", follow=True)
    assert response.status_code == 200
    assert "已重置" in response.content.decode()
    assert not user_has_device(lead_liaison, confirmed=None)
    assert not ApiToken.objects.live().filter(user=lead_liaison).exists()
    entry = AuditEntry.objects.filter(verb="otp.reset").latest("id")
    assert (entry.actor_id, entry.target_id) == (sec_admin.pk, str(lead_liaison.pk))

    # nothing left to reset: said, not a 500
    again = client.post(f"/accounts/users/{lead_liaison.pk}/otp-reset/", follow=True)
    assert "没有绑定动态口令" in again.content.decode()

    # the liaison signs in with the password alone again, and may enrol afresh
    assert _signed_in(lead_liaison.username).get("/supervision/").status_code == 200


def test_no_administrator_resets_an_administrators_device_nor_does_the_system_administrator(
    sys_admin, sec_admin, lead_liaison, client, settings
):
    from django.core.exceptions import PermissionDenied

    _enrolled(lead_liaison)
    settings.GONGYE_OTP_FOR_ADMINS = False  # the page as such
    client.force_login(sys_admin)
    assert client.post(f"/accounts/users/{lead_liaison.pk}/otp-reset/").status_code in (403, 404)
    _enrolled(sys_admin)
    with pytest.raises(PermissionDenied):
        services.second_factor_reset(actor=sec_admin, user=sys_admin)
    with pytest.raises(PermissionDenied):
        services.second_factor_reset(actor=sys_admin, user=lead_liaison)


def test_the_console_resets_an_administrators_device(sys_admin):
    from django.core.management import call_command
    from django_otp import user_has_device

    _enrolled(sys_admin)
    call_command("bootstrap_admins", "--reset-otp", sys_admin.username)
    assert not user_has_device(sys_admin, confirmed=None)
    entry = AuditEntry.objects.filter(verb="otp.reset").latest("id")
    assert entry.actor_id is None and entry.target_id == str(sys_admin.pk)
    # its next login goes to enrolment again
    client = _signed_in(sys_admin.username)
    assert client.get("/supervision/")["Location"].startswith("/accounts/otp/setup/")
