from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gongye.orgs"
    verbose_name = "区划与单位"
