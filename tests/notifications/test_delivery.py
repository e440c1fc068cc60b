"""Delivery to group robots, received by a REAL local HTTP server: the payloads, DingTalk's
signature, and failures recorded without breaking the run."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import time

import pytest
from django.core import mail

from gongye.notifications import delivery
from gongye.notifications.choices import Channel
from gongye.notifications.delivery import mask_url, send_dingtalk, send_wecom
from gongye.notifications.models import Delivery, Notification, WebhookEndpoint
from gongye.supervision.reminders import reminders_run

from .conftest import EMAILS

DAY = dt.date(2022, 1, 28)  # three days before 2022-01-31: 开发区's liaisons are reminded
SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"

pytestmark = pytest.mark.usefixtures("remind_settings")


def _robot(unit, kind, url, secret=""):
    return WebhookEndpoint.objects.create(unit=unit, kind=kind, url=url, secret=secret)


def _expected_sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_dingtalk_and_wecom_receive_the_reminder(small_plan, people, unit, robot_server):
    kfq = unit("开发区")
    ding = _robot(
        kfq, Channel.DINGTALK, robot_server.url("/ok/robot/send?access_token=tok123"), SECRET
    )
    wecom = _robot(kfq, Channel.WECOM, robot_server.url("/ok/cgi-bin/webhook/send?key=k-456"))
    before = int(time.time() * 1000)
    summary = reminders_run(today=DAY)
    after = int(time.time() * 1000)

    notification = Notification.objects.get(unit=kfq)
    content = f"{notification.title}\n{notification.body}"
    assert notification.title == "【临期提醒】开发区：完成第二项。（完成时限2022年1月31日）"
    assert len(robot_server.received) == 2
    by_path = {r.path: r for r in robot_server.received}

    ding_request = by_path["/ok/robot/send"]
    assert ding_request.body == {"msgtype": "text", "text": {"content": content}}
    assert ding_request.headers["Content-Type"].startswith("application/json")
    assert ding_request.query["access_token"] == ["tok123"]
    (timestamp,) = ding_request.query["timestamp"]
    (sign,) = ding_request.query["sign"]  # parse_qs has undone the URL encoding
    assert before <= int(timestamp) <= after
    assert hmac.compare_digest(sign, _expected_sign(SECRET, timestamp))
    assert sign != _expected_sign("SECwrong", timestamp)

    wecom_request = by_path["/ok/cgi-bin/webhook/send"]
    assert wecom_request.body == {"msgtype": "text", "text": {"content": content}}
    assert wecom_request.query == {"key": ["k-456"]}

    records = {d.channel: d for d in notification.deliveries.all()}
    assert set(records) == {Channel.IN_APP, Channel.EMAIL, Channel.DINGTALK, Channel.WECOM}
    assert all(d.ok for d in records.values())
    assert records[Channel.EMAIL].target == EMAILS["lead_liaison"]
    # the robot's token is not written in full into the delivery record
    assert "tok123" not in records[Channel.DINGTALK].target
    assert records[Channel.DINGTALK].target.startswith(f"#{ding.pk} ")
    assert records[Channel.WECOM].target.startswith(f"#{wecom.pk} ")
    assert summary["deliveries"][Channel.DINGTALK] == {"ok": 1, "failed": 0}
    assert summary["deliveries"][Channel.WECOM] == {"ok": 1, "failed": 0}


def test_failed_robots_are_recorded_and_the_run_goes_on(
    small_plan, people, unit, robot_server, dead_url
):
    kfq = unit("开发区")
    _robot(kfq, Channel.DINGTALK, robot_server.url("/errcode/robot/send?access_token=t"), SECRET)
    _robot(kfq, Channel.WECOM, robot_server.url("/500/cgi-bin/webhook/send?key=k"))
    _robot(kfq, Channel.WECOM, dead_url)
    _robot(kfq, Channel.DINGTALK, robot_server.url("/ok/robot/send?access_token=fine"))
    _robot(kfq, Channel.WECOM, robot_server.url("/ok/cgi-bin/webhook/send?key=inactive"))
    WebhookEndpoint.objects.filter(url__endswith="inactive").update(is_active=False)

    summary = reminders_run(today=DAY)

    assert summary["notifications"] == 2  # the run finished: both tasks were reminded
    assert [m.to for m in mail.outbox] == [[EMAILS["lead_liaison"]]]
    robots = Delivery.objects.filter(channel__in=[Channel.DINGTALK, Channel.WECOM])
    outcome = {(d.target.split(" ", 1)[1].split("?")[0], d.ok): d.detail for d in robots}
    base = f"http://127.0.0.1:{robot_server.port}"
    assert "errcode=310000 sign not match" in outcome[(f"{base}/errcode/robot/send", False)]
    assert outcome[(f"{base}/500/cgi-bin/webhook/send", False)].startswith("HTTP 500")
    dead = Delivery.objects.get(target__contains="access_token=dead")
    assert not dead.ok and dead.detail.startswith("无法连接")
    assert outcome[(f"{base}/ok/robot/send", True)] == "ok"
    assert robots.count() == 4  # the inactive robot was not posted to
    assert summary["deliveries"][Channel.DINGTALK] == {"ok": 1, "failed": 1}
    assert summary["deliveries"][Channel.WECOM] == {"ok": 0, "failed": 2}
    assert len(robot_server.received) == 3  # errcode, 500 and ok; nothing reached the dead one


def test_a_mail_server_that_is_down_is_recorded(small_plan, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    summary = reminders_run(today=DAY)
    assert summary["notifications"] == 2
    failed = Delivery.objects.get(channel=Channel.EMAIL)
    assert not failed.ok and failed.detail
    assert summary["deliveries"][Channel.EMAIL] == {"ok": 0, "failed": 1}


def test_dingtalk_without_secret_is_not_signed(robot_server):
    ok, detail = send_dingtalk(robot_server.url("/ok/robot/send?access_token=x"), "", "你好")
    assert (ok, detail) == (True, "ok")
    (request,) = robot_server.received
    assert request.query == {"access_token": ["x"]}
    assert request.body == {"msgtype": "text", "text": {"content": "你好"}}


def test_only_http_urls_and_no_redirects(robot_server, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text('{"errcode": 0}')
    assert send_wecom(secret_file.as_uri(), "x")[0] is False
    assert send_wecom("ftp://127.0.0.1/x", "x") == (
        False,
        "Webhook 地址须以 http:// 或 https:// 开头。",
    )
    ok, detail = send_wecom(robot_server.url("/redirect/here"), "x")
    assert not ok and detail.startswith("HTTP 302")
    assert [r.path for r in robot_server.received] == ["/redirect/here"]


def test_a_robot_that_does_not_answer_in_time_fails(robot_server, monkeypatch):
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.3)
    ok, detail = send_wecom(robot_server.url("/slow/x"), "x")
    assert not ok
    assert "超时" in detail or "timed out" in detail


def test_wecom_text_is_cut_to_its_limit(robot_server):
    send_wecom(robot_server.url("/ok/x"), "督" * 2000)
    (request,) = robot_server.received
    assert len(request.body["text"]["content"].encode()) <= 2048


def test_mask_url_hides_tokens():
    masked = mask_url("https://oapi.dingtalk.com/robot/send?access_token=abcdef123456")
    assert masked == "https://oapi.dingtalk.com/robot/send?access_token=abcd…"
