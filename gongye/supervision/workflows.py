"""The report's review as an explicit map (issue 4; the plan's 督办 article): a liaison submits
(待单位审核) → the unit head approves (待督办验收) or returns → the plan office accepts (已验收; a
completion closes the task) or returns. A cooperating unit's contribution goes the same way,
except that it is not accepted on its own: the lead unit's report sums it up. Each edge names
who may take it (``permissions``); ``services.report_review`` takes them through the kit's one
transition service, which audits the edge's verb."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.supervision.choices import ReportKind, ReportStatus, ReviewAction, SupervisionVerb
from gongye.supervision.permissions import can_accept_report, can_approve

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.supervision.models import ProgressReport


def lead_report_only(report: ProgressReport) -> Decision:
    if report.kind != ReportKind.LEAD:
        return deny(_("配合单位的报送由牵头单位汇总，不单独验收。"))
    return ALLOW


V = SupervisionVerb

REPORT_WORKFLOW: Workflow[User, ProgressReport] = Workflow(
    noun=_("报告"),
    field="status",
    states=ReportStatus,
    initial=ReportStatus.SUBMITTED,
    final_states={ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    closed_message=_("该{noun}当前状态为“{state}”，不能再审核。"),
    record=audit_record,
    edges=[
        Edge(
            ReportStatus.SUBMITTED,
            ReportStatus.APPROVED,
            ReviewAction.APPROVE,
            V.REPORT_APPROVE,
            V.REPORT_APPROVE.label,
            can_approve,
        ),
        Edge(
            ReportStatus.SUBMITTED,
            ReportStatus.RETURNED,
            ReviewAction.RETURN,
            V.REPORT_RETURN,
            V.REPORT_RETURN.label,
            can_approve,
        ),
        Edge(
            ReportStatus.APPROVED,
            ReportStatus.ACCEPTED,
            ReviewAction.ACCEPT,
            V.REPORT_ACCEPT,
            V.REPORT_ACCEPT.label,
            can_accept_report,
            when=lead_report_only,
        ),
        Edge(
            ReportStatus.APPROVED,
            ReportStatus.RETURNED,
            ReviewAction.RETURN,
            V.REPORT_RETURN,
            V.REPORT_RETURN.label,
            can_accept_report,
        ),
    ],
)
REPORT_WORKFLOW.check()
