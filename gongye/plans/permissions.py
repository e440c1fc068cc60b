from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.orgs.models import Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

# The plan is the county's published document (政府公开的年度工作计划): everyone with a
# business role in the county reads it whole, enterprises included. What the units report on
# it (督办: reports, evidence) is not published: those pages keep their own scope.
_PLAN_READERS: set[str] = {
    Role.PLAN_OFFICE,
    Role.LIAISON,
    Role.UNIT_HEAD,
    Role.LEADER,
    Role.STATISTICS,
    Role.ENTERPRISE,
}


def can_view_plans(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, _PLAN_READERS, _("查看工作计划"))


def can_import_plan(user: User | AnonymousUser, region: Region | None) -> Decision:
    """The plan office (督办) imports and revises its own region's plan."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以导入或修订工作计划。"))
    if region is None or acting.region_id != region.pk:
        return deny(_("只能导入本区划的工作计划。"))
    return ALLOW
