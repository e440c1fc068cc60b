from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    """The one catalogue of audited actions."""

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
    TOKEN_CREATE = "token_create", _("签发接口令牌")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
