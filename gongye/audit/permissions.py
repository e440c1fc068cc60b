"""Who reads the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import Decision, only_role
from gongye.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User


def can_read_audit(user: User | AnonymousUser) -> Decision:
    """审计管理员 alone reads and exports the audit log; the system admin may not (三员分立)."""
    return only_role(user, Role.AUDIT_ADMIN, _("查看审计日志"))
