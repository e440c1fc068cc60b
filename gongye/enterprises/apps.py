from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import DemoLoader, HomePanel, NavEntry
from gongye.enterprises.appeal_choices import AppealVerb
from gongye.enterprises.choices import EnterpriseVerb


class EnterprisesConfig(AppConfig):
    """一企一档: the enterprise register, its monthly figures from enterprises and the
    statistics bureau, cultivation libraries, appeals, leaders paired with enterprises, and the
    plan's targets computed from the register."""

    name = "gongye.enterprises"
    verbose_name = _("企业库")
    audit_verbs = tuple(EnterpriseVerb.choices)

    # appeals (诉求, 绿色通道): their verbs, deadline rule, 工作台 panel and demo
    audit_verbs += tuple(AppealVerb.choices)
    notification_rules = ("gongye.enterprises.appeal_reminders.appeal_deadlines",)
    home_panels = (
        HomePanel(
            "enterprises/_appeal_home.html",
            "gongye.enterprises.selectors.appeals.appeals_home_for",
            order=40,
        ),
    )
    demo_loaders = (DemoLoader("gongye.enterprises.appeal_demo.appeals_demo_load", order=64),)
    navigation = (
        NavEntry(
            pgettext_lazy("navigation", "企业诉求"),
            "enterprises:appeal_list",
            "chat-square-text",
            "gongye.enterprises.appeal_permissions.can_view_appeals",
            order=36,
        ),
    )
