from __future__ import annotations

from typing import Any

from gongye.accounts.choices import Role
from gongye.core.permissions import ALLOW, Decision, deny


def _role(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    acting = user.acting
    return acting.role if acting is not None else None


def _only(user: Any, role: Role, what: str) -> Decision:
    if _role(user) == role:
        return ALLOW
    return deny(f"只有{role.label}可以{what}（三员分立）。")


def can_manage_accounts(user: Any) -> Decision:
    """系统管理员: creates, edits, disables, unlocks accounts and resets passwords."""
    return _only(user, Role.SYS_ADMIN, "管理账号")


def can_manage_roles(user: Any) -> Decision:
    """安全管理员: grants and revokes roles and sets the security policy."""
    return _only(user, Role.SEC_ADMIN, "分配角色和设置安全策略")


def can_read_audit(user: Any) -> Decision:
    """审计管理员 alone reads and exports the audit log; the system admin may not."""
    return _only(user, Role.AUDIT_ADMIN, "查看审计日志")
