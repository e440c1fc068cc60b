from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import HomePanel, NavEntry
from gongye.enterprises.choices import EnterpriseVerb


class EnterprisesConfig(AppConfig):
    """一企一档: the enterprise register, its monthly figures from enterprises and the
    statistics bureau, cultivation libraries, appeals, leaders paired with enterprises, and the
    plan's targets computed from the register."""

    name = "gongye.enterprises"
    verbose_name = _("企业库")
    audit_verbs = tuple(EnterpriseVerb.choices)
    # the register part: the 企业库 entry (an enterprise user lands on its own enterprise), and
    # the 工作台 panel (a leader's paired enterprises, the plan office's and bureau's counts)
    navigation = (
        NavEntry(
            pgettext_lazy("navigation", "企业库"),
            "enterprises:enterprise_list",
            "buildings",
            "gongye.enterprises.permissions.can_read_register",
            order=55,
        ),
    )
    home_panels = (
        HomePanel(
            "enterprises/_home_enterprises.html",
            "gongye.enterprises.selectors.register.home_enterprises_for",
            order=35,
        ),
    )
