from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import DemoLoader, HomePanel, NavEntry
from gongye.supervision.choices import SupervisionVerb


class SupervisionConfig(AppConfig):
    """督办: each task's state, progress reports and their review, postpone / reassign /
    split, the bulk progress sheet. Registers the key tasks' deadline rule with the
    notifications engine."""

    name = "gongye.supervision"
    verbose_name = _("督办")
    navigation = (
        NavEntry(
            _("督办"),
            "supervision:inbox",
            "clipboard-check",
            "gongye.supervision.permissions.can_supervise_view",
            order=10,
        ),
    )
    # the 工作台's queue: reports to review or redo, overdue tasks, this month's
    home_panels = (
        HomePanel(
            "supervision/_home_queue.html",
            "gongye.supervision.home.home_queue_for",
            order=10,
        ),
    )
    # the business verbs 督办 writes, joined to the audit log's one catalogue of verbs
    audit_verbs = tuple(SupervisionVerb.choices)
    notification_rules = ("gongye.supervision.reminders.task_deadlines",)
    demo_loaders = (DemoLoader("gongye.supervision.demo.supervision_demo_load", order=40),)

    def ready(self) -> None:
        from gongye.supervision import signals  # noqa: F401
