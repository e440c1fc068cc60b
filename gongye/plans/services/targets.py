"""The plan's targets written from a parsed document: matched by name and kind, so a target
keeps its identity (and the figures entered against it) across versions of the plan."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, snapshot
from gongye.plans.models import Plan, Target, TargetMilestone, Task
from gongye.plans.parsing import ParsedPlan

if TYPE_CHECKING:
    from gongye.accounts.models import User

VALUE_QUANTUM = Decimal("0.0001")


def plan_targets_apply(
    *, actor: User | None, plan: Plan, parsed: ParsedPlan, tasks: dict[int, Task] | None = None
) -> dict[str, int]:
    """A step of ``plan_apply_parsed`` (inside its transaction and authorisation): changed
    targets are updated, new ones added, those the document no longer states withdrawn.
    ``tasks`` are the document's tasks as written (by their index in ``parsed.tasks``): a
    target read with a task (an indicator row, a task's wording) is linked to it; a document
    without tasks leaves the links as they are."""
    counts = {"unchanged": 0, "changed": 0, "added": 0, "removed": 0}
    existing = {(t.name, t.kind): t for t in plan.targets.filter(is_active=True)}
    kept: set[int] = set()
    for seq, pt in enumerate(parsed.targets, start=1):
        name = pt.name[:200]
        fields = {
            "seq": seq,
            "name": name,
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
        if tasks is not None:
            fields["task"] = tasks.get(pt.task_index) if pt.task_index is not None else None
        target = existing.get((name, pt.kind))
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
