"""Reads of plans, targets and tasks, scoped to the acting user's region; and the import
preview page, assembled as typed, frozen values the view renders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet, TextChoices
from django.shortcuts import get_object_or_404

from gongye.core.scope import acting_of
from gongye.orgs.models import Unit
from gongye.plans.choices import Comparator, ImportStatus, TargetKind
from gongye.plans.diff import TaskKey
from gongye.plans.documents import (
    existing_plan,
    plan_import_parse,
    plan_task_diff,
    unresolved_names,
)
from gongye.plans.models import Plan, PlanImport, Target, Task, TaskUnit
from gongye.plans.parsing import ParsedPlan, ParsedTarget, ParsedTask, ParseError
from gongye.plans.permissions import can_import_plan
from gongye.plans.resolver import RegionUnitResolver

if TYPE_CHECKING:
    from gongye.accounts.models import User


def plan_list_for(user: User) -> QuerySet[Plan]:
    return (
        Plan.objects.in_scope(user)
        .select_related("region")
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__is_active=True), distinct=True),
            target_count=Count("targets", filter=Q(targets__is_active=True), distinct=True),
        )
    )


def plan_get_for(user: User, plan_id: int) -> Plan:
    return get_object_or_404(plan_list_for(user), pk=plan_id)


def task_list_for_plan(
    plan: Plan, *, unit_id: int | None = None, month: int | None = None
) -> QuerySet[Task]:
    tasks = plan.tasks.filter(is_active=True)
    if unit_id:
        tasks = tasks.filter(task_units__unit_id=unit_id).distinct()
    if month:
        tasks = tasks.filter(month=month)
    return tasks.prefetch_related(
        Prefetch(
            "task_units",
            queryset=TaskUnit.objects.select_related("unit").order_by("role", "position"),
        )
    ).order_by("position")


def tasks_by_period(tasks: Iterable[Task]) -> list[tuple[str, list[Task]]]:
    return [(label, list(group)) for label, group in groupby(tasks, key=lambda t: t.period_label)]


def target_list_for_plan(plan: Plan) -> QuerySet[Target]:
    """The plan's targets in order, each with its milestones and the units of the task it was
    read with (``Target.lead_names``)."""
    return (
        plan.targets.filter(is_active=True)
        .select_related("task")
        .prefetch_related(
            "milestones",
            Prefetch(
                "task__task_units",
                queryset=TaskUnit.objects.select_related("unit").order_by("role", "position"),
            ),
        )
        .order_by("seq")
    )


def plan_import_get_for(user: User, import_id: int) -> PlanImport:
    return get_object_or_404(
        PlanImport.objects.in_scope(user).select_related("region", "plan"), pk=import_id
    )


# ----- checkpoints (序时节点) -----


@dataclass(frozen=True)
class Checkpoint:
    """By the end of ``month``, ``percent`` % of the year's work is due."""

    month: int
    percent: Decimal


def checkpoint_list(
    checkpoints: Mapping[int, Decimal] | Mapping[str, int | float | Decimal],
) -> tuple[Checkpoint, ...]:
    """A plan's stored checkpoints ({"6": 60}) or a parsed plan's ({6: Decimal(60)}), by month."""
    return tuple(
        sorted(
            (
                Checkpoint(int(month), Decimal(str(percent)))
                for month, percent in checkpoints.items()
            ),
            key=lambda c: c.month,
        )
    )


# ----- the import preview page -----


@dataclass(frozen=True)
class PreviewTask:
    period_label: str
    seq: int | None
    text: str
    lead_units: tuple[str, ...]
    cooperating_units: tuple[str, ...]
    lead_open_ended: bool
    cooperating_open_ended: bool
    unresolved: tuple[str, ...]
    source_row: int | None
    source_line: int | None


@dataclass(frozen=True)
class PreviewTarget:
    """A target as the preview shows it: its kind and comparator in words (the choices'
    labels, in the page's language), the units that lead it and its deadline."""

    name: str
    kind: str
    value: Decimal
    unit: str
    qualifiers: tuple[str, ...]
    sentence: str
    kind_label: str = ""
    comparator: str = ""
    comparator_label: str = ""
    lead_units: tuple[str, ...] = ()
    due: date | None = None
    source: str = "body"


@dataclass(frozen=True)
class UnknownName:
    """A unit name the register does not know. ``prefix`` is set when the name would be the
    region's unit ``canonical`` but for a region prefix that names another region (某某区…
    imported into a county): the plan office is asked, as for any unknown name."""

    name: str
    prefix: str = ""
    canonical: str = ""
    region: str = ""


@dataclass(frozen=True)
class PeriodCount:
    """How many tasks one period of the table (1月, 一季度, 全年 …) has."""

    label: str
    count: int


@dataclass(frozen=True)
class PreviewWarning:
    """Something to look at before confirming, with where it is in the file."""

    text: str  # the message with its location, as shown
    message: str
    row: int | None
    column: int | None
    line: int | None
    table: int | None


@dataclass(frozen=True)
class TaskChange:
    old: TaskKey
    new: TaskKey


@dataclass(frozen=True)
class PreviewDiff:
    """The document's tasks against the active tasks of the plan already in the system."""

    unchanged: tuple[TaskChange, ...]
    changed: tuple[TaskChange, ...]
    added: tuple[TaskKey, ...]
    removed: tuple[TaskKey, ...]


@dataclass(frozen=True)
class ExistingPlan:
    id: int
    title: str


@dataclass(frozen=True)
class ImportPreview:
    """Everything the preview page shows of one import. ``is_open`` is False once it was
    applied or discarded; ``error`` is set when the stored file no longer parses."""

    record: PlanImport
    is_open: bool
    error: str = ""
    title: str = ""
    year: int | None = None
    tasks: tuple[PreviewTask, ...] = ()
    targets: tuple[PreviewTarget, ...] = ()
    periods: tuple[PeriodCount, ...] = ()
    unknown_names: tuple[str, ...] = ()
    unknown_units: tuple[UnknownName, ...] = ()
    warnings: tuple[PreviewWarning, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    existing: ExistingPlan | None = None
    diff: PreviewDiff | None = None

    @property
    def can_apply(self) -> bool:
        return self.is_open and not self.error and not self.unknown_names


def import_preview_for(user: User, record: PlanImport) -> ImportPreview:
    """The preview of an import the user may act on (the plan office of its region)."""
    can_import_plan(user, record.region).require()
    if record.status != ImportStatus.PREVIEW:
        return ImportPreview(record=record, is_open=False)
    try:
        parsed, resolver = plan_import_parse(record)
    except ParseError as error:
        return ImportPreview(record=record, is_open=True, error=str(error))
    existing = existing_plan(record.region, parsed.year)
    unknown = unresolved_names(parsed)
    return ImportPreview(
        record=record,
        is_open=True,
        title=parsed.title,
        year=parsed.year,
        tasks=tuple(_preview_task(t) for t in parsed.tasks),
        targets=tuple(_preview_target(t) for t in parsed.targets),
        periods=tuple(
            PeriodCount(label, n)
            for label, n in Counter(t.period_label for t in parsed.tasks).items()
        ),
        unknown_names=tuple(unknown),
        unknown_units=tuple(_unknown_name(resolver, name) for name in unknown),
        warnings=tuple(
            PreviewWarning(str(w), w.message, w.row, w.column, w.line, w.table)
            for w in parsed.warnings
        ),
        checkpoints=checkpoint_list(parsed.checkpoints),
        existing=ExistingPlan(existing.pk, existing.title) if existing else None,
        diff=_preview_diff(existing, parsed),
    )


def _preview_target(target: ParsedTarget) -> PreviewTarget:
    return PreviewTarget(
        name=target.name,
        kind=target.kind,
        value=target.value,
        unit=target.unit,
        qualifiers=tuple(target.qualifiers),
        sentence=target.sentence,
        kind_label=_label(TargetKind, target.kind),
        comparator=target.comparator,
        comparator_label=_label(Comparator, target.comparator),
        lead_units=tuple(target.lead_units),
        due=target.due,
        source=target.source,
    )


def _label(choices: type[TextChoices], value: str) -> str:
    """A choice's label in the active language; an unknown value as it is."""
    return str(choices(value).label) if value in choices.values else value


def _unknown_name(resolver: RegionUnitResolver, name: str) -> UnknownName:
    mismatch = resolver.mismatch(name)
    if mismatch is None:
        return UnknownName(name)
    return UnknownName(name, mismatch.prefix, mismatch.canonical, mismatch.region)


def _preview_task(task: ParsedTask) -> PreviewTask:
    return PreviewTask(
        period_label=task.period_label,
        seq=task.seq,
        text=task.text,
        lead_units=tuple(task.lead_units),
        cooperating_units=tuple(task.cooperating_units),
        lead_open_ended=task.lead_open_ended,
        cooperating_open_ended=task.cooperating_open_ended,
        unresolved=tuple(task.unresolved),
        source_row=task.source_row,
        source_line=task.source_line,
    )


def _preview_diff(existing: Plan | None, parsed: ParsedPlan) -> PreviewDiff:
    diff = plan_task_diff(existing, parsed)
    return PreviewDiff(
        unchanged=tuple(TaskChange(old, new) for old, new in diff.unchanged),
        changed=tuple(TaskChange(old, new) for old, new in diff.changed),
        added=tuple(diff.added),
        removed=tuple(diff.removed),
    )


def task_ids_of_unit(user: User, plan: Plan) -> set[int]:
    """The plan's tasks the acting unit (or a group it belongs to, 相关乡镇 …) leads or
    cooperates on; empty for a region-wide reader."""
    acting = acting_of(user)
    if acting is None or acting.unit_id is None:
        return set()
    units = [
        acting.unit_id,
        *Unit.objects.filter(members=acting.unit_id).values_list("pk", flat=True),
    ]
    return set(
        TaskUnit.objects.filter(task__plan=plan, unit_id__in=units).values_list(
            "task_id", flat=True
        )
    )


def home_plan_for(user: User) -> Plan | None:
    """For an enterprise (which has no duty in the plan): the county's plan of this year, or
    the last one before it, to read its measures and funding rules (资金政策)."""
    from django.utils import timezone

    from gongye.core.periods import default_year
    from gongye.core.roles import Role

    acting = acting_of(user)
    if acting is None or acting.role != Role.ENTERPRISE:
        return None
    plans = {p.year: p for p in plan_list_for(user).filter(region=acting.region)}
    if not plans:
        return None
    return plans.get(default_year(list(plans), timezone.localdate()))
