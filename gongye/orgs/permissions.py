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

# Roles that read the unit register (名录). The system and audit administrators do not:
# 三员分立 keeps them to accounts and to the audit log; enterprises see only their own data.
_REGISTER_READERS = {
    Role.PLAN_OFFICE,
    Role.LIAISON,
    Role.UNIT_HEAD,
    Role.LEADER,
    Role.STATISTICS,
    Role.SEC_ADMIN,
}


def can_view_unit_register(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, _REGISTER_READERS, _("查看单位名录"))


def can_manage_units(user: User | AnonymousUser, region: Region) -> Decision:
    """The plan office (督办) keeps its own region's unit register up to date."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以维护单位名录。"))
    if not region.path.startswith(acting.region.path):
        return deny(_("只能维护本区划的单位。"))
    return ALLOW
