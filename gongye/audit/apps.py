from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongye.audit"
    verbose_name = "审计日志"
