"""The plan office's robot settings and 我的提醒: access (out of scope 404, not allowed 403),
writes through the audited services, secrets never shown back, a query budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongye.audit.models import AuditEntry
from gongye.notifications import services
from gongye.notifications.choices import Channel
from gongye.notifications.models import Notification, WebhookEndpoint
from gongye.notifications.services import notification_mark_read
from gongye.supervision.reminders import reminders_run

pytestmark = [
    pytest.mark.usefixtures("remind_settings"),
]

TOKEN = "abcdef0123456789secrettoken"
SECRET = "SEC9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.fixture
def robot(unit):
    return WebhookEndpoint.objects.create(
        unit=unit("开发区"),
        kind=Channel.DINGTALK,
        url=f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
        secret=SECRET,
    )


def _status(client, user, method, url, data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(
    "route,method",
    [
        ("notifications:webhook_edit", "get"),
        ("notifications:webhook_edit", "post"),
        ("notifications:webhook_deactivate", "post"),
        ("notifications:webhook_test", "post"),
    ],
)
def test_robot_access_matrix(route, method, client, persona, other_plan_office, robot):
    url = reverse(route, args=[robot.pk])
    # out of scope → 404, in scope but not allowed → 403
    assert _status(client, other_plan_office, method, url) == 404
    assert _status(client, persona("outsider"), method, url) == 404
    for name in ("lead_liaison", "unit_head", "county_leader", "coop_liaison"):
        assert _status(client, persona(name), method, url) == 403, name
    robot.refresh_from_db()
    assert robot.is_active


def test_robot_list_and_create_pages(client, persona, other_plan_office, robot):
    for route in ("notifications:webhook_list", "notifications:webhook_create"):
        url = reverse(route)
        assert _status(client, persona("plan_office"), "get", url) == 200
        assert _status(client, persona("lead_liaison"), "get", url) == 403
        assert _status(client, persona("county_leader"), "get", url) == 403
    assert (
        _status(
            client,
            persona("plan_office"),
            "get",
            reverse("notifications:webhook_edit", args=[robot.pk]),
        )
        == 200
    )
    # another county's plan office sees its own (empty) list, not Huoshan's robots
    client.force_login(other_plan_office)
    page = client.get(reverse("notifications:webhook_list")).content.decode()
    assert "开发区" not in page and f'id="robot-{robot.pk}"' not in page


def test_secrets_are_never_shown_back(client, plan_office, robot):
    client.force_login(plan_office)
    for url in (
        reverse("notifications:webhook_list"),
        reverse("notifications:webhook_edit", args=[robot.pk]),
    ):
        page = client.get(url).content.decode()
        assert TOKEN not in page and SECRET not in page
        assert "access_token=abcd…" in page


def test_plan_office_adds_edits_and_deactivates_a_robot(client, plan_office, unit):
    client.force_login(plan_office)
    kfq = unit("开发区")
    response = client.post(
        reverse("notifications:webhook_create"),
        {
            "unit": kfq.pk,
            "kind": Channel.DINGTALK,
            "url": f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
            "secret": SECRET,
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get(unit=kfq)
    assert (endpoint.secret, endpoint.is_active) == (SECRET, True)
    entry = AuditEntry.objects.filter(target_type="notifications.webhookendpoint").latest("id")
    assert entry.verb == "create" and entry.actor == plan_office
    assert TOKEN not in str(entry.after) and SECRET not in str(entry.after)

    # an edit with blank URL and secret keeps both
    response = client.post(
        reverse("notifications:webhook_edit", args=[endpoint.pk]),
        {"kind": Channel.DINGTALK, "url": "", "secret": "", "is_active": "on"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url.endswith(TOKEN) and endpoint.secret == SECRET

    response = client.post(reverse("notifications:webhook_deactivate", args=[endpoint.pk]))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    entry = AuditEntry.objects.filter(target_type="notifications.webhookendpoint").latest("id")
    assert (entry.verb, entry.before, entry.after) == (
        "update",
        {"is_active": True},
        {"is_active": False},
    )


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"url": "file:///etc/passwd"}, "url", "https://"),
        ({"url": "javascript:alert(1)"}, "url", "https://"),
        ({"kind": "sms"}, "kind", "请选择"),
        ({"kind": Channel.WECOM, "secret": "SECabc"}, "secret", "企业微信"),
    ],
)
def test_robot_validation(plan_office, unit, data, field, message):
    fields = {
        "kind": Channel.DINGTALK,
        "url": "https://oapi.dingtalk.com/robot/send?access_token=x",
    }
    fields.update(data)
    with pytest.raises(ValidationError) as error:
        services.webhook_create(actor=plan_office, unit=unit("开发区"), **fields)
    assert any(message in m for m in error.value.message_dict[field])
    assert not WebhookEndpoint.objects.exists()


def test_group_units_and_other_counties_are_refused(plan_office, unit):
    with pytest.raises(ValidationError) as error:
        services.webhook_create(
            actor=plan_office, unit=unit("相关乡镇"), kind=Channel.WECOM, url="https://q.example/x"
        )
    assert "单位组" in error.value.message_dict["unit"][0]
    with pytest.raises(PermissionDenied):
        services.webhook_create(
            actor=plan_office,
            unit=unit("经信局", "341524"),
            kind=Channel.WECOM,
            url="https://q.example/x",
        )


def test_send_test_message_from_the_page(client, plan_office, unit, robot_server):
    endpoint = WebhookEndpoint.objects.create(
        unit=unit("开发区"), kind=Channel.WECOM, url=robot_server.url("/ok/send?key=k")
    )
    failing = WebhookEndpoint.objects.create(
        unit=unit("开发区"), kind=Channel.WECOM, url=robot_server.url("/errcode/send?key=k")
    )
    client.force_login(plan_office)
    page = client.post(reverse("notifications:webhook_test", args=[endpoint.pk]), follow=True)
    assert "测试消息已发送" in page.content.decode()
    page = client.post(reverse("notifications:webhook_test", args=[failing.pk]), follow=True)
    html = page.content.decode()
    assert "errcode 310000" in html
    assert "sign not match" not in html  # the robot's reply is never shown
    assert [r.body["text"]["content"][:6] for r in robot_server.received] == ["【测试消息】"] * 2


def test_robot_list_query_budget_does_not_grow(client, plan_office, unit):
    client.force_login(plan_office)
    url = reverse("notifications:webhook_list")
    WebhookEndpoint.objects.create(
        unit=unit("开发区"), kind=Channel.WECOM, url="https://q.example/a"
    )
    client.get(url)  # warm caches (sessions, translations)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for name in ("衡山镇", "统计局", "发改委", "财政局", "科技经信局"):
        for kind in (Channel.WECOM, Channel.DINGTALK):
            WebhookEndpoint.objects.create(
                unit=unit(name), kind=kind, url=f"https://q.example/{name}"
            )
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.content.decode().count('id="robot-') == 11
    assert len(large) == len(small)


def test_my_reminders_page(client, persona, small_plan, people):
    reminders_run(today=dt.date(2022, 1, 28))
    reminders_run(today=dt.date(2022, 2, 1))
    url = reverse("notifications:notification_list")
    client.force_login(persona("lead_liaison"))
    page = client.get(url).content.decode()
    assert "【临期提醒】开发区：完成第二项。" in page
    assert "逾期督办" not in page  # addressed to the unit head, not the liaison
    client.force_login(persona("unit_head"))
    page = client.get(url).content.decode()
    assert "【逾期督办】开发区：完成第二项。" in page and "临期提醒" not in page
    client.force_login(persona("plan_office"))
    page = client.get(url).content.decode()
    assert page.count("【逾期督办】") == 2
    assert _status(client, persona("sys_admin"), "get", url) == 403
    # a leader reads only what is addressed to them in person: none of the units' reminders
    client.force_login(persona("county_leader"))
    page = client.get(url).content.decode()
    assert "临期提醒" not in page and "逾期督办" not in page


def test_mark_as_read(client, persona, small_plan, people):
    reminders_run(today=dt.date(2022, 1, 28))
    mine = Notification.objects.get(unit__name="开发区", audience="liaison")
    other = Notification.objects.get(unit__name="科技经信局", audience="liaison")
    read = reverse("notifications:notification_read", args=[mine.pk])
    # another unit's liaison, and the same unit's head (a different audience): not theirs → 404
    assert _status(client, persona("coop_liaison"), "post", read) == 404
    assert _status(client, persona("unit_head"), "post", read) == 404
    assert _status(client, persona("county_leader"), "post", read) == 404
    mine.refresh_from_db()
    assert mine.read_at is None

    client.force_login(persona("lead_liaison"))
    assert client.post(read).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    entry = AuditEntry.objects.latest("id")
    assert (entry.verb, entry.target_type, entry.target_id) == (
        "update",
        "notifications.notification",
        str(mine.pk),
    )
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=persona("lead_liaison"), notification=other)
    assert client.post(reverse("notifications:notification_read_all")).status_code == 302
    other.refresh_from_db()
    assert other.read_at is None
