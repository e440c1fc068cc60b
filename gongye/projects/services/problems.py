"""问题清单交办 (issue 13 item 5): a problem raised on a project by its unit, a leader or the
plan office; the office assigns it to a unit with a deadline (at once, when it raises it
itself); the unit answers; the office verifies and closes it (销号) or sends it back to be
done again. The unit is told when work comes to it; whoever raised it, when it is closed.
Overdue problems escalate through the notifications app (``projects.reminders``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.orgs.assign import assignable_unit, work_deadline
from gongye.projects.choices import ProblemAction, ProblemStatus, ProjectVerb
from gongye.projects.models import Project, ProjectProblem
from gongye.projects.permissions import can_raise_problem
from gongye.projects.workflows import PROBLEM_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.core.workflow import Edge
    from gongye.orgs.models import Unit

TITLE_MAX = 100
TEXT_MAX = 4000
RECORDED = ["unit", "deadline", "answer", "reopen_comment", "closed_at"]


def _text(value: Any, field: str, label: Any, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(text) > limit:
        raise ValidationError({field: _("%(label)s不超过%(n)s字。") % {"label": label, "n": limit}})
    return text


@transaction.atomic
def problem_raise(
    *,
    actor: User,
    project: Project,
    title: str,
    content: str,
    unit: Unit | int | None = None,
    deadline: dt.date | None = None,
    is_demo: bool = False,
) -> ProjectProblem:
    """A problem on a project, waiting to be assigned; the plan office may give the unit and
    deadline at once (then it is assigned in the same step, two audit entries)."""
    can_raise_problem(actor, project).require()
    acting = require_acting(actor)
    problem = ProjectProblem.objects.create(
        project=project,
        region_id=project.region_id,
        title=_text(title, "title", _("问题"), TITLE_MAX),
        content=_text(content, "content", _("问题描述"), TEXT_MAX),
        raised_by=actor,
        raised_role=acting.role,
        raised_unit_id=acting.unit_id,
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        verb=ProjectVerb.PROBLEM_RAISE,
        target=problem,
        parent=project,
        after={"status": problem.status, "title": problem.title, "project": project.pk},
    )
    if unit is not None and acting.role == Role.PLAN_OFFICE:
        problem = problem_act(
            actor=actor, problem=problem, action=ProblemAction.ASSIGN, unit=unit, deadline=deadline
        )
    return problem


@transaction.atomic
def problem_act(
    *,
    actor: User,
    problem: ProjectProblem,
    action: str,
    unit: Unit | int | None = None,
    deadline: dt.date | None = None,
    answer: str = "",
    comment: str = "",
) -> ProjectProblem:
    """One step of ``PROBLEM_WORKFLOW`` by the one it belongs to: assign / reassign need a unit
    and a deadline; answer the answer; reopen a comment and a fresh deadline; close and
    withdraw nothing. A step that does not fit is wrong input (400), someone else's is 403."""
    if action not in ProblemAction.values:
        raise ValidationError({"action": _("未知的办理操作。")})
    now = timezone.now()
    today = timezone.localdate(now)
    comment = str(comment or "").strip()[:TEXT_MAX]

    def apply(obj: ProjectProblem, edge: Edge[User, ProjectProblem]) -> None:
        if edge.action in (ProblemAction.ASSIGN, ProblemAction.REASSIGN):
            obj.unit = assignable_unit(obj.region_id, unit)
            obj.deadline = work_deadline(deadline, today)
            obj.assigned_at = now
        elif edge.action == ProblemAction.ANSWER:
            obj.answer = _text(answer, "answer", _("办理情况"), TEXT_MAX)
            obj.answered_by, obj.answered_at = actor, now
        elif edge.action == ProblemAction.REOPEN:
            if not comment:
                raise ValidationError({"comment": _("退回重办时请说明原因。")})
            obj.reopen_comment = comment
            obj.reopen_count += 1
            obj.deadline = work_deadline(deadline, today)
        elif edge.action == ProblemAction.CLOSE:
            obj.closed_at = now

    step = PROBLEM_WORKFLOW.transition(
        actor=actor,
        obj=problem,
        action=action,
        apply=apply,
        fields=RECORDED,
        extra={"comment": comment} if comment else None,
        parent=problem.project,
        queryset=ProjectProblem.objects.select_related("project", "region", "unit"),
    )
    problem = step.obj
    if action in (ProblemAction.ASSIGN, ProblemAction.REASSIGN, ProblemAction.REOPEN):
        _tell_unit(problem, action)
    elif action == ProblemAction.CLOSE:
        _tell_raiser(problem)
    return problem


def _message(
    problem: ProjectProblem, rule: str, label: Any, title: Any, body: Any, **to: Any
) -> Any:
    from gongye.notifications.rules import Message

    return Message(
        subject_type=problem._meta.label_lower,
        subject_id=str(problem.pk),
        link=reverse("projects:problem_detail", args=[problem.pk]),
        region_code=problem.region.code,
        rule=rule,
        rule_label=str(label)[:50],
        audience=to.pop("audience"),
        unit=to.pop("unit", None),
        user=to.pop("user", None),
        title=str(title)[:200],
        body=str(body),
    )


def _tell_unit(problem: ProjectProblem, action: str) -> None:
    """The assigned unit's liaisons learn at once (我的提醒, e-mail, the unit's robots)."""
    from gongye.notifications.engine import notify

    assert problem.unit is not None and problem.deadline is not None
    with translation.override(settings.LANGUAGE_CODE):
        reopened = action == ProblemAction.REOPEN
        label = _("项目问题退回重办") if reopened else _("项目问题交办")
        values = {
            "label": label,
            "project": problem.project.name,
            "title": problem.title,
            "due": date_zh(problem.deadline),
            "unit": problem.unit.name,
            "comment": problem.reopen_comment,
        }
        title = _("【%(label)s】%(project)s：%(title)s（办理时限%(due)s）") % values
        if reopened:
            body = (
                _(
                    "%(unit)s：督办（计划办）核实后退回重办，意见：%(comment)s。请在%(due)s前重新办理并答复。"
                )
                % values
            )
        else:
            body = (
                _(
                    "%(unit)s：项目“%(project)s”的问题“%(title)s”交你单位办理，请在%(due)s前答复办理情况。"
                )
                % values
            )
        message = _message(
            problem,
            "problem_reopened" if reopened else "problem_assigned",
            label,
            title,
            body,
            audience=Role.LIAISON,
            unit=problem.unit,
        )
    notify(message)


def _tell_raiser(problem: ProjectProblem) -> None:
    """Whoever raised the problem learns it is solved (in person: a leader has no unit)."""
    from gongye.notifications.engine import notify

    raiser = problem.raised_by
    if not raiser.is_active or problem.status != ProblemStatus.CLOSED:
        return
    with translation.override(settings.LANGUAGE_CODE):
        label = _("项目问题销号")
        title = _("【项目问题销号】%(project)s：%(title)s") % {
            "project": problem.project.name,
            "title": problem.title,
        }
        body = _(
            "您提出的项目问题“%(title)s”已由%(unit)s办结，督办（计划办）核实销号。办理情况：%(answer)s"
        ) % {
            "title": problem.title,
            "unit": problem.unit.name if problem.unit else "",
            "answer": problem.answer,
        }
        message = _message(
            problem, "problem_closed", label, title, body, audience=problem.raised_role, user=raiser
        )
    notify(message)
