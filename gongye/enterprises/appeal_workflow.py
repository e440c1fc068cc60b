"""An appeal's workflow (诉求, 绿色通道; issue 12 item 4) as an explicit map:

raised (待交办) → the plan office assigns it to a unit with a deadline (办理中), or returns an
unclear one to its raiser (退回补充), who resubmits it or withdraws it; the raiser may also
withdraw it before it is assigned (已撤回: final, and it counts nowhere) → the assigned unit's
liaison (or head) answers (已答复待评价); the plan office may reassign it meanwhile → the
enterprise rates the answer: 满意 or 基本满意 closes it (已办结), 不满意 reopens it to the same
unit with the comment (办理中 again, with a fresh deadline) → the plan office may close an
answered appeal nobody can rate (logged for an enterprise with no account) or one left
unrated for ``rate_days()`` days.

Every edge names who may take it (``appeal_permissions``); ``services.appeals.appeal_act``
takes them through the kit's one transition service, which audits the edge's verb."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.enterprises.appeal_choices import AppealAction, AppealStatus, AppealVerb
from gongye.enterprises.appeal_permissions import (
    can_answer,
    can_assign,
    can_close,
    can_rate,
    is_raiser,
)

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.enterprises.models import Appeal


def rate_days() -> int:
    """How long an answered appeal waits for the enterprise's rating before the plan office
    may close it unrated (``GONGYE_APPEAL_RATE_DAYS``, 15 by default)."""
    return int(getattr(settings, "GONGYE_APPEAL_RATE_DAYS", 15))


def nobody_rates_or_waited(appeal: Appeal) -> Decision:
    """The plan office closes an answer only when no one can rate it: the enterprise has no
    account, or the answer has waited ``rate_days()`` days."""
    if not appeal.enterprise.accounts.exists():
        return ALLOW
    answered = appeal.answered_at
    if answered is not None and timezone.now() - answered >= dt.timedelta(days=rate_days()):
        return ALLOW
    return deny(
        _("企业尚可评价：答复满 %(days)s 天仍未评价的，督办才可直接办结。") % {"days": rate_days()}
    )


S = AppealStatus
A = AppealAction
V = AppealVerb
APPEAL_WORKFLOW: Workflow[User, Appeal] = Workflow(
    noun=_("诉求"),
    field="status",
    states=AppealStatus,
    initial=S.RAISED,
    final_states={S.CLOSED, S.WITHDRAWN},
    closed_message=_("该{noun}当前状态为“{state}”，不能再办理。"),
    record=audit_record,
    edges=[
        Edge(S.RAISED, S.ASSIGNED, A.ASSIGN, V.ASSIGN, A.ASSIGN.label, can_assign),
        Edge(S.RAISED, S.RETURNED, A.RETURN, V.RETURN, A.RETURN.label, can_assign),
        Edge(S.RAISED, S.WITHDRAWN, A.WITHDRAW, V.WITHDRAW, A.WITHDRAW.label, is_raiser),
        Edge(S.RETURNED, S.RAISED, A.RESUBMIT, V.RESUBMIT, A.RESUBMIT.label, is_raiser),
        Edge(S.RETURNED, S.WITHDRAWN, A.WITHDRAW, V.WITHDRAW, A.WITHDRAW.label, is_raiser),
        Edge(S.ASSIGNED, S.ASSIGNED, A.REASSIGN, V.REASSIGN, A.REASSIGN.label, can_assign),
        Edge(S.ASSIGNED, S.ANSWERED, A.ANSWER, V.ANSWER, A.ANSWER.label, can_answer),
        Edge(S.ANSWERED, S.CLOSED, A.ACCEPT, V.RATE, A.ACCEPT.label, can_rate),
        Edge(S.ANSWERED, S.ASSIGNED, A.REOPEN, V.REOPEN, A.REOPEN.label, can_rate),
        Edge(
            S.ANSWERED,
            S.CLOSED,
            A.CLOSE,
            V.CLOSE,
            A.CLOSE.label,
            can_close,
            when=nobody_rates_or_waited,
        ),
    ],
)
APPEAL_WORKFLOW.check()
