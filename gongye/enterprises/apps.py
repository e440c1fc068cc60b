import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import (
    CockpitSection,
    DemoLoader,
    HomePanel,
    NavEntry,
    ScheduledJob,
    TargetSection,
)
from gongye.enterprises.appeal_choices import AppealVerb
from gongye.enterprises.choices import EnterpriseVerb
from gongye.enterprises.library_choices import LibraryVerb


class EnterprisesConfig(AppConfig):
    """一企一档: the enterprise register, its monthly figures from enterprises and the
    statistics bureau, cultivation libraries, appeals, leaders paired with enterprises, and the
    plan's targets computed from the register."""

    name = "gongye.enterprises"
    verbose_name = _("企业库")
    audit_verbs = tuple(EnterpriseVerb.choices)

    # libraries part: its verbs, the nightly suggestions, its demo, its formulas
    audit_verbs = audit_verbs + tuple(LibraryVerb.choices)
    schedules: tuple[ScheduledJob, ...] = (
        ScheduledJob(
            "enterprises.library_suggestions",
            "gongye.enterprises.services.library_suggestions.library_suggestions_nightly",
            daily_at=dt.time(2, 30),
        ),
    )
    demo_loaders: tuple[DemoLoader, ...] = (
        DemoLoader("gongye.enterprises.library_demo.libraries_demo_load", order=62),
    )

    # appeals (诉求, 绿色通道): their verbs, deadline rule, 工作台 panel, navigation and demo
    audit_verbs += tuple(AppealVerb.choices)
    notification_rules = ("gongye.enterprises.appeal_reminders.appeal_deadlines",)
    home_panels: tuple[HomePanel, ...] = (
        HomePanel(
            "enterprises/_appeal_home.html",
            "gongye.enterprises.selectors.appeals.appeals_home_for",
            order=40,
        ),
    )
    # appeals are reached from the register's tabs (enterprises/_tabs.html) and the 工作台,
    # not from an entry of their own: the side navigation stays one line in English at 1440 px
    navigation: tuple[NavEntry, ...] = ()
    demo_loaders = (
        *demo_loaders,
        DemoLoader("gongye.enterprises.appeal_demo.appeals_demo_load", order=64),
    )

    # the register part: the 企业库 entry (an enterprise user lands on its own enterprise), and
    # the 工作台 panel (a leader's paired enterprises, the plan office's and bureau's counts)
    navigation = (
        *navigation,
        NavEntry(
            pgettext_lazy("navigation", "企业库"),
            "enterprises:enterprise_list",
            "buildings",
            "gongye.enterprises.permissions.can_read_register",
            order=55,
        ),
    )
    home_panels = (
        *home_panels,
        HomePanel(
            "enterprises/_home_enterprises.html",
            "gongye.enterprises.selectors.register.home_enterprises_for",
            order=35,
        ),
    )
    # targets computed from the register (issue 12, item 6): shown and set from a target's
    # page; recomputed when the register changes and nightly; the register's demo (item 9)
    target_sections = (
        TargetSection(
            "enterprises/_target_computed.html",
            "gongye.enterprises.selectors.computed.target_computed_section",
        ),
    )
    # the cockpit's part: a leader's paired enterprises and the county's register summed up
    cockpit_sections = (
        CockpitSection(
            "enterprises/_cockpit_enterprises.html",
            "gongye.enterprises.selectors.register.cockpit_enterprises_for",
        ),
    )
    schedules = (
        *schedules,
        ScheduledJob(
            "enterprises.computed_targets",
            "gongye.enterprises.computed.jobs.recompute_nightly",
            daily_at=dt.time(2, 45),
        ),
    )
    demo_loaders = (
        *demo_loaders,
        DemoLoader("gongye.enterprises.demo.enterprises_demo_load", order=60),
        DemoLoader("gongye.enterprises.demo.computed_demo_load", order=66),
    )

    def ready(self) -> None:
        from gongye.enterprises.computed import (
            formulas,  # noqa: F401  (registers formulas)
            libraries,  # noqa: F401  (registers formulas)
        )
        from gongye.enterprises.computed.jobs import on_register_changed
        from gongye.enterprises.signals import register_changed

        # targets computed from the register follow its data (computed.jobs)
        register_changed.connect(on_register_changed, dispatch_uid="enterprises.computed")
