"""Who may see and do what in the register (need to know, issue 12 item 7).

- an enterprise user (企业用户) sees its own enterprise only (``EnterpriseAccount``);
- a township's or the development zone's liaison and head see the enterprises located there
  (the development zone also those marked 开发区内), any unit's the enterprises paired with it;
- the plan office and the statistics bureau see every enterprise of their region (a city's or
  province's reaches the counties below);
- a leader sees the enterprises paired with them in full, and the rest only as aggregates
  (``can_see_aggregates``);
- the three administrators see none (三员分立: they keep the system, not its data).

Out of scope is a 404 (the selectors return nothing); in scope but not allowed is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.orgs.choices import UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.enterprises.models import Enterprise
    from gongye.enterprises.models.register import EnterpriseQuerySet

# who reads the whole register of their region
REGISTER_KEEPERS = {Role.PLAN_OFFICE, Role.STATISTICS}
# who reads the register at all (some of it)
READERS = {
    Role.PLAN_OFFICE,
    Role.STATISTICS,
    Role.LEADER,
    Role.LIAISON,
    Role.UNIT_HEAD,
    Role.ENTERPRISE,
}


def enterprises_visible_to(user: User | AnonymousUser | None) -> EnterpriseQuerySet:
    """The enterprises ``user``, in the role they act in now, may open one by one."""
    from gongye.enterprises.models import Enterprise

    acting = acting_of(user)
    base = Enterprise.objects.all()
    if acting is None or acting.role not in READERS:
        return base.none()
    scoped = base.within(acting.region.path)
    if acting.role in REGISTER_KEEPERS:
        return scoped
    if acting.role == Role.LEADER:
        return scoped.filter(paired_leader_id=acting.user_id)
    if acting.role == Role.ENTERPRISE:
        return scoped.filter(accounts__user_id=acting.user_id)
    # liaison or unit head: where their unit is, and what is paired with it
    if acting.unit_id is None:
        return scoped.none()
    where = Q(township_id=acting.unit_id) | Q(paired_unit_id=acting.unit_id)
    if acting.unit is not None and acting.unit.kind == UnitKind.DEV_ZONE:
        where |= Q(in_dev_zone=True)
    return scoped.filter(where)


def can_read_register(user: User | AnonymousUser) -> Decision:
    """The register's pages (the list, one enterprise): whoever has some enterprise to see."""
    return require_role_in(user, READERS, _("查看企业库"))


def can_see_aggregates(user: User | AnonymousUser) -> Decision:
    """Sums and counts over the whole region's register (the leaders' view of the rest)."""
    return require_role_in(user, REGISTER_KEEPERS | {Role.LEADER}, _("查看全县企业汇总数据"))


def can_manage_register(user: User | AnonymousUser) -> Decision:
    """The plan office registers enterprises, edits them, pairs leaders and links accounts."""
    return require_role_in(user, {Role.PLAN_OFFICE}, _("管理企业库"))


def can_import_figures(user: User | AnonymousUser) -> Decision:
    """The statistics bureau imports its monthly sheets; the plan office may too."""
    return require_role_in(user, REGISTER_KEEPERS, _("导入统计月报"))


def can_enter_figures(user: User | AnonymousUser, enterprise: Enterprise) -> Decision:
    """An enterprise files its own monthly figures; the statistics bureau corrects any in its
    region (the enterprise must be visible already: out of scope is a 404)."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if acting.role == Role.STATISTICS:
        return ALLOW
    if (
        acting.role == Role.ENTERPRISE
        and enterprise.accounts.filter(user_id=acting.user_id).exists()
    ):
        return ALLOW
    return deny(_("只有本企业用户或统计局可以填报企业月度数据。"))
