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
    # the status only: HTTP status and errcode, never the robot's reply text
    assert outcome[(f"{base}/errcode/robot/send", False)] == "HTTP 200，errcode 310000"
    assert outcome[(f"{base}/500/cgi-bin/webhook/send", False)].startswith("HTTP 500")
    dead = Delivery.objects.get(target__contains="access_token=dead")
    assert not dead.ok and dead.detail.startswith("无法连接")
    assert outcome[(f"{base}/ok/robot/send", True)] == "HTTP 200，errcode 0"
    assert not any("sign not match" in d.detail for d in robots)
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
    assert (ok, detail) == (True, "HTTP 200，errcode 0")
    (request,) = robot_server.received
    assert request.query == {"access_token": ["x"]}
    assert request.body == {"msgtype": "text", "text": {"content": "你好"}}


def test_only_https_urls_and_no_redirects(robot_server, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text('{"errcode": 0}')
    assert send_wecom(secret_file.as_uri(), "x")[0] is False
    assert send_wecom("ftp://127.0.0.1/x", "x") == (
        False,
        "Webhook 地址须以 https:// 开头。",
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


# ----- where a robot may point (issue 10, item 8: SSRF) -----

BAD_URLS = [
    ("http://oapi.dingtalk.com/robot/send?access_token=t", "https://"),
    ("https://127.0.0.1/robot/send", "本机、内网"),
    ("https://127.1.2.3:8443/x", "本机、内网"),
    ("https://10.0.0.5/cgi-bin/webhook/send?key=k", "本机、内网"),
    ("https://192.168.1.1/x", "本机、内网"),
    ("https://172.16.0.1/x", "本机、内网"),
    ("https://100.64.0.1/x", "本机、内网"),
    ("https://169.254.169.254/latest/meta-data/", "本机、内网"),
    ("https://[::1]/x", "本机、内网"),
    ("https://[fe80::1]/x", "本机、内网"),
    ("https://[fd00::1]/x", "本机、内网"),
    ("https://[::ffff:127.0.0.1]/x", "本机、内网"),
    ("https://224.0.0.1/x", "本机、内网"),
    ("https://240.0.0.1/x", "本机、内网"),
    ("https://0.0.0.0/x", "本机、内网"),
    ("https://8.8.8.8/x", "不能直接填写 IP"),
    ("https://localhost/x", "主机须是"),
    ("https://2130706433/x", "主机须是"),
    ("https://evil.example.com/robot/send", "主机须是"),
    ("https://oapi.dingtalk.com.evil.example/robot/send", "主机须是"),
    ("https://user:pw@oapi.dingtalk.com/robot/send", "用户名或密码"),
    ("https://oapi.dingtalk.com:8443/robot/send", "其他端口"),
    ("ftp://oapi.dingtalk.com/x", "https://"),
    (f"http://127.0.0.1:{9}/x", "https://"),  # not a test origin: refused like any http URL
]


@pytest.mark.parametrize("url,message", BAD_URLS)
def test_bad_robot_urls_are_refused_when_saved(plan_office, unit, url, message):
    from django.core.exceptions import ValidationError

    from gongye.notifications import services

    with pytest.raises(ValidationError) as error:
        services.webhook_create(
            actor=plan_office, unit=unit("开发区"), kind=Channel.DINGTALK, url=url
        )
    assert any(message in m for m in error.value.message_dict["url"]), error.value
    assert not WebhookEndpoint.objects.exists()


def test_configured_hosts_are_accepted_and_others_can_be_added(plan_office, unit, settings):
    from gongye.notifications import services

    for url in (
        "https://oapi.dingtalk.com/robot/send?access_token=t",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    ):
        services.webhook_create(actor=plan_office, unit=unit("开发区"), kind=Channel.WECOM, url=url)
    assert delivery.check_webhook_url("https://im.example.gov.cn/hook") is not None
    settings.GONGYE_WEBHOOK_HOSTS = [*settings.GONGYE_WEBHOOK_HOSTS, "im.example.gov.cn"]
    assert delivery.check_webhook_url("https://im.example.gov.cn/hook") is None


@pytest.mark.parametrize(
    "addresses",
    [["127.0.0.1"], ["10.1.2.3"], ["169.254.169.254"], ["93.184.216.34", "192.168.0.7"], ["::1"]],
)
def test_a_host_resolving_inside_is_refused_at_send_time(monkeypatch, addresses):
    """DNS rebinding: the name passed the check when saved, but now resolves inside. Nothing
    is connected to (the connection would fail the test)."""
    asked = []
    monkeypatch.setattr(delivery, "resolve", lambda host, port: asked.append(host) or addresses)

    def no_connection(*args, **kwargs):
        raise AssertionError("connected although an address is not public")

    monkeypatch.setattr(delivery.socket, "create_connection", no_connection)
    ok, detail = send_dingtalk("https://oapi.dingtalk.com/robot/send?access_token=t", "", "x")
    assert (ok, detail) == (False, "拒绝发送：主机解析到本机、内网或保留地址")
    assert asked == ["oapi.dingtalk.com"]


def test_the_checked_address_is_the_one_connected_to(monkeypatch):
    """The connection goes to the address that was checked, with the name kept for TLS."""
    monkeypatch.setattr(delivery, "resolve", lambda host, port: ["93.184.216.34"])
    seen = []

    def record(address, timeout):
        seen.append(address)
        raise ConnectionRefusedError  # stop here: no network in tests

    monkeypatch.setattr(delivery.socket, "create_connection", record)
    ok, detail = send_wecom("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "x")
    assert (ok, detail) == (False, "无法连接")
    assert seen == [("93.184.216.34", 443)]


def test_test_send_to_a_host_resolving_to_loopback_is_refused(
    client, plan_office, unit, monkeypatch, robot_server
):
    endpoint = WebhookEndpoint.objects.create(
        unit=unit("开发区"),
        kind=Channel.DINGTALK,
        url="https://oapi.dingtalk.com/robot/send?access_token=t",
    )
    monkeypatch.setattr(delivery, "resolve", lambda host, port: ["127.0.0.1"])
    client.force_login(plan_office)
    from django.urls import reverse

    page = client.post(reverse("notifications:webhook_test", args=[endpoint.pk]), follow=True)
    html = page.content.decode()
    assert "拒绝发送" in html and "测试消息已发送" not in html
    assert robot_server.received == []
