"""The plan office's adjustments of single tasks (issue 4): who leads and cooperates
(调整责任单位), and splitting a task into parts (拆分)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.orgs.models import Region, Unit
from gongye.plans.choices import PlansVerb, UnitRole
from gongye.plans.models import Task, TaskUnit
from gongye.plans.permissions import can_import_plan

if TYPE_CHECKING:
    from gongye.accounts.models import User


def _resolve_units(region: Region, names: list[str], role_label: str) -> list[Unit]:
    units: list[Unit] = []
    for name in names:
        unit = Unit.objects.filter(region=region, name=name, is_active=True).first()
        if unit is None:
            raise ValidationError(
                {role_label: (_("单位“%(name)s”不在本区划的单位名录中。") % {"name": name})}
            )
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
    *, actor: User, task: Task, lead_units: list[str], cooperating_units: list[str], reason: str
) -> Task:
    """The plan office changes who leads and who cooperates (调整责任单位); reports already
    filed stay with the units that filed them."""
    can_import_plan(actor, task.plan.region).require()
    if not reason.strip():
        raise ValidationError({"reason": _("调整责任单位须说明原因。")})
    lead = _resolve_units(task.plan.region, lead_units, "lead_units")
    if not lead:
        raise ValidationError({"lead_units": _("至少需要一个牵头单位。")})
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
        verb=PlansVerb.TASK_REASSIGN,
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
def task_split(*, actor: User, task: Task, parts: list[dict[str, Any]], reason: str) -> list[Task]:
    """The plan office splits a task into parts (拆分), each with its own text, units and
    deadline. The original is withdrawn and keeps its history; each part points back to it."""
    can_import_plan(actor, task.plan.region).require()
    if not reason.strip():
        raise ValidationError({"reason": _("拆分任务须说明原因。")})
    if len(parts) < 2:
        raise ValidationError(_("拆分至少需要两项。"))
    if not task.is_active:
        raise ValidationError(_("这项任务已撤销，不能拆分。"))
    created: list[Task] = []
    last = task.plan.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    for index, part in enumerate(parts, start=1):
        text = (part.get("text") or "").strip()
        if not text:
            raise ValidationError(_("第%(index)s项的工作内容不能为空。") % {"index": index})
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
            verb=PlansVerb.TASK_SPLIT_PART,
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
        verb=PlansVerb.TASK_SPLIT,
        target=task,
        parent=task.plan,
        before={"is_active": True},
        after={"is_active": False, "split_into": [c.pk for c in created]},
    )
    return created
