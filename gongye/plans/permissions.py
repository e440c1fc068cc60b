from __future__ import annotations

from typing import Any

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.scope import acting_of
from gongye.orgs.models import Region

_PLAN_READERS = {"plan_office", "liaison", "unit_head", "leader", "statistics"}


def can_view_plans(user: Any) -> Decision:
    return require_role_in(user, _PLAN_READERS, "查看工作计划")


def can_import_plan(user: Any, region: Region) -> Decision:
    """The plan office (督办) imports and revises its own region's plan."""
    acting = acting_of(user)
    if acting is None or acting.role != "plan_office":
        return deny("只有督办（计划办）可以导入或修订工作计划。")
    if acting.region_id != region.pk:
        return deny("只能导入本区划的工作计划。")
    return ALLOW
