"""Attempt limits per address and per account (issue 10, item 4). Reproduces the findings:
45 names sprayed from one address, then a valid login from it went through; the change-password
form took unlimited guesses of the current password."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client

from gongye.audit.models import AuditEntry
from tests.conftest import PASSWORD

T0 = dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC)
ATTACKER = "203.0.113.9"
NEIGHBOUR = "198.51.100.7"


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_spraying_names_from_one_address_blocks_it_for_the_window(lead_liaison, coop_liaison):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    with time_machine.travel(T0, tick=False) as clock:
        for i in range(20):
            assert _login(attacker, f"guess{i:02d}", "Winter#2022").status_code == 200
        # the right password of a real account, from that address, within the window
        refused = _login(attacker, "lead_liaison", PASSWORD)
        assert refused.status_code == 429
        assert "分钟后再试" in refused.content.decode()
        assert "_auth_user_id" not in attacker.session
        # another address is not affected
        neighbour = Client(REMOTE_ADDR=NEIGHBOUR)
        assert _login(neighbour, "coop_liaison", PASSWORD).status_code == 302
        clock.shift(dt.timedelta(minutes=9))
        assert _login(attacker, "lead_liaison", PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=2))  # the window began at the first failure
        assert _login(attacker, "lead_liaison", PASSWORD).status_code == 302
    entries = AuditEntry.objects.filter(verb="login.throttled").order_by("id")
    reached, *refusals = entries
    assert reached.after == {"ip": ATTACKER, "failures": 20, "minutes": 10}
    assert reached.region_code == "341525"  # the county's audit administrator sees it
    assert len(refusals) == 2
    assert refusals[0].after["channel"] == "web" and refusals[0].actor_name == "lead_liaison"


def test_the_token_endpoint_shares_the_address_limit(lead_liaison):
    api = Client(REMOTE_ADDR=ATTACKER)
    with time_machine.travel(T0, tick=False):
        for i in range(20):
            body = {"username": f"guess{i:02d}", "password": "Winter#2022"}
            assert api.post("/api/v1/auth/token", body, "application/json").status_code == 400
        body = {"username": "lead_liaison", "password": PASSWORD}
        refused = api.post("/api/v1/auth/token", body, "application/json")
        assert refused.status_code == 429 and refused.json()["code"] == "throttled"
        other = Client(REMOTE_ADDR=NEIGHBOUR).post("/api/v1/auth/token", body, "application/json")
        assert other.status_code == 200
    assert AuditEntry.objects.filter(verb="login.throttled", after__channel="api").count() == 1


def test_the_current_password_takes_five_guesses_per_quarter_hour(lead_liaison):
    client = Client()
    client.force_login(lead_liaison)
    new = "Xin-Mima#2022"
    with time_machine.travel(T0, tick=False) as clock:
        for i in range(5):
            wrong = client.post(
                "/accounts/password/change/",
                {
                    "old_password": f"Guess#{i}abcd",
                    "new_password": new,
                    "new_password_again": new,
                },
            )
            assert wrong.status_code == 200 and "原密码不正确" in wrong.content.decode()
        right = {"old_password": PASSWORD, "new_password": new, "new_password_again": new}
        refused = client.post("/accounts/password/change/", right)
        assert refused.status_code == 429
        assert "原密码输错次数过多" in refused.content.decode()
        lead_liaison.refresh_from_db()
        assert lead_liaison.check_password(PASSWORD)
        clock.shift(dt.timedelta(minutes=16))
        assert client.post("/accounts/password/change/", right).status_code == 302
    throttled = AuditEntry.objects.filter(verb="password.throttled", actor=lead_liaison)
    assert [e.after for e in throttled.order_by("id")] == [
        {"failures": 5, "minutes": 15},
        {"failures": 5, "refused": True},
    ]
