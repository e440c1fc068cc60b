from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongye.supervision"
    verbose_name = "督办"

    def ready(self) -> None:
        from gongye.supervision import signals  # noqa: F401
