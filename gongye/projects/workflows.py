"""The two state machines of the project register, as explicit maps (the house's workflow kit).

三库联动 (``PROJECT_WORKFLOW``): 储备库 → 开工 (with its proof: a 施工许可 or site photos) →
在建库 → 竣工投产 → 投产库 → 纳规 once the project's enterprise is 规上 (积树成林). The plan
office gives a project up (已终止) from 储备库 or 在建库, restores one given up, and corrects a
move made in error (each undo puts the project back where it was, its dates cleared; the files
and the history stay). 已纳规 and 已终止 end the story; only the office's correction leaves them.

问题清单交办 (``PROBLEM_WORKFLOW``): raised (待交办) → the plan office assigns it to a unit
with a deadline (办理中; reassigns it meanwhile) → the unit answers (已答复待核实) → the office
verifies and closes it (已销号) or sends it back to be done again (办理中, a fresh deadline).
Its raiser may withdraw it before it is assigned (已撤回).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.enterprises.choices import Scale
from gongye.projects.choices import (
    DocumentKind,
    ProblemAction,
    ProblemStatus,
    ProjectAction,
    ProjectStage,
    ProjectVerb,
)
from gongye.projects.permissions import (
    can_answer_problem,
    can_assign_problem,
    can_manage_project,
    can_move,
    is_problem_raiser,
)

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.projects.models import Project, ProjectProblem

START_PROOF = {DocumentKind.PERMIT, DocumentKind.PHOTO}


def has_start_proof(project: Project) -> Decision:
    """A start needs its proof on file: a construction permit or photos of the site."""
    if project.documents.filter(kind__in=START_PROOF).exists():
        return ALLOW
    return deny(_("开工须上传施工许可证或现场照片作为佐证。"))


def enterprise_is_above_scale(project: Project) -> Decision:
    """纳规 follows the register: the project's enterprise must be registered and 规上."""
    if project.enterprise is None:
        return deny(_("项目单位尚未登记入企业库，不能纳规。"))
    if project.enterprise.scale != Scale.ABOVE:
        return deny(
            _("项目单位“%(name)s”在企业库中仍为规下企业，纳规以统计认定为准。")
            % {"name": project.enterprise.name}
        )
    return ALLOW


S = ProjectStage
A = ProjectAction
V = ProjectVerb
PROJECT_WORKFLOW: Workflow[User, Project] = Workflow(
    noun=_("项目"),
    field="stage",
    states=ProjectStage,
    initial=S.RESERVE,
    final_states={S.SCALED, S.CANCELLED},
    record=audit_record,
    edges=[
        Edge(S.RESERVE, S.BUILDING, A.START, V.START, A.START.label, can_move, has_start_proof),
        Edge(S.BUILDING, S.PRODUCING, A.COMPLETE, V.COMPLETE, A.COMPLETE.label, can_move),
        Edge(
            S.PRODUCING,
            S.SCALED,
            A.SCALE,
            V.SCALE,
            A.SCALE.label,
            can_manage_project,
            enterprise_is_above_scale,
        ),
        Edge(S.RESERVE, S.CANCELLED, A.CANCEL, V.CANCEL, A.CANCEL.label, can_manage_project),
        Edge(S.BUILDING, S.CANCELLED, A.CANCEL, V.CANCEL, A.CANCEL.label, can_manage_project),
        Edge(
            S.BUILDING,
            S.RESERVE,
            A.REVERT_START,
            V.REVERT,
            A.REVERT_START.label,
            can_manage_project,
        ),
        Edge(
            S.PRODUCING,
            S.BUILDING,
            A.REVERT_COMPLETE,
            V.REVERT,
            A.REVERT_COMPLETE.label,
            can_manage_project,
        ),
        Edge(
            S.SCALED,
            S.PRODUCING,
            A.REVERT_SCALE,
            V.REVERT,
            A.REVERT_SCALE.label,
            can_manage_project,
        ),
        Edge(S.CANCELLED, S.RESERVE, A.RESTORE, V.RESTORE, A.RESTORE.label, can_manage_project),
    ],
)
PROJECT_WORKFLOW.check()

P = ProblemStatus
PA = ProblemAction
PROBLEM_WORKFLOW: Workflow[User, ProjectProblem] = Workflow(
    noun=_("项目问题"),
    field="status",
    states=ProblemStatus,
    initial=P.RAISED,
    final_states={P.CLOSED, P.WITHDRAWN},
    record=audit_record,
    edges=[
        Edge(
            P.RAISED, P.ASSIGNED, PA.ASSIGN, V.PROBLEM_ASSIGN, PA.ASSIGN.label, can_assign_problem
        ),
        Edge(
            P.RAISED,
            P.WITHDRAWN,
            PA.WITHDRAW,
            V.PROBLEM_WITHDRAW,
            PA.WITHDRAW.label,
            is_problem_raiser,
        ),
        Edge(
            P.ASSIGNED,
            P.ASSIGNED,
            PA.REASSIGN,
            V.PROBLEM_REASSIGN,
            PA.REASSIGN.label,
            can_assign_problem,
        ),
        Edge(
            P.ASSIGNED, P.ANSWERED, PA.ANSWER, V.PROBLEM_ANSWER, PA.ANSWER.label, can_answer_problem
        ),
        Edge(P.ANSWERED, P.CLOSED, PA.CLOSE, V.PROBLEM_CLOSE, PA.CLOSE.label, can_assign_problem),
        Edge(
            P.ANSWERED, P.ASSIGNED, PA.REOPEN, V.PROBLEM_REOPEN, PA.REOPEN.label, can_assign_problem
        ),
    ],
)
PROBLEM_WORKFLOW.check()
