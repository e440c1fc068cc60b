"""Authorisation answers that say why: ``can_<verb>(user, obj) -> Decision``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongye.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from gongye.accounts.models import User


@dataclass(frozen=True)
class Decision:
    allowed: bool
    # lazy (gettext_lazy, format_lazy): the page says it in the reader's language, the audit
    # log keeps it in Chinese (audit.middleware)
    reason: StrOrPromise = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Out of scope is a 404 decided by the selectors; here the object is in scope."""
        if not self.allowed:
            raise PermissionDenied(self.reason or _("您无权执行此操作。"))


ALLOW = Decision(True)


def deny(reason: StrOrPromise) -> Decision:
    return Decision(False, reason)


def require_role_in(
    user: User | AnonymousUser, roles: Collection[str], what: StrOrPromise
) -> Decision:
    """Allows the roles named; otherwise says which role the user acts in and what it may not do."""
    from gongye.core.scope import acting_of

    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role not in roles:
        return deny(
            format_lazy(_("“{role}”角色不能{what}。"), role=Role(acting.role).label, what=what)
        )
    return ALLOW


def allow_any(user: User | AnonymousUser) -> Decision:
    """For entries every signed-in person may see (the 工作台)."""
    return ALLOW


def only_role(user: User | AnonymousUser, role: Role, what: StrOrPromise) -> Decision:
    """Allows exactly one role; the reason names it (三员分立: each administrator alone)."""
    from gongye.core.scope import acting_of

    acting = acting_of(user)
    if acting is not None and acting.role == role:
        return ALLOW
    return deny(format_lazy(_("只有{role}可以{what}（三员分立）。"), role=role.label, what=what))
