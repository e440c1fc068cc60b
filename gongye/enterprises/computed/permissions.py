"""Who may mark a target "computed from the register" and who sees how it is computed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.roles import Role
from gongye.core.scope import acting_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.plans.models import Target


def can_set_computed(user: User | AnonymousUser, target: Target) -> Decision:
    """The plan office (督办) decides how the plan's targets are measured (issue 12, item 6),
    for the plans of its region."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以设置目标由系统计算。"))
    if not target.plan.region.path.startswith(acting.region.path):
        return deny(_("只能设置本区划计划的目标。"))
    return ALLOW
