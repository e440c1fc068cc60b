from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import DemoLoader, HomePanel, NavEntry


class IndicatorsConfig(AppConfig):
    name = "gongye.indicators"
    verbose_name = _("指标与序时进度")
    demo_loaders = (DemoLoader("gongye.indicators.demo.indicators_demo_load", order=50),)
    # the figures a person owes or reviews, reached from the navigation and the 工作台
    navigation = (
        NavEntry(
            _("指标数据"),
            "indicators:figures",
            "input-cursor-text",
            "gongye.indicators.permissions.can_work_on_figures",
            order=45,
        ),
    )
    home_panels = (
        HomePanel(
            "indicators/_home_figures.html",
            "gongye.indicators.selectors.home.home_figures_for",
            order=20,
        ),
    )
