"""Importing a plan document and revising a plan from a new version of it.

The flow (issue 3): upload → preview (tasks, targets, unknown unit names, warnings, the
difference against the plan already in the system) → confirm → everything written in one
transaction, or nothing. A unit name that matches nothing stops the import until the plan
office maps it to a unit (an alias is added) or creates the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.orgs.models import Region, Unit
from gongye.orgs.services import unit_create, unit_update
from gongye.plans.choices import ImportStatus, UnitRole
from gongye.plans.diff import TaskDiff, TaskKey, diff_tasks
from gongye.plans.models import Plan, PlanImport, Target, TargetMilestone, Task, TaskUnit
from gongye.plans.parsing import ParsedPlan, ParsedTask, ParseError, parse_plan
from gongye.plans.permissions import can_import_plan
from gongye.plans.resolver import RegionUnitResolver

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
VALUE_QUANTUM = Decimal("0.0001")


def plan_document_parse(
    *, region: Region, data: bytes, filename: str, year: int | None = None
) -> tuple[ParsedPlan, RegionUnitResolver]:
    """Parses with the region's unit register; raises ParseError (Chinese, with location)."""
    resolver = RegionUnitResolver(region)
    return parse_plan(data, filename, resolver, year=year), resolver


def unresolved_names(parsed: ParsedPlan) -> list[str]:
    seen: list[str] = []
    for task in parsed.tasks:
        for name in task.unresolved:
            if name not in seen:
                seen.append(name)
    return seen


# ----- comparing with what is there -----


def _parsed_key(task: ParsedTask, index: int) -> TaskKey:
    return TaskKey(
        id=None,
        index=index,
        period=task.period_label,
        seq=task.seq,
        text=task.text,
        lead=tuple(task.lead_units),
        cooperating=tuple(task.cooperating_units),
        due=task.due.isoformat() if task.due else None,
    )


def _existing_key(task: Task, index: int) -> TaskKey:
    return TaskKey(
        id=task.pk,
        index=index,
        period=task.period_label,
        seq=task.seq,
        text=task.text,
        lead=tuple(task.lead_names),
        cooperating=tuple(task.cooperating_names),
        due=task.due.isoformat() if task.due else None,
    )


def existing_plan(region: Region, year: int | None) -> Plan | None:
    if year is None:
        return None
    return Plan.objects.filter(region=region, year=year).first()


def plan_task_diff(plan: Plan | None, parsed: ParsedPlan) -> TaskDiff:
    incoming = [_parsed_key(t, i) for i, t in enumerate(parsed.tasks)]
    if plan is None:
        return TaskDiff(added=incoming)
    existing = [
        _existing_key(t, i)
        for i, t in enumerate(
            plan.tasks.filter(is_active=True).prefetch_related("task_units__unit")
        )
    ]
    return diff_tasks(existing, incoming)


# ----- writing -----


@dataclass
class ApplyResult:
    plan: Plan
    created: bool
    tasks: dict[str, int]
    targets: dict[str, int]


def _write_units(task: Task, parsed: ParsedTask, resolver: RegionUnitResolver) -> None:
    task.task_units.all().delete()
    rows = []
    for role, names in (
        (UnitRole.LEAD, parsed.lead_units),
        (UnitRole.COOPERATING, parsed.cooperating_units),
    ):
        seen: set[int] = set()
        for position, name in enumerate(names):
            unit = resolver.unit_for(name)
            if unit is None:
                raise ValidationError(f"单位“{name}”在单位名录中找不到，请先对应或新增。")
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            rows.append(TaskUnit(task=task, unit=unit, role=role, position=position))
    TaskUnit.objects.bulk_create(rows)


def _task_fields(parsed: ParsedTask, position: int) -> dict[str, Any]:
    return {
        "month": parsed.month,
        "period_label": parsed.period_label,
        "seq": parsed.seq,
        "position": position,
        "text": parsed.text,
        "due": parsed.due,
        "people": parsed.people,
        "lead_open_ended": parsed.lead_open_ended,
        "cooperating_open_ended": parsed.cooperating_open_ended,
    }


def _task_state(task: Task, lead: list[str], cooperating: list[str]) -> dict[str, Any]:
    state = snapshot(task, ["month", "period_label", "seq", "text", "due", "people"])
    state["lead_units"] = lead
    state["cooperating_units"] = cooperating
    return state


def _apply_targets(actor: Any, plan: Plan, parsed: ParsedPlan) -> dict[str, int]:
    counts = {"unchanged": 0, "changed": 0, "added": 0, "removed": 0}
    existing = {(t.name, t.kind): t for t in plan.targets.filter(is_active=True)}
    kept: set[int] = set()
    for seq, pt in enumerate(parsed.targets, start=1):
        fields = {
            "seq": seq,
            "name": pt.name[:200],
            "kind": pt.kind,
            "comparator": pt.comparator,
            # stored with 4 decimals; quantised here so an unchanged target compares equal
            "value": pt.value.quantize(VALUE_QUANTUM),
            "unit": pt.unit,
            "qualifiers": pt.qualifiers,
            "due": pt.due,
            "chapter": pt.chapter[:200],
            "sentence": pt.sentence,
            "source": pt.source,
        }
        target = existing.get((fields["name"], pt.kind))
        if target is not None and target.pk not in kept:
            before = snapshot(target, list(fields))
            for key, value in fields.items():
                setattr(target, key, value)
            target.full_clean()
            target.save()
            after = snapshot(target, list(fields))
            if before != after:
                counts["changed"] += 1
                audit_record(
                    actor=actor,
                    verb=Verb.UPDATE,
                    target=target,
                    parent=plan,
                    before=before,
                    after=after,
                )
            else:
                counts["unchanged"] += 1
            target.milestones.all().delete()
        else:
            target = Target(plan=plan, **fields)
            target.full_clean()
            target.save()
            counts["added"] += 1
            audit_record(
                actor=actor,
                verb=Verb.CREATE,
                target=target,
                parent=plan,
                after=snapshot(target, list(fields)),
            )
        kept.add(target.pk)
        TargetMilestone.objects.bulk_create(
            TargetMilestone(
                target=target,
                due=m.due,
                value=m.value,
                unit=m.unit,
                comparator=m.comparator,
                text=m.text,
            )
            for m in pt.milestones
        )
    # A document without body text (an exported task table, say) says nothing about the body
    # targets: they stay. Likewise task-derived targets stay when the document has no tasks.
    sources = {t.source for t in parsed.targets}
    if parsed.tasks:
        sources.add("task")
    for target in existing.values():
        if target.pk not in kept and target.source in sources:
            target.is_active = False
            target.save(update_fields=["is_active"])
            counts["removed"] += 1
            audit_record(
                actor=actor,
                verb=Verb.DELETE,
                target=target,
                parent=plan,
                before={"is_active": True},
                after={"is_active": False},
            )
    return counts


@transaction.atomic
def plan_apply_parsed(
    *,
    actor: Any,
    region: Region,
    parsed: ParsedPlan,
    resolver: RegionUnitResolver,
    filename: str,
) -> ApplyResult:
    """Writes a parsed plan: creates the region's plan for that year, or revises it in place —
    unchanged and changed tasks keep their identity (and so their progress); tasks no longer
    in the document are withdrawn, not deleted."""
    if actor is not None:
        can_import_plan(actor, region).require()
    if parsed.year is None:
        raise ValidationError("无法从文件标题判断计划年度，请在导入时指定年度。")
    if not parsed.tasks and not parsed.targets:
        raise ValidationError(f"文件“{filename}”中没有找到重点工作表，也没有找到量化目标。")
    missing = unresolved_names(parsed)
    if missing:
        raise ValidationError(
            "以下单位名称在单位名录中找不到，请先对应到已有单位或新增单位：" + "、".join(missing)
        )
    plan = Plan.objects.select_for_update().filter(region=region, year=parsed.year).first()
    created = plan is None
    if plan is None:
        plan = Plan(region=region, year=parsed.year)
    plan_fields = ["title", "source_filename", "year", "money_rules"]
    before = snapshot(plan, plan_fields) if not created else None
    plan.title = parsed.title[:300]
    plan.source_filename = filename[:255]
    plan.money_rules = [
        {
            "chapter": r.chapter,
            "text": r.text,
            "sentence": r.sentence,
            "amounts": [{"value": str(a.value), "unit": a.unit} for a in r.amounts],
        }
        for r in parsed.money_rules
    ]
    plan.full_clean()
    plan.save()
    after = snapshot(plan, plan_fields)
    if created:
        audit_record(actor=actor, verb=Verb.CREATE, target=plan, after=after)
    elif before != after:
        old, new = diff(before, after)
        audit_record(actor=actor, verb=Verb.UPDATE, target=plan, before=old, after=new)

    if not parsed.tasks:
        # a document with targets only leaves the task table as it is
        target_counts = _apply_targets(actor, plan, parsed)
        return ApplyResult(
            plan=plan, created=created, tasks=TaskDiff().counts, targets=target_counts
        )
    task_diff = plan_task_diff(None if created else plan, parsed)
    existing = {t.pk: t for t in plan.tasks.filter(is_active=True)} if not created else {}
    for old, new in task_diff.unchanged + task_diff.changed:
        position, parsed_task = new.index + 1, parsed.tasks[new.index]
        task = existing[old.id]
        before_state = _task_state(task, list(old.lead), list(old.cooperating))
        for field, value in _task_fields(parsed_task, position).items():
            setattr(task, field, value)
        task.full_clean()
        task.save()
        if (old.lead, old.cooperating) != (new.lead, new.cooperating):
            # unit rows are kept when the units did not change: later records point at them
            _write_units(task, parsed_task, resolver)
        after_state = _task_state(task, list(new.lead), list(new.cooperating))
        if before_state != after_state:
            audit_record(
                actor=actor,
                verb=Verb.UPDATE,
                target=task,
                parent=plan,
                before=before_state,
                after=after_state,
            )
    for new in task_diff.added:
        position, parsed_task = new.index + 1, parsed.tasks[new.index]
        task = Task(plan=plan, **_task_fields(parsed_task, position))
        task.full_clean()
        task.save()
        _write_units(task, parsed_task, resolver)
        audit_record(
            actor=actor,
            verb=Verb.CREATE,
            target=task,
            parent=plan,
            after=_task_state(task, list(new.lead), list(new.cooperating)),
        )
    now = timezone.now()
    for old in task_diff.removed:
        task = existing[old.id]
        task.is_active = False
        task.withdrawn_at = now
        task.save(update_fields=["is_active", "withdrawn_at"])
        audit_record(
            actor=actor,
            verb=Verb.DELETE,
            target=task,
            parent=plan,
            before={"is_active": True},
            after={"is_active": False},
        )
    target_counts = _apply_targets(actor, plan, parsed)
    return ApplyResult(plan=plan, created=created, tasks=task_diff.counts, targets=target_counts)


# ----- the web flow -----


@transaction.atomic
def plan_import_upload(*, actor: Any, region: Region, filename: str, data: bytes) -> PlanImport:
    """Stores an uploaded document for preview after checking that it can be read at all."""
    can_import_plan(actor, region).require()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件“{filename}”超过 20 MB，请压缩图片或拆分后再上传。")
    try:
        plan_document_parse(region=region, data=data, filename=filename)
    except ParseError as error:
        raise ValidationError(str(error)) from error
    record = PlanImport(region=region, uploaded_by=actor, filename=filename[:255])
    record.file.save(filename, ContentFile(data), save=False)
    record.save()
    audit_record(
        actor=actor,
        verb=Verb.IMPORT,
        target=record,
        after={"filename": filename, "bytes": len(data), "stage": "upload"},
    )
    return record


def plan_import_parse(record: PlanImport) -> tuple[ParsedPlan, RegionUnitResolver]:
    with record.file.open("rb") as handle:
        data = handle.read()
    return plan_document_parse(region=record.region, data=data, filename=record.filename)


@transaction.atomic
def plan_import_resolve_name(
    *,
    actor: Any,
    record: PlanImport,
    name: str,
    unit: Unit | None = None,
    new_kind: str | None = None,
) -> Unit:
    """An unknown name becomes an alias of an existing unit, or a new unit of the region."""
    can_import_plan(actor, record.region).require()
    name = name.strip()
    if not name:
        raise ValidationError("单位名称不能为空。")
    if unit is not None:
        if unit.region_id != record.region_id:
            raise ValidationError("只能对应到本区划的单位。")
        aliases = [a.name for a in unit.aliases.all()]
        return unit_update(actor=actor, unit=unit, aliases=[*aliases, name])
    if not new_kind:
        raise ValidationError(f"请为“{name}”选择已有单位，或选择新单位的类型。")
    return unit_create(actor=actor, region=record.region, name=name, kind=new_kind)


@transaction.atomic
def plan_import_apply(*, actor: Any, record: PlanImport) -> ApplyResult:
    can_import_plan(actor, record.region).require()
    record = PlanImport.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportStatus.PREVIEW:
        raise ValidationError("这次导入已经处理过了。")
    try:
        parsed, resolver = plan_import_parse(record)
    except ParseError as error:
        raise ValidationError(str(error)) from error
    result = plan_apply_parsed(
        actor=actor,
        region=record.region,
        parsed=parsed,
        resolver=resolver,
        filename=record.filename,
    )
    record.status = ImportStatus.APPLIED
    record.plan = result.plan
    record.applied_at = timezone.now()
    record.summary = {"tasks": result.tasks, "targets": result.targets, "created": result.created}
    record.save()
    audit_record(
        actor=actor,
        verb=Verb.IMPORT,
        target=record,
        parent=result.plan,
        after={"stage": "apply", **record.summary},
    )
    return result


@transaction.atomic
def plan_import_discard(*, actor: Any, record: PlanImport) -> PlanImport:
    can_import_plan(actor, record.region).require()
    if record.status != ImportStatus.PREVIEW:
        raise ValidationError("这次导入已经处理过了。")
    record.status = ImportStatus.DISCARDED
    record.save(update_fields=["status"])
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=record,
        before={"status": "preview"},
        after={"status": "discarded"},
    )
    return record


# ----- the plan office's adjustments of single tasks (issue 4) -----


def _resolve_units(region: Region, names: list[str], role_label: str) -> list[Unit]:
    units: list[Unit] = []
    for name in names:
        unit = Unit.objects.filter(region=region, name=name, is_active=True).first()
        if unit is None:
            raise ValidationError({role_label: f"单位“{name}”不在本区划的单位名录中。"})
        if unit not in units:
            units.append(unit)
    return units


def _set_task_units(task: Task, lead: list[Unit], cooperating: list[Unit]) -> None:
    task.task_units.all().delete()
    TaskUnit.objects.bulk_create(
        [TaskUnit(task=task, unit=u, role=UnitRole.LEAD, position=i) for i, u in enumerate(lead)]
        + [
            TaskUnit(task=task, unit=u, role=UnitRole.COOPERATING, position=i)
            for i, u in enumerate(cooperating)
        ]
    )


@transaction.atomic
def task_reassign(
    *, actor: Any, task: Task, lead_units: list[str], cooperating_units: list[str], reason: str
) -> Task:
    """The plan office changes who leads and who cooperates (调整责任单位); reports already
    filed stay with the units that filed them."""
    can_import_plan(actor, task.plan.region).require()
    if not reason.strip():
        raise ValidationError({"reason": "调整责任单位须说明原因。"})
    lead = _resolve_units(task.plan.region, lead_units, "lead_units")
    if not lead:
        raise ValidationError({"lead_units": "至少需要一个牵头单位。"})
    cooperating = [
        u
        for u in _resolve_units(task.plan.region, cooperating_units, "cooperating_units")
        if u not in lead
    ]
    before = {"lead_units": task.lead_names, "cooperating_units": task.cooperating_names}
    _set_task_units(task, lead, cooperating)
    task = Task.objects.prefetch_related("task_units__unit").get(pk=task.pk)
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=task,
        parent=task.plan,
        before=before,
        after={
            "lead_units": task.lead_names,
            "cooperating_units": task.cooperating_names,
            "reason": reason.strip(),
        },
    )
    return task


@transaction.atomic
def task_split(*, actor: Any, task: Task, parts: list[dict[str, Any]], reason: str) -> list[Task]:
    """The plan office splits a task into parts (拆分), each with its own text, units and
    deadline. The original is withdrawn and keeps its history; each part points back to it."""
    can_import_plan(actor, task.plan.region).require()
    if not reason.strip():
        raise ValidationError({"reason": "拆分任务须说明原因。"})
    if len(parts) < 2:
        raise ValidationError("拆分至少需要两项。")
    if not task.is_active:
        raise ValidationError("这项任务已撤销，不能拆分。")
    created: list[Task] = []
    last = task.plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    for index, part in enumerate(parts, start=1):
        text = (part.get("text") or "").strip()
        if not text:
            raise ValidationError(f"第{index}项的工作内容不能为空。")
        lead = _resolve_units(
            task.plan.region, part.get("lead_units") or task.lead_names, "lead_units"
        )
        cooperating = _resolve_units(
            task.plan.region, part.get("cooperating_units") or [], "cooperating_units"
        )
        child = Task(
            plan=task.plan,
            month=task.month,
            period_label=task.period_label,
            seq=task.seq,
            position=last + index,
            text=text,
            due=part.get("due") or task.due,
            people=task.people,
            parent=task,
        )
        child.full_clean()
        child.save()
        _set_task_units(child, lead, [u for u in cooperating if u not in lead])
        audit_record(
            actor=actor,
            verb=Verb.CREATE,
            target=child,
            parent=task,
            after={"text": text, "split_from": task.pk, "reason": reason.strip()},
        )
        created.append(child)
    task.is_active = False
    task.withdrawn_at = timezone.now()
    task.save(update_fields=["is_active", "withdrawn_at"])
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=task,
        parent=task.plan,
        before={"is_active": True},
        after={"is_active": False, "split_into": [c.pk for c in created]},
    )
    return created
