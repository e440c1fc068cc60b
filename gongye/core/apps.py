from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongye.core"
    verbose_name = "核心"
