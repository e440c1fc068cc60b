"""Appeals (异议) on a published evaluation: within the 公示 window an enterprise user disputes
one figure of its own result (the value it should be, why, and evidence); the plan office is
told and decides. Upheld: a new draft run is made from the published run's frozen inputs with
every upheld correction of that run laid over them (a re-run made by an earlier upheld appeal
and not yet published is put aside for it), for the office to check and publish; the published
run is never edited. Rejected: the decision and its reason go to the enterprise. The
enterprise may withdraw an appeal while it waits. Every step is audited and the other side is
told (我的提醒)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.evidence import check_evidence
from gongye.core.roles import Role
from gongye.evaluation.choices import AppealStatus, EvaluationVerb, RunStatus
from gongye.evaluation.engine.variables import NUMBER, VARIABLES
from gongye.evaluation.models import EvaluationAppeal, EvaluationResult, EvaluationRun
from gongye.evaluation.permissions import can_file_appeal
from gongye.evaluation.selectors.explained import scheme_of
from gongye.evaluation.services.runs import run_discard, run_rerun
from gongye.evaluation.workflows import APPEAL_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User

TEXT_MAX = 2000
APPEALABLE = tuple(
    name for name, variable in VARIABLES.items() if variable.kind == NUMBER and name != "age_years"
)


def appealable(result: EvaluationResult) -> list[str]:
    """The figures an appeal on ``result`` could change: the numbers its scheme's indicators
    read, in the scheme's order (a figure the scheme never reads would change nothing)."""
    names: list[str] = []
    for group in scheme_of(result.run.version).groups:
        for indicator in group.indicators:
            names += [n for n in sorted(indicator.formula.names) if n in APPEALABLE]
    return list(dict.fromkeys(names))


@transaction.atomic
def appeal_file(
    *,
    actor: User,
    result: EvaluationResult,
    variable: str,
    claimed_value: Any,
    statement: str,
    evidence: File | None = None,
) -> EvaluationAppeal:
    """One figure disputed: which (a number the scheme read, e.g. 用地面积), what it should be,
    why; evidence optional but checked like every upload."""
    can_file_appeal(actor, result).require()
    errors: dict[str, str] = {}
    if variable not in APPEALABLE:
        errors["variable"] = _("请选择有异议的数据项。")
    elif variable not in appealable(result):
        errors["variable"] = _("评价方案的指标没有用到这项数据，对它的异议不会改变评价结果。")
    try:
        claimed = Decimal(str(claimed_value).strip().replace(",", ""))
        if not claimed.is_finite() or claimed < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["claimed_value"] = _("请填写正确的数值（不小于0）。")
        claimed = Decimal(0)
    text = str(statement or "").strip()
    if not text:
        errors["statement"] = _("请填写异议理由。")
    elif len(text) > TEXT_MAX:
        errors["statement"] = _("异议理由不超过%(n)s字。") % {"n": TEXT_MAX}
    if evidence is not None:
        try:
            check_evidence(evidence)
        except ValidationError as error:
            errors["evidence"] = " ".join(error.messages)
    if not errors and result.appeals.filter(variable=variable, status=AppealStatus.FILED).exists():
        errors["variable"] = _("这项数据已有待处理的异议。")
    if errors:
        raise ValidationError(errors)
    recorded = result.inputs.get(variable)
    appeal = EvaluationAppeal(
        run=result.run,
        result=result,
        enterprise_id=result.enterprise_id,
        variable=variable,
        recorded_value=None if recorded is None else Decimal(str(recorded)),
        claimed_value=claimed,
        statement=text,
        filed_by=actor,
    )
    if evidence is not None:
        appeal.evidence.save(evidence.name or "evidence", evidence, save=False)
    appeal.save()
    audit_record(
        actor=actor,
        verb=EvaluationVerb.APPEAL_FILE,
        target=appeal,
        parent=result.run,
        after={
            "variable": variable,
            "recorded_value": str(appeal.recorded_value)
            if appeal.recorded_value is not None
            else None,
            "claimed_value": str(claimed),
            "status": appeal.status,
        },
    )
    _tell_office(appeal)
    return appeal


@transaction.atomic
def appeal_act(
    *, actor: User, appeal: EvaluationAppeal, action: str, decision: str = ""
) -> EvaluationAppeal:
    """One step of ``APPEAL_WORKFLOW``: uphold (a new draft run), reject (a reason is
    required), withdraw (by the one who filed it)."""
    text = str(decision or "").strip()[:TEXT_MAX]
    if action == "reject" and not text:
        raise ValidationError({"decision": _("请填写不予采纳的理由。")})

    def apply(obj: EvaluationAppeal, _edge: Any) -> None:
        if action in ("uphold", "reject"):
            obj.decision = text
            obj.decided_by = actor
            obj.decided_at = timezone.now()

    step = APPEAL_WORKFLOW.transition(
        actor=actor,
        obj=appeal,
        action=action,
        apply=apply,
        fields=["decision"],
        parent=appeal.run,
    )
    appeal = step.obj
    if action == "uphold":
        appeal.new_run = _rerun_for(actor, appeal)
        appeal.save(update_fields=["new_run"])
    if action in ("uphold", "reject"):
        _tell_enterprise(appeal)
    return appeal


def _rerun_for(actor: User, appeal: EvaluationAppeal) -> EvaluationRun:
    """The appealed run again, with every upheld correction of it so far; an earlier draft
    re-run for the same run's appeals is put aside."""
    run = appeal.run
    upheld = (
        EvaluationAppeal.objects.filter(run=run, status=AppealStatus.UPHELD)
        .order_by("decided_at", "pk")
        .select_related("new_run")
    )
    corrections: dict[int, dict[str, float]] = {}
    for item in upheld:
        corrections.setdefault(item.enterprise_id, {})[item.variable] = float(item.claimed_value)
        earlier = item.new_run
        if earlier is not None and earlier.status == RunStatus.DRAFT and item.pk != appeal.pk:
            run_discard(actor=actor, run=earlier)
    names = "、".join(sorted({a.result.name for a in upheld}))
    return run_rerun(
        actor=actor,
        run=run,
        corrections=corrections,
        reason=_("异议成立，重新评价：%(names)s") % {"names": names},
    )


def _message(
    appeal: EvaluationAppeal, rule: str, label: str, title: str, body: str, **to: Any
) -> Any:
    from gongye.notifications.rules import Message

    return Message(
        subject_type=appeal._meta.label_lower,
        subject_id=str(appeal.pk),
        link=reverse("evaluation:appeal_detail", args=[appeal.pk]),
        region_code=appeal.run.region.code,
        rule=rule,
        rule_label=str(label)[:50],
        audience=to.pop("audience"),
        unit=to.pop("unit", None),
        user=to.pop("user", None),
        title=str(title)[:200],
        body=str(body),
    )


def _tell_office(appeal: EvaluationAppeal) -> None:
    """The region's plan office learns of a new appeal (its units' 督办 accounts)."""
    from gongye.accounts.models import RoleAssignment
    from gongye.notifications.engine import notify

    offices = RoleAssignment.objects.filter(
        is_active=True, role=Role.PLAN_OFFICE, unit__region_id=appeal.run.region_id
    ).select_related("unit")
    with translation.override(settings.LANGUAGE_CODE):
        label = _("亩均评价异议")
        title = _("【亩均评价异议】%(name)s") % {"name": appeal.result.name}
        body = _("%(name)s 对%(run)s中的“%(variable)s”提出异议，请在公示期内处理。") % {
            "name": appeal.result.name,
            "run": appeal.run,
            "variable": VARIABLES[appeal.variable].label,
        }
        for unit in {assignment.unit for assignment in offices if assignment.unit}:
            notify(
                _message(
                    appeal, "appeal_filed", label, title, body, audience=Role.PLAN_OFFICE, unit=unit
                )
            )


def _tell_enterprise(appeal: EvaluationAppeal) -> None:
    from gongye.notifications.engine import notify

    with translation.override(settings.LANGUAGE_CODE):
        upheld = appeal.status == AppealStatus.UPHELD
        label = _("评价异议处理结果")
        title = _("【评价异议】%(verdict)s：%(variable)s") % {
            "verdict": appeal.get_status_display(),
            "variable": VARIABLES[appeal.variable].label,
        }
        body = (
            _(
                "您对“%(variable)s”的异议成立，将按 %(value)s 重新评价，新的结果公示后生效。%(decision)s"
            )
            if upheld
            else _("您对“%(variable)s”的异议不成立。理由：%(decision)s")
        ) % {
            "variable": VARIABLES[appeal.variable].label,
            "value": appeal.claimed_value.normalize(),
            "decision": appeal.decision,
        }
        notify(
            _message(
                appeal,
                "appeal_decided",
                label,
                title,
                body,
                audience=Role.ENTERPRISE,
                user=appeal.filed_by,
            )
        )


@transaction.atomic
def appeal_evidence_read(*, actor: User, appeal: EvaluationAppeal) -> None:
    """Records who downloaded an appeal's evidence (等保 level 3 audits reads of the files
    enterprises hand in). The view has checked scope and permission."""
    audit_record(
        actor=actor,
        verb=EvaluationVerb.APPEAL_EVIDENCE,
        target=appeal,
        parent=appeal.run,
        after={"file": appeal.evidence.name},
    )
