from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import DemoLoader, HomePanel, NavEntry
from gongye.plans.choices import PlansVerb


class PlansConfig(AppConfig):
    name = "gongye.plans"
    verbose_name = _("工作计划")
    navigation = (
        NavEntry(
            pgettext_lazy("navigation", "工作计划"),
            "plans:plan_list",
            "journal-check",
            "gongye.plans.permissions.can_view_plans",
            order=50,
        ),
    )
    audit_verbs = tuple(PlansVerb.choices)
    # an enterprise's 工作台: the county's published plan and its funding rules
    home_panels = (
        HomePanel("plans/_home_plan.html", "gongye.plans.selectors.home_plan_for", order=30),
    )
    # the embedded default plan is imported in every mode, not only the demo
    demo_loaders = (DemoLoader("gongye.plans.demo.plans_demo_load", order=30, demo_only=False),)
