from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import DemoLoader, HomePanel, NavEntry


class OrgsConfig(AppConfig):
    name = "gongye.orgs"
    verbose_name = _("区划与单位")
    # 行政区划 is reached from 单位名录 (a button by its title): the bar keeps to one row at
    # 1440 px in English with the project register's entry
    navigation = (
        NavEntry(
            pgettext_lazy("navigation", "单位名录"),
            "orgs:unit_list",
            "building",
            "gongye.orgs.permissions.can_view_unit_register",
            order=60,
        ),
    )
    home_panels = (
        HomePanel("orgs/_home_counts.html", "gongye.orgs.selectors.home_counts_for", order=100),
    )
    # the embedded organisation is loaded in every mode
    demo_loaders = (
        DemoLoader("gongye.orgs.demo.loader.organisation_demo_load", order=10, demo_only=False),
    )
