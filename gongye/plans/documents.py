"""A plan document read against the region's unit register, and compared with the plan already
in the system. Reads only: the import services write from them, the preview selector shows
them."""

from __future__ import annotations

from gongye.orgs.models import Region
from gongye.plans.diff import TaskDiff, TaskKey, diff_tasks
from gongye.plans.models import Plan, PlanImport, Task
from gongye.plans.parsing import ParsedPlan, ParsedTask, parse_plan
from gongye.plans.resolver import RegionUnitResolver


def plan_document_parse(
    *, region: Region, data: bytes, filename: str, year: int | None = None
) -> tuple[ParsedPlan, RegionUnitResolver]:
    """Parses with the region's unit register; raises ParseError (Chinese, with location)."""
    resolver = RegionUnitResolver(region)
    return parse_plan(data, filename, resolver, year=year), resolver


def plan_import_parse(record: PlanImport) -> tuple[ParsedPlan, RegionUnitResolver]:
    """The stored upload of an import, parsed again (the unit register may have grown since)."""
    with record.file.open("rb") as handle:
        data = handle.read()
    return plan_document_parse(region=record.region, data=data, filename=record.filename)


def unresolved_names(parsed: ParsedPlan) -> list[str]:
    seen: list[str] = []
    for task in parsed.tasks:
        for name in task.unresolved:
            if name not in seen:
                seen.append(name)
    return seen


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
