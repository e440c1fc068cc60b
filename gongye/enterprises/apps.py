import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import DemoLoader, ScheduledJob, TargetSection
from gongye.enterprises.choices import EnterpriseVerb


class EnterprisesConfig(AppConfig):
    """一企一档: the enterprise register, its monthly figures from enterprises and the
    statistics bureau, cultivation libraries, appeals, leaders paired with enterprises, and the
    plan's targets computed from the register."""

    name = "gongye.enterprises"
    verbose_name = _("企业库")
    audit_verbs = tuple(EnterpriseVerb.choices)
    # targets computed from the register (issue 12, item 6): shown and set from a target's page
    target_sections = (
        TargetSection(
            "enterprises/_target_computed.html",
            "gongye.enterprises.selectors.computed.target_computed_section",
        ),
    )
    # the register's demo data (issue 12, item 9), after the indicators' demo figures
    demo_loaders = (DemoLoader("gongye.enterprises.demo.enterprises_demo_load", order=60),)
    # 02:30 Asia/Shanghai: the computed targets, in case a change came without a signal
    schedules = (
        ScheduledJob(
            "enterprises.computed_targets",
            "gongye.enterprises.computed.jobs.recompute_nightly",
            daily_at=dt.time(2, 30),
        ),
    )

    def ready(self) -> None:
        # targets computed from the register follow its data (computed.jobs)
        from gongye.enterprises.computed import formulas  # noqa: F401  (registers them)
        from gongye.enterprises.computed.jobs import on_register_changed
        from gongye.enterprises.signals import register_changed

        register_changed.connect(on_register_changed, dispatch_uid="enterprises.computed")
