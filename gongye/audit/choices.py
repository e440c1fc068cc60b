from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.contrib import collect


class Verb(models.TextChoices):
    """The generic audited actions (any object; sign-in and accounts). Business verbs such as
    ``report.approve`` are declared by the apps that write them (``AppConfig.audit_verbs``)
    and join these in one catalogue, ``verb_catalogue``."""

    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账号锁定")
    UNLOCK = "unlock", _("解除锁定")
    SESSION_TIMEOUT = "session_timeout", _("会话超时")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("重置密码")
    ROLE_GRANT = "role_grant", _("授予角色")
    ROLE_REVOKE = "role_revoke", _("撤销角色")
    ROLE_SWITCH = "role_switch", _("切换身份")
    TOKEN_CREATE = "token_create", _("签发接口令牌")
    READ = "read", _("查看")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")


VERB_MAX_LENGTH = 32  # AuditEntry.verb


@cache
def verb_catalogue() -> dict[str, Any]:
    """Every verb the log may hold → its label: the generic ``Verb`` first, then each app's
    ``audit_verbs`` ((code, label) pairs) in the order of INSTALLED_APPS. A code declared
    twice, or too long for the column, is a configuration error."""
    catalogue: dict[str, Any] = dict(Verb.choices)
    for app_label, (code, label) in collect("audit_verbs"):
        code = str(code)
        if code in catalogue:
            raise ImproperlyConfigured(f"{app_label}: audit verb {code!r} is declared twice.")
        if len(code) > VERB_MAX_LENGTH:
            raise ImproperlyConfigured(f"{app_label}: audit verb {code!r} is too long.")
        catalogue[code] = label
    return catalogue


def verb_label(code: str) -> str:
    """How people read a verb (``report.approve`` → 审核通过); an unknown code reads as itself."""
    label = verb_catalogue().get(code)
    return str(label) if label is not None else code


def verb_choices() -> list[tuple[str, Any]]:
    """(code, label) of every verb, for filters."""
    return list(verb_catalogue().items())
