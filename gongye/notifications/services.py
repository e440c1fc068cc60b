"""The plan office's settings of each unit's group robots (钉钉/企业微信群机器人) that receive the
unit's reminders: rule, reads and writes.

A robot's URL carries its access token and a DingTalk robot has a signing secret; neither is
shown back in full once saved (pages, audit entries and delivery records show masked forms),
and an edit that leaves them blank keeps them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.notifications.choices import Channel
from gongye.notifications.delivery import check_webhook_url, mask_url, send_dingtalk, send_wecom
from gongye.notifications.models import Notification, WebhookEndpoint
from gongye.notifications.permissions import can_manage_webhooks, can_read_notifications
from gongye.notifications.selectors import notification_list_for
from gongye.orgs.models import Unit

if TYPE_CHECKING:
    from gongye.accounts.models import User

ROBOT_KINDS = (Channel.DINGTALK, Channel.WECOM)


def mask_secret(secret: str) -> str:
    if not secret:
        return ""
    return f"{secret[:4]}…（共 {len(secret)} 位）"


def _audited(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "unit": endpoint.unit_id,
        "kind": endpoint.kind,
        "url": mask_url(endpoint.url),
        "secret": mask_secret(endpoint.secret),
        "is_active": endpoint.is_active,
    }


def _validate(
    *, unit: Unit, kind: str, url: str, secret: str, exclude_pk: int | None = None
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in ROBOT_KINDS:
        errors.setdefault("kind", []).append(_("请选择钉钉群机器人或企业微信群机器人。"))
    if not url:
        errors.setdefault("url", []).append(_("请填写 Webhook 地址。"))
    elif len(url) > 500:
        errors.setdefault("url", []).append(_("Webhook 地址不能超过 500 个字符。"))
    else:
        problem = check_webhook_url(url)
        if problem is None:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                problem = _("Webhook 地址格式不正确。")
        if problem:
            errors.setdefault("url", []).append(problem)
    if kind == Channel.WECOM and secret:
        errors.setdefault("secret", []).append(
            _("企业微信群机器人不使用加签密钥（密钥已包含在地址的 key 中），请留空。")
        )
    if len(secret) > 200:
        errors.setdefault("secret", []).append(_("加签密钥不能超过 200 个字符。"))
    if unit.is_group:
        errors.setdefault("unit", []).append(
            _("“%(name)s”是单位组，提醒发给组内各单位，请为组内单位分别设置群机器人。")
            % {"name": unit.name}
        )
    elif not unit.is_active:
        errors.setdefault("unit", []).append(_("单位“%(name)s”已停用。") % {"name": unit.name})
    if url and not errors.get("url"):
        duplicate = WebhookEndpoint.objects.filter(unit=unit, url=url, is_active=True)
        if exclude_pk is not None:
            duplicate = duplicate.exclude(pk=exclude_pk)
        if duplicate.exists():
            errors.setdefault("url", []).append(_("本单位已有使用该地址的群机器人。"))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def webhook_create(
    *, actor: User, unit: Unit, kind: str, url: str, secret: str = ""
) -> WebhookEndpoint:
    """Adds a robot that will receive the unit's reminders from the next run on."""
    can_manage_webhooks(actor, unit).require()
    url, secret = (url or "").strip(), (secret or "").strip()
    _validate(unit=unit, kind=kind, url=url, secret=secret)
    endpoint = WebhookEndpoint.objects.create(unit=unit, kind=kind, url=url, secret=secret)
    audit_record(actor=actor, verb=Verb.CREATE, target=endpoint, after=_audited(endpoint))
    return endpoint


@transaction.atomic
def webhook_update(
    *,
    actor: User,
    endpoint: WebhookEndpoint,
    kind: str,
    url: str = "",
    secret: str = "",
    clear_secret: bool = False,
    is_active: bool = True,
) -> WebhookEndpoint:
    """Changes a robot. A blank URL or secret keeps the saved one (they are never shown back);
    ``clear_secret`` removes the secret (a DingTalk robot switched to keyword security)."""
    endpoint = (
        WebhookEndpoint.objects.select_for_update()
        .select_related("unit__region")
        .get(pk=endpoint.pk)
    )
    can_manage_webhooks(actor, endpoint.unit).require()
    url, secret = (url or "").strip(), (secret or "").strip()
    new_url = url or endpoint.url
    if clear_secret or kind == Channel.WECOM:
        new_secret = secret if kind != Channel.WECOM else ""
    else:
        new_secret = secret or endpoint.secret
    _validate(unit=endpoint.unit, kind=kind, url=new_url, secret=new_secret, exclude_pk=endpoint.pk)
    before = _audited(endpoint)
    url_changed = new_url != endpoint.url
    secret_changed = new_secret != endpoint.secret
    endpoint.kind, endpoint.url, endpoint.secret = kind, new_url, new_secret
    endpoint.is_active = is_active
    endpoint.save()
    after = _audited(endpoint)
    if before != after or url_changed or secret_changed:
        after_logged = {k: v for k, v in after.items() if before.get(k) != v}
        if url_changed:
            after_logged.update(url=after["url"], url_changed=True)
        if secret_changed:
            after_logged.update(secret=after["secret"] or "（已清除）", secret_changed=True)
        audit_record(
            actor=actor,
            verb=Verb.UPDATE,
            target=endpoint,
            before={k: before[k] for k in after_logged if k in before},
            after=after_logged,
        )
    return endpoint


@transaction.atomic
def webhook_deactivate(*, actor: User, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Stops sending to a robot; its delivery history stays."""
    endpoint = (
        WebhookEndpoint.objects.select_for_update()
        .select_related("unit__region")
        .get(pk=endpoint.pk)
    )
    can_manage_webhooks(actor, endpoint.unit).require()
    if endpoint.is_active:
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            verb=Verb.UPDATE,
            target=endpoint,
            before={"is_active": True},
            after={"is_active": False},
        )
    return endpoint


def webhook_test_send(*, actor: User, endpoint: WebhookEndpoint) -> tuple[bool, str]:
    """Posts a test message so the plan office sees at once whether the robot answers. Changes
    nothing, so it is not audited. The page shows only the status (HTTP status and the robot's
    errcode, ``delivery._post_json``), never the robot's reply: a reply shown back would let a
    robot URL read whatever answers it (issue 10, item 8)."""
    can_manage_webhooks(actor, endpoint.unit).require()
    text = (
        f"【测试消息】Gongye 督办提醒已接入“{endpoint.unit.name}”的"
        f"{endpoint.get_kind_display()}。此后本单位的临期提醒和逾期督办将发送到本群。"
    )
    if endpoint.kind == Channel.DINGTALK:
        return send_dingtalk(endpoint.url, endpoint.secret, text)
    return send_wecom(endpoint.url, text)


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Marks one reminder read for the unit. Only the role it was addressed to may."""
    can_read_notifications(actor).require()
    if not notification_list_for(actor).filter(pk=notification.pk).exists():
        raise PermissionDenied(_("这条提醒不是发给您当前身份的。"))
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=actor,
            verb=Verb.UPDATE,
            target=notification,
            parent_type=notification.subject_type,
            parent_id=notification.subject_id,
            before={"read_at": None},
            after={"read_at": notification.read_at},
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: User) -> int:
    can_read_notifications(actor).require()
    unread = notification_list_for(actor).filter(read_at__isnull=True)
    ids = list(unread.values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=ids).update(read_at=now)
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target_type="notifications.notification",
        target_repr=f"全部标为已读（{len(ids)} 条）",
        after={"read_at": now, "ids": ids},
    )
    return len(ids)
