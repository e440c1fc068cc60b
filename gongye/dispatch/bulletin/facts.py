"""What the bulletin needs of each key task, read from the database in a fixed number of
queries: the task, its current deadline (after postponement), the day it closed, its lead units
and the latest delay reason. Everything after this is arithmetic on plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from gongye.dispatch.board import task_state
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan, Task, TaskUnit
from gongye.supervision.choices import ReportKind, ReportStatus, TaskProgressState
from gongye.supervision.labels import task_label
from gongye.supervision.models import ProgressReport


@dataclass(frozen=True)
class LeadUnit:
    id: int
    name: str


@dataclass(frozen=True)
class TaskFacts:
    """What the bulletin needs of one key task, read once from the database."""

    id: int
    position: int
    month: int | None
    period_label: str
    seq: int | None
    text: str
    due: dt.date | None
    closed_on: dt.date | None
    closed_on_time: bool | None
    state: str
    percent: int
    leads: tuple[LeadUnit, ...]
    lead_text: str
    delay_reason: str

    @property
    def label(self) -> str:
        return task_label(self)


def current_dates(
    plan_due: dt.date | None, state_due: dt.date | None, closed_at: dt.datetime | None
) -> tuple[dt.date | None, dt.date | None]:
    """A task's deadline as it stands (the state's, after any postponement, else the plan's)
    and the day it closed (in the local calendar)."""
    return state_due or plan_due, timezone.localdate(closed_at) if closed_at else None


def plan_task_facts(plan: Plan) -> list[TaskFacts]:
    """The plan's active tasks as facts: tasks with their state, lead units, and the latest
    delay reason of the lead unit's reports where the state has none (3 queries)."""
    tasks = list(
        Task.objects.filter(plan=plan, is_active=True)
        .select_related("supervision")
        .prefetch_related(
            Prefetch(
                "task_units",
                queryset=TaskUnit.objects.filter(role=UnitRole.LEAD)
                .select_related("unit")
                .order_by("position"),
                to_attr="leads",
            )
        )
        .order_by("position")
    )
    reasons: dict[int, str] = {}
    for task_id, reason in (
        ProgressReport.objects.filter(task__plan=plan, kind=ReportKind.LEAD)
        .exclude(delay_reason="")
        .exclude(status=ReportStatus.RETURNED)
        .order_by("task_id", "-created_at", "-id")
        .values_list("task_id", "delay_reason")
    ):
        reasons.setdefault(task_id, reason)
    facts = []
    for t in tasks:
        state = task_state(t)  # None: no TaskState yet, not started, the plan's deadline
        due, closed_on = current_dates(
            t.due, state.due if state else None, state.closed_at if state else None
        )
        # ``leads`` is set by the Prefetch above (to_attr), which the stubs cannot see
        leads: list[TaskUnit] = t.leads  # type: ignore[attr-defined]
        lead_names = [tu.unit.name for tu in leads]
        facts.append(
            TaskFacts(
                id=t.pk,
                position=t.position,
                month=t.month,
                period_label=t.period_label,
                seq=t.seq,
                text=t.text,
                due=due,
                closed_on=closed_on,
                closed_on_time=state.closed_on_time if state else None,
                state=state.state if state else TaskProgressState.NOT_STARTED,
                percent=state.percent if state else 0,
                leads=tuple(LeadUnit(tu.unit_id, tu.unit.name) for tu in leads),
                lead_text=gettext("、").join(lead_names)
                + (gettext("等") if lead_names and t.lead_open_ended else ""),
                delay_reason=((state.delay_reason if state else "") or reasons.get(t.pk, "")),
            )
        )
    return facts


def plans_task_dates(plans: Sequence[Plan]) -> dict[int, list[TaskFacts]]:
    """Per plan (by id), its active tasks' deadlines and closures only — what the totals
    need — for many plans in one query."""
    facts: dict[int, list[TaskFacts]] = {p.pk: [] for p in plans}
    rows = (
        Task.objects.filter(plan__in=[p.pk for p in plans], is_active=True)
        .values_list(
            "plan_id",
            "pk",
            "position",
            "due",
            "supervision__due",
            "supervision__closed_at",
            "supervision__closed_on_time",
        )
        .order_by("plan_id", "position")
    )
    for plan_id, pk, position, plan_due, state_due, closed_at, closed_on_time in rows:
        due, closed_on = current_dates(plan_due, state_due, closed_at)
        facts[plan_id].append(
            TaskFacts(
                id=pk,
                position=position,
                month=None,
                period_label="",
                seq=None,
                text="",
                due=due,
                closed_on=closed_on,
                closed_on_time=closed_on_time,
                state="",
                percent=0,
                leads=(),
                lead_text="",
                delay_reason="",
            )
        )
    return facts
