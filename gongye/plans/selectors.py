"""Reads of plans, targets and tasks, scoped to the acting user's region."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from gongye.core.scope import scope_path
from gongye.plans.models import Plan, PlanImport, Target, Task, TaskUnit


def plan_list_for(user: Any) -> QuerySet[Plan]:
    path = scope_path(user)
    if path is None:
        return Plan.objects.none()
    return (
        Plan.objects.filter(region__path__startswith=path)
        .select_related("region")
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__is_active=True), distinct=True),
            target_count=Count("targets", filter=Q(targets__is_active=True), distinct=True),
        )
    )


def plan_get_for(user: Any, plan_id: int) -> Plan:
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


def tasks_by_period(tasks) -> list[tuple[str, list[Task]]]:
    return [(label, list(group)) for label, group in groupby(tasks, key=lambda t: t.period_label)]


def target_list_for_plan(plan: Plan) -> QuerySet[Target]:
    return plan.targets.filter(is_active=True).prefetch_related("milestones").order_by("seq")


def plan_import_get_for(user: Any, import_id: int) -> PlanImport:
    path = scope_path(user)
    if path is None:
        raise PlanImport.DoesNotExist
    return get_object_or_404(
        PlanImport.objects.filter(region__path__startswith=path).select_related("region", "plan"),
        pk=import_id,
    )
