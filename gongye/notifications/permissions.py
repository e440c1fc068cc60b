"""Who may read reminders and set up the units' group robots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.orgs.models import Unit

# The roles reminders are addressed to inside a unit: its liaisons, its head, the plan office;
# and an enterprise's user, told in person of what happens to its appeals.
READER_ROLES = {Role.LIAISON, Role.UNIT_HEAD, Role.PLAN_OFFICE, Role.ENTERPRISE, Role.LEADER}


def can_read_notifications(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, READER_ROLES, _("查看督办提醒"))


def can_manage_webhooks(user: User | AnonymousUser, unit: Unit | None = None) -> Decision:
    """The plan office (督办) sets up the robots of its own region's units (the same rule as
    accepting and adjusting tasks). Without a unit: whether the user may open the settings."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以设置群机器人。"))
    if unit is not None and not unit.region.path.startswith(acting.region.path):
        return deny(_("只能设置本区划单位的群机器人。"))
    return ALLOW
