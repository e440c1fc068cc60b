"""Writing a parsed plan: the region's plan for that year is created, or revised in place."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.orgs.models import Region
from gongye.plans.choices import UnitRole
from gongye.plans.diff import TaskDiff
from gongye.plans.documents import plan_task_diff, unresolved_names
from gongye.plans.models import Plan, Task, TaskUnit
from gongye.plans.parsing import ParsedPlan, ParsedTask
from gongye.plans.permissions import can_import_plan
from gongye.plans.resolver import RegionUnitResolver
from gongye.plans.services.targets import plan_targets_apply

if TYPE_CHECKING:
    from gongye.accounts.models import User


@dataclass
class ApplyResult:
    plan: Plan
    created: bool
    tasks: dict[str, int]
    targets: dict[str, int]


def checkpoints_json(shares: dict[int, Decimal]) -> dict[str, int | float]:
    """{6: Decimal("60")} → {"6": 60}: JSON keys are strings, and a whole percent stays whole."""
    return {
        str(month): int(percent) if percent == percent.to_integral_value() else float(percent)
        for month, percent in sorted(shares.items())
    }


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
                raise ValidationError(
                    _("单位“%(name)s”在单位名录中找不到，请先对应或新增。") % {"name": name}
                )
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


@transaction.atomic
def plan_apply_parsed(
    *,
    actor: User | None,
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
        raise ValidationError(_("无法从文件标题判断计划年度，请在导入时指定年度。"))
    if not parsed.tasks and not parsed.targets:
        raise ValidationError(
            _("文件“%(filename)s”中没有找到重点工作表，也没有找到量化目标。")
            % {"filename": filename}
        )
    missing = unresolved_names(parsed)
    if missing:
        raise ValidationError(
            _("以下单位名称在单位名录中找不到，请先对应到已有单位或新增单位：") + "、".join(missing)
        )
    plan = Plan.objects.select_for_update().filter(region=region, year=parsed.year).first()
    created = plan is None
    if plan is None:
        plan = Plan(region=region, year=parsed.year)
    plan_fields = ["title", "source_filename", "year", "money_rules", "checkpoints"]
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
    # the document's own checkpoints (序时节点); a text that states none leaves a linear pace
    plan.checkpoints = checkpoints_json(parsed.checkpoints)
    plan.full_clean()
    plan.save()
    after = snapshot(plan, plan_fields)
    if before is None:  # a new plan
        audit_record(actor=actor, verb=Verb.CREATE, target=plan, after=after)
    elif before != after:
        old_fields, new_fields = diff(before, after)
        audit_record(
            actor=actor, verb=Verb.UPDATE, target=plan, before=old_fields, after=new_fields
        )

    if not parsed.tasks:
        # a document with targets only leaves the task table as it is
        target_counts = plan_targets_apply(actor=actor, plan=plan, parsed=parsed)
        return ApplyResult(
            plan=plan, created=created, tasks=TaskDiff().counts, targets=target_counts
        )
    task_diff = plan_task_diff(None if created else plan, parsed)
    existing = {t.pk: t for t in plan.tasks.filter(is_active=True)} if not created else {}
    by_index: dict[int, Task] = {}  # the document's tasks as rows, for the targets they state
    for old, new in task_diff.unchanged + task_diff.changed:
        position, parsed_task = new.index + 1, parsed.tasks[new.index]
        assert old.id is not None  # the existing plan's keys carry their task's id
        task = existing[old.id]
        by_index[new.index] = task
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
        by_index[new.index] = task
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
        assert old.id is not None  # the existing plan's keys carry their task's id
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
    target_counts = plan_targets_apply(actor=actor, plan=plan, parsed=parsed, tasks=by_index)
    return ApplyResult(plan=plan, created=created, tasks=task_diff.counts, targets=target_counts)
