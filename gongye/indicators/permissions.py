from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Unit
    from gongye.plans.models import Plan, Target

# who reads the pages of targets (list, detail, cockpit and its exports)
READERS = {Role.PLAN_OFFICE, Role.LEADER, Role.STATISTICS, Role.LIAISON, Role.UNIT_HEAD}


def can_read_indicators(user: User) -> Decision:
    """The plan office, leaders, the statistics bureau, liaisons and unit heads read targets
    and the cockpit; enterprises and the three administrators do not."""
    return require_role_in(user, READERS, _("查看指标"))


FIGURE_WORKERS = {Role.PLAN_OFFICE, Role.STATISTICS, Role.LIAISON}


def can_work_on_figures(user: User) -> Decision:
    """Whoever enters figures (liaisons of owning units, the statistics bureau) or reviews
    them and sets targets up (the plan office): the 指标数据 entry of the navigation."""
    return require_role_in(user, FIGURE_WORKERS, _("填报或审核指标数据"))


def can_record_observation(user: User, target: Target, part_unit: Unit | None = None) -> Decision:
    """The target's owning unit (its liaison) and the statistics bureau enter figures, for the
    whole and for its parts; a township's or the development zone's liaison enters the figures
    of its own part of a cascaded target (分解到本乡镇的部分)."""
    acting = acting_of(user)
    if acting is None:
        return deny(_("您的账号尚未分配角色，请联系安全管理员。"))
    if not target.plan.region.path.startswith(acting.region.path):
        return deny(_("只能填报本区划的指标。"))
    if acting.role == Role.STATISTICS:
        return ALLOW
    owner = getattr(target, "owner", None)
    if acting.role == Role.LIAISON and owner is not None and owner.unit_id == acting.unit_id:
        return ALLOW
    if acting.role == Role.LIAISON and part_unit is not None and part_unit.pk == acting.unit_id:
        return ALLOW
    return deny(
        _(
            "只有指标责任单位的联络员或统计局可以填报指标数据；乡镇、开发区只能填报本单位的分解部分。"
        )
    )


def can_record_some_part(user: User, target: Target) -> bool:
    """Whether the acting liaison's unit holds a part of ``target`` (so the entry form offers
    the target for that part)."""
    acting = acting_of(user)
    return (
        acting is not None
        and acting.role == Role.LIAISON
        and acting.unit_id is not None
        and target.plan.region.path.startswith(acting.region.path)
        and target.parts.filter(unit_id=acting.unit_id).exists()
    )


def can_manage_plan_targets(user: User, plan: Plan) -> Decision:
    """The plan office approves figures and names each target's owning unit."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以审核指标数据或指定责任单位。"))
    if not plan.region.path.startswith(acting.region.path):
        return deny(_("只能管理本区划的指标。"))
    return ALLOW


def can_manage_targets(user: User, target: Target) -> Decision:
    return can_manage_plan_targets(user, target.plan)


def can_import_statistics(user: User, plan: Plan) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role != Role.STATISTICS:
        return deny(_("只有统计局可以导入统计数据表。"))
    if not plan.region.path.startswith(acting.region.path):
        return deny(_("只能导入本区划的统计数据。"))
    return ALLOW
