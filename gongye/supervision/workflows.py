"""The report's review as an explicit map (issue 4; the plan's 督办 article; issue 11): a
liaison submits (待单位审核) → the unit head approves (待督办验收) or returns, or the liaison
withdraws it (已撤回) → the plan office accepts a lead report (已验收; a completion closes the
task) or returns it, which undoes what its approval did to the task. A cooperating unit's
contribution goes up the same way and is then taken up (采纳) or returned by the lead unit —
or the plan office — since the lead unit's report sums it up. Whatever is still open when the
task closes ends with it (随任务办结). Each edge names
who may take it (``permissions``); ``services.report_review`` takes them through the kit's one
transition service, which audits the edge's verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.supervision.choices import ReportKind, ReportStatus, ReviewAction, SupervisionVerb
from gongye.supervision.permissions import (
    can_accept_report,
    can_adopt,
    can_approve,
    can_return_approved,
    can_withdraw,
)

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.supervision.models import ProgressReport


def lead_report_only(report: ProgressReport) -> Decision:
    if report.kind != ReportKind.LEAD:
        return deny(_("配合单位的报送由牵头单位采纳，不由督办单独验收。"))
    return ALLOW


def contribution_only(report: ProgressReport) -> Decision:
    if report.kind != ReportKind.CONTRIBUTION:
        return deny(_("牵头单位的报告由督办（计划办）验收。"))
    return ALLOW


def task_closed(report: ProgressReport) -> Decision:
    """A report still open when its task is closed ends with the task (随任务办结)."""
    state = getattr(report.task, "supervision", None)
    if state is None or state.closed_at is None:
        return deny(_("任务尚未办结。"))
    return ALLOW


V = SupervisionVerb
S = ReportStatus
A = ReviewAction
REPORT_WORKFLOW: Workflow[User, ProgressReport] = Workflow(
    noun=_("报告"),
    field="status",
    states=ReportStatus,
    initial=S.SUBMITTED,
    final_states={S.ACCEPTED, S.RETURNED, S.WITHDRAWN, S.SUPERSEDED},
    closed_message=_("该{noun}当前状态为“{state}”，不能再审核。"),
    record=audit_record,
    edges=[
        # the unit: its head approves or returns; its liaison may withdraw until then
        Edge(
            S.SUBMITTED,
            S.APPROVED,
            A.APPROVE,
            V.REPORT_APPROVE,
            V.REPORT_APPROVE.label,
            can_approve,
        ),
        Edge(
            S.SUBMITTED, S.RETURNED, A.RETURN, V.REPORT_RETURN, V.REPORT_RETURN.label, can_approve
        ),
        Edge(
            S.SUBMITTED,
            S.WITHDRAWN,
            A.WITHDRAW,
            V.REPORT_WITHDRAW,
            V.REPORT_WITHDRAW.label,
            can_withdraw,
        ),
        # the lead unit's report: the plan office accepts (a completion closes the task)
        Edge(
            S.APPROVED,
            S.ACCEPTED,
            A.ACCEPT,
            V.REPORT_ACCEPT,
            V.REPORT_ACCEPT.label,
            can_accept_report,
            when=lead_report_only,
        ),
        # a contribution: the lead unit (or the plan office) takes it up
        Edge(
            S.APPROVED,
            S.ACCEPTED,
            A.ADOPT,
            V.REPORT_ADOPT,
            V.REPORT_ADOPT.label,
            can_adopt,
            when=contribution_only,
        ),
        # either kind goes back to its unit with a comment (an approval's effect undone)
        Edge(
            S.APPROVED,
            S.RETURNED,
            A.RETURN,
            V.REPORT_RETURN,
            V.REPORT_RETURN.label,
            can_return_approved,
        ),
        # what is still open when the task closes ends with it
        Edge(
            S.SUBMITTED,
            S.SUPERSEDED,
            A.SUPERSEDE,
            V.REPORT_SUPERSEDE,
            V.REPORT_SUPERSEDE.label,
            can_accept_report,
            when=task_closed,
        ),
        Edge(
            S.APPROVED,
            S.SUPERSEDED,
            A.SUPERSEDE,
            V.REPORT_SUPERSEDE,
            V.REPORT_SUPERSEDE.label,
            can_accept_report,
            when=task_closed,
        ),
    ],
)
REPORT_WORKFLOW.check()
