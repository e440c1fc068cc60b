from __future__ import annotations

from typing import Any

from gongye.core.permissions import ALLOW, Decision, deny
from gongye.orgs.models import Region

_PLAN_READERS = {"plan_office", "liaison", "unit_head", "leader", "statistics"}


def _acting(user: Any):
    if user is None or not user.is_authenticated:
        return None
    return user.acting


def can_view_plans(user: Any) -> Decision:
    acting = _acting(user)
    if acting is None:
        return deny("您的账号尚未分配角色，请联系安全管理员。")
    if acting.role not in _PLAN_READERS:
        return deny(f"“{acting.get_role_display()}”角色不能查看工作计划。")
    return ALLOW


def can_import_plan(user: Any, region: Region) -> Decision:
    """The plan office (督办) imports and revises its own region's plan."""
    acting = _acting(user)
    if acting is None or acting.role != "plan_office":
        return deny("只有督办（计划办）可以导入或修订工作计划。")
    if acting.region_id != region.pk:
        return deny("只能导入本区划的工作计划。")
    return ALLOW
