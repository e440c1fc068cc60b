"""Who a request acts as, and which part of the region tree that reaches.

Every selector starts from ``scope_path(user)``: the acting assignment's region path, so a
filter ``region__path__startswith=path`` gives that region and everything below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import RoleAssignment, User


def acting_of(user: User | AnonymousUser | None) -> RoleAssignment | None:
    """The acting role assignment, or None for anonymous users and users with no role."""
    if user is None or not user.is_authenticated:
        return None
    return user.acting


def scope_path(user: User | AnonymousUser | None) -> str | None:
    acting = acting_of(user)
    return acting.region.path if acting is not None else None


def require_acting(user: User | AnonymousUser | None) -> RoleAssignment:
    """The acting assignment of a user whom a permission check has already let through (every
    ``can_<verb>`` denies a user without a role), so that ``acting.region`` type-checks. Should
    the check be missing, the person gets the same 403 the check would have given."""
    acting = acting_of(user)
    if acting is None:
        raise PermissionDenied("您的账号尚未分配角色，请联系安全管理员。")
    return acting
