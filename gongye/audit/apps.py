from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import NavEntry


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
