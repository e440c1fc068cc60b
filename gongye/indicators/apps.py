from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import DemoLoader, NavEntry


class IndicatorsConfig(AppConfig):
    name = "gongye.indicators"
    verbose_name = _("指标与序时进度")
    navigation = (
        NavEntry(
            _("驾驶舱"),
            "indicators:cockpit",
            "speedometer2",
            "gongye.plans.permissions.can_view_plans",
            order=40,
        ),
    )
    demo_loaders = (DemoLoader("gongye.indicators.demo.indicators_demo_load", order=50),)
