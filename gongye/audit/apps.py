import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import NavEntry, ScheduledJob

# after midnight Asia/Shanghai: the day's entries are in, the morning reminders not yet
ANCHOR = ScheduledJob("audit.anchor", "gongye.audit.jobs.anchor_chain", daily_at=dt.time(0, 15))


class AuditConfig(AppConfig):
    name = "gongye.audit"
    verbose_name = _("审计日志")
    navigation = (
        NavEntry(
            _("审计日志"),
            "audit:entry_list",
            "journal-text",
            "gongye.audit.permissions.can_read_audit",
            order=90,
        ),
    )
    schedules = (ANCHOR,)
    audit_verbs = (
        ("audit.read", _("查阅审计日志")),
        ("audit.anchor", _("审计链锚定")),
        ("access.denied", _("拒绝访问")),
    )
