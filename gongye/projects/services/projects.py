"""Writes of the project register (issue 13 items 1–2): registering and editing a project,
pairing it with a leader and a responsible unit, its files, and its moves through 三库联动
(储备 → 在建 → 投产 → 纳规) by the workflow kit. Every write authorises, validates and
audits in one transaction; on any error nothing is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record, diff, snapshot
from gongye.core.evidence import check_evidence
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.enterprises.models import Enterprise, IndustryChain
from gongye.orgs.models import Unit
from gongye.projects.choices import DocumentKind, ProjectAction, ProjectKind, ProjectVerb
from gongye.projects.models import Project, ProjectDocument
from gongye.projects.permissions import (
    LOCATIONS,
    can_edit_project,
    can_manage_project,
    can_register_project,
)
from gongye.projects.workflows import PROJECT_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Region

MONEY = (
    "total_investment",
    "fixed_asset_investment",
    "equipment_investment",
    "year_plan_investment",
)
PLANNED = ("planned_sign_on", "planned_start_on", "planned_complete_on", "planned_produce_on")
FACTS = (
    "name",
    "enterprise",
    "enterprise_name",
    "chain",
    "chain_link",
    "kind",
    "location",
    "unit",
    *MONEY,
    "description",
    *PLANNED,
    "signed_on",
)
MAX_10K_YUAN = Decimal("999999999999")  # the column's bound (14 digits, 2 decimals)


# the facts' key for the project's enterprise (a field, not the enterprise role)
ENTERPRISE_FIELD = "enterprise"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _clean(region: Region, facts: Mapping[str, Any], current: Project | None) -> dict[str, Any]:
    """The facts checked one by one, each problem named by its field (nothing is written
    unless all pass). Money in 万元."""
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise ValidationError(_("无法识别的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = dict(facts)

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name in ("name", "enterprise_name", "chain_link", "description"):
        if name in out:
            out[name] = str(out[name] or "").strip()
    if "name" in out and not out["name"]:
        fail("name", _("请填写项目名称。"))
    if len(out.get("name", "")) > 200:
        fail("name", _("项目名称不超过200字。"))
    if "kind" in out and out["kind"] not in ProjectKind.values:
        fail("kind", _("请选择项目类型（新建、扩建、技改或基础设施）。"))
    enterprise: Enterprise | None = out.get("enterprise")
    if enterprise is not None and enterprise.region_id != region.pk:
        fail("enterprise", _("项目单位应为本县企业库中的企业。"))
    name_given = out.get("enterprise_name", current.enterprise_name if current else "")
    has_enterprise = enterprise is not None or (
        ENTERPRISE_FIELD not in out and current is not None and current.enterprise_id
    )
    if not has_enterprise and not name_given:
        fail("enterprise_name", _("请选择企业库中的项目单位，或填写尚未入库的项目单位名称。"))
    location: Unit | None = out.get("location")
    if "location" in out and (
        location is None or location.region_id != region.pk or location.kind not in LOCATIONS
    ):
        fail("location", _("建设地点应为本县的乡镇或开发区。"))
    unit: Unit | None = out.get("unit")
    if "unit" in out and (unit is None or unit.region_id != region.pk or not unit.is_active):
        fail("unit", _("责任单位应为本县的在用单位。"))
    chain: IndustryChain | None = out.get("chain")
    link = out.get("chain_link", "")
    if chain is not None and chain.region_id != region.pk:
        fail("chain", _("产业链应为本县设置的产业链。"))
    elif link and chain is not None and chain.links and link not in chain.links:
        fail(
            "chain_link",
            _("链条环节应为所选产业链的环节之一：%(links)s。") % {"links": "、".join(chain.links)},
        )
    for name in MONEY:
        if name not in out:
            continue
        raw = out[name]
        number = _decimal(raw)
        if number is None and raw not in (None, ""):
            fail(name, _("应填写数字（万元）。"))
        elif number is not None and number < 0:
            fail(name, _("投资额不能为负数。"))
        elif number is not None and number > MAX_10K_YUAN:
            fail(name, _("投资额超出范围。"))
        out[name] = number if number is not None else Decimal(0)
    if (
        "total_investment" in out
        and not out["total_investment"]
        and "total_investment" not in errors
    ):
        fail("total_investment", _("请填写总投资（万元）。"))
    total = out.get("total_investment", current.total_investment if current else None)
    for name in ("fixed_asset_investment", "equipment_investment", "year_plan_investment"):
        value = out.get(name)
        if value is not None and total is not None and value > total and name not in errors:
            fail(name, _("不能超过总投资 %(total)s 万元。") % {"total": total})
    fixed = out.get("fixed_asset_investment", current.fixed_asset_investment if current else None)
    equipment = out.get("equipment_investment")
    if (
        equipment is not None
        and fixed
        and equipment > fixed
        and "equipment_investment" not in errors
    ):
        fail("equipment_investment", _("设备投资不能超过固定资产投资。"))
    planned = [out.get(n, getattr(current, n) if current else None) for n in PLANNED]
    known = [(n, d) for n, d in zip(PLANNED, planned, strict=True) if d is not None]
    for (_name, a), (later, b) in zip(known, known[1:], strict=False):
        if b < a:
            fail(later, _("计划日期应依次为签约、开工、竣工、投产。"))
    signed = out.get("signed_on")
    if signed is not None and signed > timezone.localdate():
        fail("signed_on", _("签约日期不能晚于今天；尚未签约的请填计划签约日期。"))
    if errors:
        raise ValidationError(errors)
    return out


def _in_region(actor: User, region: Region) -> None:
    if not region.path.startswith(require_acting(actor).region.path):
        raise ValidationError(_("该项目不在您的管辖范围内。"))


@transaction.atomic
def project_create(
    *, actor: User, region: Region, facts: Mapping[str, Any], is_demo: bool = False
) -> Project:
    """Registers a project into 储备库 (issue 13 item 1): the plan office, or the liaison of the
    township or development zone where it is built."""
    can_register_project(actor, facts.get("location")).require()
    _in_region(actor, region)
    missing = [
        n for n in ("name", "kind", "location", "unit", "total_investment") if n not in facts
    ]
    if missing:
        raise ValidationError({n: [_("此项为必填项。")] for n in missing})
    clean = _clean(region, facts, None)
    project = Project(region=region, is_demo=is_demo, **clean)
    project.save()
    audit_record(actor=actor, verb=ProjectVerb.CREATE, target=project, after=snapshot(project))
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, facts: Mapping[str, Any]) -> Project:
    """Edits a project's facts (the responsible unit or the plan office); the stage and its
    dates move only through ``project_move``."""
    project = Project.objects.select_for_update().select_related("region").get(pk=project.pk)
    can_edit_project(actor, project).require()
    if "unit" in facts and facts["unit"] != project.unit:
        can_manage_project(actor, project).require()
    clean = _clean(project.region, facts, project)
    before = snapshot(project)
    for name, value in clean.items():
        setattr(project, name, value)
    project.save()
    old, new = diff(before, snapshot(project))
    if new:
        audit_record(actor=actor, verb=ProjectVerb.UPDATE, target=project, before=old, after=new)
    return project


@transaction.atomic
def project_pair(*, actor: User, project: Project, leader: User | None, unit: Unit) -> Project:
    """一对一: the plan office pairs a project with a county leader (or none) and names the
    unit that answers for it and files its returns."""
    can_manage_project(actor, project).require()
    project = Project.objects.select_for_update().get(pk=project.pk)
    errors: dict[str, list[str]] = {}
    if (
        leader is not None
        and not leader.assignments.filter(
            role=Role.LEADER, is_active=True, region__path__in=_paths_up(project.region.path)
        ).exists()
    ):
        errors["leader"] = [_("联系领导应为本县（或上级）的领导账号。")]
    if unit.region_id != project.region_id or not unit.is_active:
        errors["unit"] = [_("责任单位应为本县的在用单位。")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(project, ["paired_leader", "unit"])
    project.paired_leader = leader
    project.unit = unit
    project.save(update_fields=["paired_leader", "unit", "updated_at"])
    old, new = diff(before, snapshot(project, ["paired_leader", "unit"]))
    audit_record(actor=actor, verb=ProjectVerb.PAIR, target=project, before=old, after=new)
    return project


def _paths_up(path: str) -> list[str]:
    """A region path and those of the regions above it (``/34/3415/341525/``)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _store(
    *, actor: User, project: Project, upload: File, kind: str, project_return: Any = None
) -> ProjectDocument:
    """One file checked by its content (a photo must be a picture) and stored."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("请选择材料类型。")]})
    mime, digest = check_evidence(upload, images_only=kind == DocumentKind.PHOTO)
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    return ProjectDocument.objects.create(
        project=project,
        project_return=project_return,
        kind=kind,
        file=File(upload, name=name),
        name=name,
        content_type=mime,
        size=upload.size or 0,
        sha256=digest,
        uploaded_by=actor,
    )


@transaction.atomic
def project_document_add(
    *, actor: User, project: Project, upload: File, kind: str
) -> ProjectDocument:
    """A file of the project (施工许可, 现场照片, 竣工验收 …), from the responsible unit or the
    plan office, checked before a byte is kept."""
    can_edit_project(actor, project).require()
    document = _store(actor=actor, project=project, upload=upload, kind=kind)
    audit_record(
        actor=actor,
        verb=ProjectVerb.DOCUMENT,
        target=document,
        parent=project,
        after={"name": document.name, "kind": kind, "sha256": document.sha256},
    )
    return document


# the dates each move sets (and its undo clears)
MOVE_DATES = {
    ProjectAction.START: ("started_on",),
    ProjectAction.COMPLETE: ("completed_on", "produced_on"),
    ProjectAction.SCALE: ("scaled_on",),
    ProjectAction.CANCEL: ("cancelled_on",),
}
UNDO = {
    ProjectAction.REVERT_START: ("started_on",),
    ProjectAction.REVERT_COMPLETE: ("completed_on", "produced_on"),
    ProjectAction.REVERT_SCALE: ("scaled_on",),
    # back in 储备库: a project given up while being built has not started there either (else
    # it would owe 月30 returns and show a start date while in reserve)
    ProjectAction.RESTORE: ("cancelled_on", "started_on"),
}
RECORDED = [
    "started_on",
    "completed_on",
    "produced_on",
    "scaled_on",
    "cancelled_on",
    "cancel_reason",
]


def _move_dates(
    project: Project, action: str, on: dt.date | None, produced_on: dt.date | None
) -> dict[str, dt.date]:
    """The move's dates checked: given, not in the future, not before the step before."""
    today = timezone.localdate()
    if on is None:
        raise ValidationError({"on": [_("请填写日期。")]})
    if on > today:
        raise ValidationError({"on": [_("日期不能晚于今天。")]})
    if action == ProjectAction.START and project.signed_on and on < project.signed_on:
        raise ValidationError({"on": [_("开工日期不能早于签约日期。")]})
    if action == ProjectAction.COMPLETE:
        if project.started_on and on < project.started_on:
            raise ValidationError(
                {"on": [_("竣工日期不能早于开工日期 %(d)s。") % {"d": project.started_on}]}
            )
        produced = produced_on or on
        if produced > today:
            raise ValidationError({"produced_on": [_("日期不能晚于今天。")]})
        if produced < on:
            raise ValidationError({"produced_on": [_("投产日期不能早于竣工日期。")]})
        return {"completed_on": on, "produced_on": produced}
    if action == ProjectAction.SCALE and project.produced_on and on < project.produced_on:
        raise ValidationError({"on": [_("纳规日期不能早于投产日期。")]})
    return {MOVE_DATES[ProjectAction(action)][0]: on}


@transaction.atomic
def project_move(
    *,
    actor: User,
    project: Project,
    action: str,
    on: dt.date | None = None,
    produced_on: dt.date | None = None,
    reason: str = "",
    proof: Sequence[tuple[File, str]] = (),
) -> Project:
    """One step of 三库联动 by the transition map (``workflows.PROJECT_WORKFLOW``): a start
    with its date and proof (施工许可 or photos, uploaded here or before), a completion with
    its dates, 纳规 once the enterprise is 规上, a project given up with its reason; and the
    plan office's corrections, each putting the project back as it was (its dates cleared,
    files and history kept)."""
    try:
        action = ProjectAction(action)
    except ValueError:
        raise ValidationError(_("无法识别的操作。")) from None
    reason = (reason or "").strip()
    dates: dict[str, Any] = {}
    if action in MOVE_DATES:
        dates = _move_dates(project, action, on, produced_on)
    if action in (ProjectAction.CANCEL, *UNDO) and not reason:
        raise ValidationError({"reason": [_("请填写原因。")]})
    edge = PROJECT_WORKFLOW.edge(project.stage, action)
    if edge is not None:
        edge.allowed(actor, project).require()  # before a file is kept
    for upload, kind in proof:
        document = _store(actor=actor, project=project, upload=upload, kind=kind)
        audit_record(
            actor=actor,
            verb=ProjectVerb.DOCUMENT,
            target=document,
            parent=project,
            after={"name": document.name, "kind": kind, "sha256": document.sha256},
        )

    def apply(obj: Project, _edge: Any) -> None:
        for name, value in dates.items():
            setattr(obj, name, value)
        for name in UNDO.get(action, ()):
            setattr(obj, name, None)
        if action == ProjectAction.CANCEL:
            obj.cancel_reason = reason
        elif action == ProjectAction.RESTORE:
            obj.cancel_reason = ""

    step = PROJECT_WORKFLOW.transition(
        actor=actor,
        obj=project,
        action=action,
        apply=apply,
        fields=RECORDED,
        extra={"reason": reason} if reason else None,
        queryset=Project.objects.select_related("enterprise", "region"),
    )
    return step.obj
