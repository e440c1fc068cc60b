"""Authorisation answers that say why: ``can_<verb>(user, obj) -> Decision``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from gongye.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Out of scope is a 404 decided by the selectors; here the object is in scope."""
        if not self.allowed:
            raise PermissionDenied(self.reason or "您无权执行此操作。")


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, reason)


def require_role_in(user: User | AnonymousUser, roles: Collection[str], what: str) -> Decision:
    """Allows the roles named; otherwise says which role the user acts in and what it may not do."""
    from gongye.core.scope import acting_of

    acting = acting_of(user)
    if acting is None:
        return deny("您的账号尚未分配角色，请联系安全管理员。")
    if acting.role not in roles:
        return deny(f"“{acting.get_role_display()}”角色不能{what}。")
    return ALLOW


def allow_any(user: User | AnonymousUser) -> Decision:
    """For entries every signed-in person may see (the 工作台)."""
    return ALLOW


def only_role(user: User | AnonymousUser, role: Role, what: str) -> Decision:
    """Allows exactly one role; the reason names it (三员分立: each administrator alone)."""
    from gongye.core.scope import acting_of

    acting = acting_of(user)
    if acting is not None and acting.role == role:
        return ALLOW
    return deny(f"只有{role.label}可以{what}（三员分立）。")
