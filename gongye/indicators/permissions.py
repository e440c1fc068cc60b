from __future__ import annotations

from typing import Any

from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.scope import acting_of


def can_record_observation(user: Any, target) -> Decision:
    """The target's owning unit (its liaison) and the statistics bureau enter figures."""
    acting = acting_of(user)
    if acting is None:
        return deny("您的账号尚未分配角色，请联系安全管理员。")
    if not target.plan.region.path.startswith(acting.region.path):
        return deny("只能填报本区划的指标。")
    if acting.role == "statistics":
        return ALLOW
    owner = getattr(target, "owner", None)
    if acting.role == "liaison" and owner is not None and owner.unit_id == acting.unit_id:
        return ALLOW
    return deny("只有指标责任单位的联络员或统计局可以填报指标数据。")


def can_manage_plan_targets(user: Any, plan) -> Decision:
    """The plan office approves figures and names each target's owning unit."""
    acting = acting_of(user)
    if acting is None or acting.role != "plan_office":
        return deny("只有督办（计划办）可以审核指标数据或指定责任单位。")
    if not plan.region.path.startswith(acting.region.path):
        return deny("只能管理本区划的指标。")
    return ALLOW


def can_manage_targets(user: Any, target) -> Decision:
    return can_manage_plan_targets(user, target.plan)


def can_import_statistics(user: Any, plan) -> Decision:
    acting = acting_of(user)
    if acting is None or acting.role != "statistics":
        return deny("只有统计局可以导入统计数据表。")
    if not plan.region.path.startswith(acting.region.path):
        return deny("只能导入本区划的统计数据。")
    return ALLOW
