from __future__ import annotations

from typing import Any

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.scope import acting_of
from gongye.plans.choices import UnitRole

# Who sees the whole region's tasks; liaisons and unit heads see their unit's duties only.
REGION_WIDE = {"plan_office", "leader", "statistics"}
UNIT_SCOPED = {"liaison", "unit_head"}


def can_supervise_view(user: Any) -> Decision:
    return require_role_in(user, REGION_WIDE | UNIT_SCOPED, "查看督办事项")


def units_acting_for(unit_id: int) -> list[int]:
    """The unit itself and the groups it belongs to: a task given to 相关乡镇 is every
    township's task (a group unit stands for its members)."""
    from gongye.orgs.models import Unit

    return [unit_id, *Unit.objects.filter(members=unit_id).values_list("pk", flat=True)]


def duty_of(user: Any, task) -> str | None:
    """The acting unit's duty on the task: lead, cooperating, or None."""
    acting = acting_of(user)
    if acting is None or acting.unit_id is None:
        return None
    mine = set(units_acting_for(acting.unit_id))
    roles = {tu.role for tu in task.task_units.all() if tu.unit_id in mine}
    if UnitRole.LEAD in roles:
        return UnitRole.LEAD
    if UnitRole.COOPERATING in roles:
        return UnitRole.COOPERATING
    return None


def can_report(user: Any, task) -> Decision:
    """The liaison of a lead unit reports; of a cooperating unit, contributes to the lead."""
    acting = acting_of(user)
    if acting is None or acting.role != "liaison":
        return deny("只有承担该任务的单位联络员可以报送进展。")
    if duty_of(user, task) is None:
        return deny("本单位不承担这项任务。")
    if not task.is_active:
        return deny("这项任务已撤销。")
    state = getattr(task, "supervision", None)
    if state is not None and state.closed_at is not None:
        return deny("这项任务已验收办结。")
    return ALLOW


def can_review_reports(user: Any) -> Decision:
    """Only unit heads (审核) and the plan office (验收) review reports at all; anyone else is
    refused before the report is looked up, so the answer says nothing about which reports
    exist (issue 4: a township liaison gets 403 on approving)."""
    return require_role_in(user, {"unit_head", "plan_office"}, "审核或验收进展报告")


def can_use_progress_sheet(user: Any) -> Decision:
    """Liaisons report (issue 4: the lead unit reports), so only they use the sheet."""
    acting = acting_of(user)
    if acting is None or acting.role != "liaison" or acting.unit_id is None:
        return deny("只有单位联络员可以下载和上传进展报送表。")
    return ALLOW


def can_approve(user: Any, report) -> Decision:
    """The unit head (分管负责人) approves the unit's own report before it goes up."""
    acting = acting_of(user)
    if acting is None or acting.role != "unit_head":
        return deny("只有报送单位的负责人可以审核。")
    if acting.unit_id != report.unit_id:
        return deny("只能审核本单位的报告。")
    return ALLOW


def can_accept(user: Any, task) -> Decision:
    """The plan office accepts (closes) or returns a report, and adjusts tasks."""
    acting = acting_of(user)
    if acting is None or acting.role != "plan_office":
        return deny("只有督办（计划办）可以验收、退回或调整任务。")
    if not task.plan.region.path.startswith(acting.region.path):
        return deny("只能督办本区划的任务。")
    return ALLOW
