from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.contrib import DemoLoader, NavEntry


class AccountsConfig(AppConfig):
    name = "gongye.accounts"
    verbose_name = _("账号与角色")
    navigation = (
        NavEntry(
            _("账号管理"),
            "accounts:user_list",
            "people",
            "gongye.accounts.permissions.can_manage_accounts",
            order=70,
        ),
        NavEntry(
            pgettext_lazy("navigation", "角色授权"),
            "accounts:assignment_list",
            "person-badge",
            "gongye.accounts.permissions.can_manage_roles",
            order=80,
        ),
        NavEntry(
            pgettext_lazy("navigation", "安全策略"),
            "accounts:policy",
            "shield-lock",
            "gongye.accounts.permissions.can_manage_roles",
            order=81,
        ),
    )
    # the API tokens' end (issue is the generic ``token_create``)
    audit_verbs = (
        ("token.revoke", _("吊销接口令牌")),
        # the second factor (services.second_factor) and the attempt limits (services.throttles)
        ("otp.enrol", _("绑定动态口令")),
        ("otp.verify", _("动态口令验证")),
        ("otp.failed", _("动态口令错误")),
        ("otp.recovery_used", _("使用恢复码")),
        ("otp.reset", _("重置动态口令")),
        ("login.throttled", _("登录限流")),
        ("password.throttled", _("改密限流")),
    )
    demo_loaders = (DemoLoader("gongye.accounts.demo.accounts_demo_load", order=20),)

    def ready(self) -> None:
        from gongye.accounts import signals  # noqa: F401
        from gongye.accounts.api import schema  # noqa: F401  (OpenAPI security schemes)
