"""Who a request acts as, and which part of the region tree that reaches.

The acting assignment's region path (``scope_path(user)``) reaches that region and everything
below it. Selectors read through ``Model.objects.in_scope(user)`` (``ScopedQuerySet``), which
knows where each model keeps its region, instead of writing the path filter by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import RoleAssignment, User

_M = TypeVar("_M", bound=models.Model)


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
        raise PermissionDenied(_("您的账号尚未分配角色，请联系安全管理员。"))
    return acting


class ScopedQuerySet(models.QuerySet[_M]):
    """Scoping in one place: ``Model.objects.in_scope(user)`` is what the acting role's region
    reaches (that region and every region below it), ``.within(path)`` the same for a region
    path given explicitly. A model says where its region is with ``region_field`` on its
    queryset (``"region"``, ``"plan__region"``, ``""`` for a region itself)."""

    region_field = "region"

    def _path_lookup(self) -> str:
        return f"{self.region_field}__path__startswith" if self.region_field else "path__startswith"

    def within(self, path: str) -> Self:
        return self.filter(**{self._path_lookup(): path})

    def in_scope(self, user: User | AnonymousUser | None) -> Self:
        path = scope_path(user)
        if path is None:
            return self.none()
        return self.within(path)
