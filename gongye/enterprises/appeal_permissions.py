"""Who sees and does what with appeals (诉求). Need to know (issue 12 items 4 and 7):

- an enterprise user sees its own enterprise's appeals, raises them, and rates the answers;
- a unit (its liaisons and head) sees the appeals assigned to it and those it logged after a
  visit (四送一服); its liaisons log them and answer those assigned to it (so may its head:
  an appeal is 绿色通道, a fast lane, so the answer does not wait for a second signature —
  the head is told when one is overdue, and the plan office sees every answer);
- the plan office and the statistics bureau see all of their region's; the plan office
  assigns, returns unclear ones to their raiser, reassigns, and closes those nobody can rate;
- a leader sees the appeals of the enterprises paired with them (一对一联系).

Each ``can_*`` answers a ``Decision`` that says why not; the edges of
``appeal_workflow.APPEAL_WORKFLOW`` name them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.enterprises.appeal_choices import AppealSource
from gongye.enterprises.permissions import READERS, REGISTER_KEEPERS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.enterprises.models import Appeal, Enterprise
    from gongye.enterprises.models.appeals import AppealQuerySet

UNIT_MEMBERS = {Role.LIAISON, Role.UNIT_HEAD}


def appeals_visible_to(user: User | AnonymousUser | None) -> AppealQuerySet:
    """The appeals ``user``, in the role they act in now, may open one by one."""
    from gongye.enterprises.models import Appeal

    acting = acting_of(user)
    base = Appeal.objects.all()
    if user is None or acting is None or acting.role not in READERS:
        return base.none()
    scoped = base.within(acting.region.path)
    if acting.role in REGISTER_KEEPERS:
        return scoped
    if acting.role == Role.LEADER:
        return scoped.filter(enterprise__paired_leader_id=user.pk)
    if acting.role == Role.ENTERPRISE and user.pk is not None:
        return scoped.filter(enterprise__accounts__user_id=user.pk)
    if acting.role == Role.ENTERPRISE:
        return scoped.none()
    if acting.unit_id is None:
        return scoped.none()
    return scoped.filter(Q(unit_id=acting.unit_id) | Q(raised_unit_id=acting.unit_id))


def enterprise_of(user: User | AnonymousUser | None) -> int | None:
    """The enterprise an enterprise user signs in for (its id), if any."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return None
    account = getattr(user, "enterprise_account", None)
    return account.enterprise_id if account is not None else None


def can_view_appeals(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, READERS, _("查看企业诉求"))


def can_see_monthly_table(user: User | AnonymousUser) -> Decision:
    """The monthly appeals table (for the dispatch bulletin): the region's whole picture."""
    return require_role_in(user, REGISTER_KEEPERS | {Role.LEADER}, _("查看诉求办理月报"))


def can_raise_appeal(user: User | AnonymousUser) -> Decision:
    """An enterprise user raises appeals for its own enterprise."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return deny(_("只有企业用户可以提出诉求；单位走访登记请在企业页面操作。"))
    if enterprise_of(user) is None:
        return deny(_("您的账号尚未关联企业，请联系科技经信局。"))
    return ALLOW


def can_log_appeal(user: User | AnonymousUser, enterprise: Enterprise) -> Decision:
    """A unit's liaison logs an appeal heard on a visit (四送一服) for an enterprise it sees
    (the enterprise being in scope is the selector's 404)."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.LIAISON or acting.unit_id is None:
        return deny(_("只有单位联络员可以登记走访中收集的企业诉求。"))
    if not enterprise.is_active:
        return deny(_("该企业已不在册。"))
    return ALLOW


def _plan_office(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以交办、退回或办结诉求。"))
    return ALLOW


def can_assign(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    return _plan_office(user, appeal)


def can_close(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    return _plan_office(user, appeal)


def is_raiser(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    """The raiser: the enterprise's users for an appeal it raised, the logging unit's
    liaisons for one logged after a visit."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if appeal.source == AppealSource.ENTERPRISE:
        if acting.role == Role.ENTERPRISE and enterprise_of(user) == appeal.enterprise_id:
            return ALLOW
        return deny(_("只有提出诉求的企业可以修改或撤回。"))
    if acting.role == Role.LIAISON and acting.unit_id == appeal.raised_unit_id:
        return ALLOW
    return deny(_("只有登记该诉求的单位联络员可以修改或撤回。"))


def can_answer(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role not in UNIT_MEMBERS or acting.unit_id is None:
        return deny(_("只有承办单位的联络员或负责人可以答复诉求。"))
    if acting.unit_id != appeal.unit_id:
        return deny(_("该诉求不是交办给本单位的。"))
    return ALLOW


def can_rate(user: User | AnonymousUser, appeal: Appeal) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return deny(_("只有提出诉求的企业可以评价答复。"))
    if enterprise_of(user) != appeal.enterprise_id:
        return deny(_("只有本企业用户可以评价答复。"))
    return ALLOW
