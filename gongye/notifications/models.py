from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.roles import Role
from gongye.core.scope import ScopedQuerySet
from gongye.notifications.choices import Channel


class NotificationQuerySet(models.QuerySet["Notification"]):
    def about(self, obj: models.Model) -> NotificationQuerySet:
        """The notifications about one object (a task, a project, an appeal …)."""
        return self.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))


class Notification(models.Model):
    """A reminder or escalation (提醒、督办) about something with a deadline — a key task, a
    project's monthly return, an appeal — for a unit, read in the app by the role it is
    addressed to, or for one person who has no unit (an enterprise's user told of its appeal);
    sent at most once per subject, rule, recipient, audience and day. The rule that
    called for it belongs to the app that registered it (``AppConfig.notification_rules``)."""

    subject_type = models.CharField(_("对象类型"), max_length=64)  # app_label.model
    subject_id = models.CharField(_("对象编号"), max_length=64)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("接收单位"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    # a person with no unit to address (an enterprise's user): the message is theirs alone
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收账号"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    audience = models.CharField(_("接收人"), max_length=16, choices=Role.choices)
    rule = models.CharField(_("规则"), max_length=32)
    rule_label = models.CharField(_("规则名称"), max_length=50, blank=True)
    day = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒消息")
        verbose_name_plural = _("提醒消息")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule", "unit", "audience", "day"],
                name="notification_once_per_day",
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule", "user", "audience", "day"],
                condition=Q(user__isnull=False),
                name="notification_once_per_day_user",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(user__isnull=False),
                name="notification_has_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "audience", "day"]),
            models.Index(fields=["user", "day"], name="notification_user_day"),
        ]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One attempt to deliver a notification over a channel (e-mail, DingTalk, WeCom)."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("消息"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    target = models.CharField(_("发送目标"), max_length=500)
    ok = models.BooleanField(_("成功"), default=False)
    detail = models.TextField(_("结果"), blank=True)
    attempted_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel", "target"], name="delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target}"


class WebhookEndpointQuerySet(ScopedQuerySet["WebhookEndpoint"]):
    region_field = "unit__region"


class WebhookEndpoint(models.Model):
    """A unit's group robot (钉钉/企业微信群机器人) that receives its reminders."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="webhooks"
    )
    kind = models.CharField(
        _("类型"),
        max_length=16,
        choices=[(Channel.DINGTALK, Channel.DINGTALK.label), (Channel.WECOM, Channel.WECOM.label)],
    )
    url = models.URLField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(
        _("加签密钥"), max_length=200, blank=True, help_text=_("钉钉机器人“加签”安全设置的密钥。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = WebhookEndpointQuerySet.as_manager()

    # Not stored: the robot list view sets these on the instances it shows, for the template.
    masked_url: str
    masked_secret: str

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"
