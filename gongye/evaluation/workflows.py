"""The evaluation's two state machines, as explicit maps (the house's workflow kit).

A run (``RUN_WORKFLOW``): 试算 (draft) → 公示 (published: immutable from then on, open to
appeals until its date) or → 作废 (discarded). Both end the story: a change after 公示 is a
new run that supersedes it.

An appeal (``APPEAL_WORKFLOW``): 待处理 → 异议成立 (upheld: a new draft run with the corrected
figure, for the office to check and publish) / 异议不成立 (rejected) by the plan office, or
→ 已撤回 by the enterprise user who filed it. All three end it; the enterprise is told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.workflow import Edge, Workflow
from gongye.evaluation.choices import AppealStatus, EvaluationVerb, RunStatus
from gongye.evaluation.permissions import can_decide_appeal, can_publish, is_appellant

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.evaluation.models import EvaluationAppeal, EvaluationRun

R = RunStatus
V = EvaluationVerb
RUN_WORKFLOW: Workflow[User, EvaluationRun] = Workflow(
    noun=_("评价批次"),
    field="status",
    states=RunStatus,
    initial=R.DRAFT,
    final_states={R.PUBLISHED, R.DISCARDED},
    record=audit_record,
    edges=[
        Edge(R.DRAFT, R.PUBLISHED, "publish", V.RUN_PUBLISH, V.RUN_PUBLISH.label, can_publish),
        Edge(R.DRAFT, R.DISCARDED, "discard", V.RUN_DISCARD, V.RUN_DISCARD.label, can_publish),
    ],
)

P = AppealStatus
APPEAL_WORKFLOW: Workflow[User, EvaluationAppeal] = Workflow(
    noun=_("评价异议"),
    field="status",
    states=AppealStatus,
    initial=P.FILED,
    final_states={P.UPHELD, P.REJECTED, P.WITHDRAWN},
    record=audit_record,
    edges=[
        Edge(
            P.FILED, P.UPHELD, "uphold", V.APPEAL_UPHOLD, V.APPEAL_UPHOLD.label, can_decide_appeal
        ),
        Edge(
            P.FILED, P.REJECTED, "reject", V.APPEAL_REJECT, V.APPEAL_REJECT.label, can_decide_appeal
        ),
        Edge(
            P.FILED,
            P.WITHDRAWN,
            "withdraw",
            V.APPEAL_WITHDRAW,
            V.APPEAL_WITHDRAW.label,
            is_appellant,
        ),
    ],
)
