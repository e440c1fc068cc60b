"""Who may manage accounts and roles (三员分立: each administrator alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongye.core.permissions import Decision, only_role
from gongye.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User


def can_manage_accounts(user: User | AnonymousUser) -> Decision:
    """系统管理员: creates, edits, disables, unlocks accounts and resets passwords."""
    return only_role(user, Role.SYS_ADMIN, "管理账号")


def can_manage_roles(user: User | AnonymousUser) -> Decision:
    """安全管理员: grants and revokes roles and sets the security policy."""
    return only_role(user, Role.SEC_ADMIN, "分配角色和设置安全策略")
