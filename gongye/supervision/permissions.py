"""Every decision about 督办's objects: who sees tasks, who reports, who takes which step of a
report's review (the edges of ``workflows.REPORT_WORKFLOW`` name these functions), and who
adjusts a task. Each answers a ``Decision`` that says why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.plans.choices import UnitRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.plans.models import Task
    from gongye.supervision.models import ProgressReport

# Who sees the whole region's tasks; liaisons and unit heads see their unit's duties only.
REGION_WIDE = {Role.PLAN_OFFICE, Role.LEADER, Role.STATISTICS}
UNIT_SCOPED = {Role.LIAISON, Role.UNIT_HEAD}
# Who takes a step of a report's review: the unit head approves (审核), the plan office
# accepts (验收), the lead unit adopts a contribution (采纳), a liaison withdraws its own (撤回).
REVIEWERS = {Role.UNIT_HEAD, Role.PLAN_OFFICE, Role.LIAISON}


def can_supervise_view(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, REGION_WIDE | UNIT_SCOPED, _("查看督办事项"))


def is_unit_scoped(user: User | AnonymousUser) -> bool:
    """Whether the person sees its own unit's duties only (liaisons and unit heads)."""
    acting = acting_of(user)
    return acting is not None and acting.role in UNIT_SCOPED


def units_acting_for(unit_id: int) -> list[int]:
    """The unit itself and the groups it belongs to: a task given to 相关乡镇 is every
    township's task (a group unit stands for its members)."""
    from gongye.orgs.models import Unit

    return [unit_id, *Unit.objects.filter(members=unit_id).values_list("pk", flat=True)]


def duty_of(user: User | AnonymousUser, task: Task) -> str | None:
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


def can_report(user: User | AnonymousUser, task: Task) -> Decision:
    """The liaison of a lead unit reports; of a cooperating unit, contributes to the lead.
    (One report of a unit under review at a time is a rule of the task's state, not of the
    person: ``open_report_of``, refused by the service as wrong input.)"""
    acting = acting_of(user)
    if acting is None or acting.role != Role.LIAISON:
        return deny(_("只有承担该任务的单位联络员可以报送进展。"))
    if duty_of(user, task) is None:
        return deny(_("本单位不承担这项任务。"))
    if not task.is_active:
        return deny(_("这项任务已撤销。"))
    state = getattr(task, "supervision", None)
    if state is not None and state.closed_at is not None:
        return deny(_("这项任务已验收办结。"))
    return ALLOW


def open_report_of(user: User | AnonymousUser, task: Task) -> ProgressReport | None:
    """The acting unit's report on the task still under review, if any: the unit files its
    next one when this one is reviewed, or after withdrawing it (before its head approves)."""
    from gongye.supervision.choices import OPEN_REPORT_STATUSES
    from gongye.supervision.models import ProgressReport

    acting = acting_of(user)
    if acting is None or acting.unit_id is None:
        return None
    return (
        ProgressReport.objects.filter(
            task=task, unit_id=acting.unit_id, status__in=OPEN_REPORT_STATUSES
        )
        .order_by("-created_at")
        .first()
    )


def open_report_message(report: ProgressReport) -> str:
    return _("本单位对这项任务已有一份报告在审核中（%(status)s），请等审核完成或撤回后再报送。") % {
        "status": report.status_label
    }


def can_review_reports(user: User | AnonymousUser) -> Decision:
    """Only unit heads (审核) and the plan office (验收) review reports at all; anyone else is
    refused before the report is looked up, so the answer says nothing about which reports
    exist (issue 4: a township liaison gets 403 on approving)."""
    return require_role_in(user, REVIEWERS, _("审核或验收进展报告"))


def can_use_progress_sheet(user: User | AnonymousUser) -> Decision:
    """Liaisons report (issue 4: the lead unit reports), so only they use the sheet."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.LIAISON or acting.unit_id is None:
        return deny(_("只有单位联络员可以下载和上传进展报送表。"))
    return ALLOW


def can_approve(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """The unit head (分管负责人) approves — or returns — the unit's own report before it goes
    up (the edges from 待单位审核)."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.UNIT_HEAD:
        return deny(_("只有报送单位的负责人可以审核。"))
    if acting.unit_id != report.unit_id:
        return deny(_("只能审核本单位的报告。"))
    return ALLOW


def can_accept(user: User | AnonymousUser, task: Task) -> Decision:
    """The plan office of the task's region accepts (closes) or returns a report, and adjusts
    tasks."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.PLAN_OFFICE:
        return deny(_("只有督办（计划办）可以验收、退回或调整任务。"))
    if not task.plan.region.path.startswith(acting.region.path):
        return deny(_("只能督办本区划的任务。"))
    return ALLOW


def can_accept_report(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """The edges from 待督办验收: the plan office over the report's task."""
    return can_accept(user, report.task)


def can_adopt(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """A cooperating unit's approved contribution is taken up (采纳) — or sent back — by the
    lead unit (its liaison or head), whose report sums it up, or by the plan office."""
    if can_accept(user, report.task):
        return ALLOW
    acting = acting_of(user)
    if acting is None or acting.role not in UNIT_SCOPED:
        return deny(_("配合单位的报送由牵头单位或督办（计划办）采纳。"))
    if duty_of(user, report.task) != UnitRole.LEAD:
        return deny(_("只有牵头单位可以采纳配合单位的报送。"))
    return ALLOW


def can_return_approved(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """Who sends back an approved report: the plan office; for a contribution, also the lead
    unit that takes it up."""
    from gongye.supervision.choices import ReportKind

    if report.kind == ReportKind.CONTRIBUTION:
        return can_adopt(user, report)
    return can_accept_report(user, report)


def can_withdraw(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """A liaison of the reporting unit withdraws the report before its head has approved it
    (to correct it, or file a newer one)."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.LIAISON or acting.unit_id != report.unit_id:
        return deny(_("只有报送单位的联络员可以撤回本单位的报告。"))
    return ALLOW


def can_review(user: User | AnonymousUser, report: ProgressReport) -> Decision:
    """Whether the person has any part in this report's review (a step of it). Asked before
    the report's stage, so someone with no part is refused (403) whatever the stage."""
    approve = can_approve(user, report)
    if approve:
        return approve
    for decision in (
        can_accept_report(user, report),
        can_withdraw(user, report),
        can_adopt(user, report) if _is_contribution(report) else deny(""),
    ):
        if decision:
            return ALLOW
    return approve


def _is_contribution(report: ProgressReport) -> bool:
    from gongye.supervision.choices import ReportKind

    return report.kind == ReportKind.CONTRIBUTION


def can_postpone(user: User | AnonymousUser, task: Task) -> Decision:
    """The plan office moves a deadline (延期)."""
    return can_accept(user, task)


def can_reassign(user: User | AnonymousUser, task: Task) -> Decision:
    """The plan office changes the lead and cooperating units (调整责任单位)."""
    return can_accept(user, task)


def can_split(user: User | AnonymousUser, task: Task) -> Decision:
    """The plan office splits a task into parts (拆分)."""
    return can_accept(user, task)
