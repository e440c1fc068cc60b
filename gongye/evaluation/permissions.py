"""Who may do what in the per-mu evaluation (亩均论英雄).

- the plan office (计划办/科技经信局) of a region keeps its schemes, runs the evaluation,
  publishes (公示) and decides appeals;
- leaders and the statistics bureau read the region's runs and results;
- an enterprise user reads its own enterprise's published results and files appeals on them
  within the 公示 window;
- the three administrators see none of it (三员分立).

Out of scope is a 404 (the selectors return nothing); in scope but not allowed is a 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.core.permissions import ALLOW, Decision, deny, require_role_in
from gongye.core.roles import Role
from gongye.core.scope import acting_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.evaluation.models import EvaluationAppeal, EvaluationResult, EvaluationRun

MANAGERS = {Role.PLAN_OFFICE}
READERS = {Role.PLAN_OFFICE, Role.LEADER, Role.STATISTICS}


def can_manage_evaluation(user: User | AnonymousUser) -> Decision:
    """Schemes, runs, publishing and appeals' decisions: the plan office."""
    return require_role_in(user, MANAGERS, _("管理亩均评价"))


def can_read_evaluation(user: User | AnonymousUser) -> Decision:
    """The region's runs and results: the plan office, leaders, the statistics bureau."""
    return require_role_in(user, READERS, _("查看亩均评价结果"))


def can_read_own_result(user: User | AnonymousUser) -> Decision:
    return require_role_in(user, READERS | {Role.ENTERPRISE}, _("查看亩均评价结果"))


def can_publish(user: User | AnonymousUser, run: EvaluationRun) -> Decision:
    return can_manage_evaluation(user)


def can_decide_appeal(user: User | AnonymousUser, appeal: EvaluationAppeal) -> Decision:
    return require_role_in(user, MANAGERS, _("处理评价异议"))


def can_file_appeal(user: User | AnonymousUser, result: EvaluationResult) -> Decision:
    """An enterprise user on its own published result, within the 公示 window."""
    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return deny(_("只有企业用户可以对本企业的评价结果提出异议。"))
    if not result.enterprise.accounts.filter(user_id=acting.user_id).exists():
        return deny(_("只能对本企业的评价结果提出异议。"))
    run = result.run
    if run.status != "published":
        return deny(_("评价结果尚未公示，不能提出异议。"))
    if run.appeal_until and timezone.localdate() > run.appeal_until:
        return deny(_("异议期已于%(date)s截止。") % {"date": run.appeal_until.isoformat()})
    if type(run).objects.published_after(run).exists():
        return deny(_("该结果已被重新评价的结果替代，请对现行结果提出异议。"))
    return ALLOW


def is_appellant(user: User | AnonymousUser, appeal: EvaluationAppeal) -> Decision:
    """The one who filed an appeal may withdraw it while it waits."""
    acting = acting_of(user)
    if acting is not None and acting.user_id == appeal.filed_by_id:
        return ALLOW
    return deny(_("只有提出异议的企业用户可以撤回。"))
