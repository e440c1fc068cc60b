from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongye.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from gongye.accounts import signals  # noqa: F401
