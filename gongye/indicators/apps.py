from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gongye.indicators"
    verbose_name = "指标与序时进度"
