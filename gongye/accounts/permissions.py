"""Who may manage accounts and roles (三员分立: each administrator alone)."""

from __future__ import annotations

from gongye.core.permissions import Decision, only_role
from gongye.core.roles import Role


def can_manage_accounts(user: object) -> Decision:
    """系统管理员: creates, edits, disables, unlocks accounts and resets passwords."""
    return only_role(user, Role.SYS_ADMIN, "管理账号")


def can_manage_roles(user: object) -> Decision:
    """安全管理员: grants and revokes roles and sets the security policy."""
    return only_role(user, Role.SEC_ADMIN, "分配角色和设置安全策略")
