from django.db import models


class Verb(models.TextChoices):
    """The one catalogue of audited actions."""

    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    LOGIN = "login", "登录"
    LOGOUT = "logout", "退出"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    UNLOCK = "unlock", "解除锁定"
    SESSION_TIMEOUT = "session_timeout", "会话超时"
    PASSWORD_CHANGE = "password_change", "修改密码"
    PASSWORD_RESET = "password_reset", "重置密码"
    ROLE_GRANT = "role_grant", "授予角色"
    ROLE_REVOKE = "role_revoke", "撤销角色"
    TOKEN_CREATE = "token_create", "签发接口令牌"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"
