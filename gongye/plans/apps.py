from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "gongye.plans"
    verbose_name = "工作计划"
