import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import NavEntry, ScheduledJob

# 07:30 Asia/Shanghai, before office hours; the name the schedule has had since issue 4.
DAILY = ScheduledJob(
    "supervision.reminders", "gongye.notifications.jobs.send_reminders", daily_at=dt.time(7, 30)
)


class NotificationsConfig(AppConfig):
    """Deadline rules any app registers (``notification_rules``), delivered in the app, by
    e-mail and to DingTalk / WeCom group robots configured per unit, once per day."""

    name = "gongye.notifications"
    verbose_name = _("提醒与通知")
    navigation = (
        NavEntry(
            pgettext_lazy("navigation", "我的提醒"),
            "notifications:notification_list",
            "bell",
            "gongye.notifications.permissions.can_read_notifications",
            order=20,
        ),
        NavEntry(
            pgettext_lazy("navigation", "群机器人"),
            "notifications:webhook_list",
            "robot",
            "gongye.notifications.permissions.can_manage_webhooks",
            order=30,
        ),
    )
    schedules = (DAILY,)
