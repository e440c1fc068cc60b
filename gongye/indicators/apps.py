from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import DemoLoader


class IndicatorsConfig(AppConfig):
    name = "gongye.indicators"
    verbose_name = _("指标与序时进度")
    demo_loaders = (DemoLoader("gongye.indicators.demo.indicators_demo_load", order=50),)
