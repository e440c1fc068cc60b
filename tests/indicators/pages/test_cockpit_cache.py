"""The cockpit's plan part (targets, lines, unit rates) is computed once per data version of
the plan: a second read costs one query, and every kind of write to what it is computed from
shows at once (issue 10, load)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gongye.indicators.models import TargetOwner
from gongye.indicators.selectors.cockpit import plan_part
from gongye.indicators.versions import data_version
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan, TaskUnit
from gongye.supervision.models import ProgressReport, TaskState

pytestmark = pytest.mark.django_db
JULY = dt.date(2022, 7, 15)


def _version(plan):
    return data_version(Plan.objects.filter(pk=plan.pk), year=plan.year)


def test_a_second_read_is_one_query(small_plan, record):
    record(small_plan.targets.order_by("seq").first(), 6, "10")
    first = plan_part(small_plan, today=JULY, month=6)
    with CaptureQueriesContext(connection) as queries:
        again = plan_part(small_plan, today=JULY, month=6)
    assert len(queries) == 1
    assert again.version == first.version
    assert [r.latest for r in again.rows] == [r.latest for r in first.rows]


def test_the_day_the_month_and_the_language_each_have_their_own(small_plan):
    base = plan_part(small_plan, today=JULY, month=6).version
    assert plan_part(small_plan, today=JULY + dt.timedelta(days=1), month=6).version != base
    assert plan_part(small_plan, today=JULY, month=5).version != base
    with translation.override("en"):
        english = plan_part(small_plan, today=JULY, month=6)
    assert english.version != base
    assert english.charts["labels"]["actual"] == "Actual"


def _edit_target(plan, org, persona, record):
    target = plan.targets.first()
    target.name += "（修订）"
    target.save()


def _new_figure(plan, org, persona, record):
    record(plan.targets.first(), 6, "10")


def _owner(plan, org, persona, record):
    TargetOwner.objects.create(target=plan.targets.first(), unit=plan.tasks.first().units.first())


def _owner_moved(plan, org, persona, record):
    unit = plan.tasks.first().units.first()
    owner = TargetOwner.objects.create(target=plan.targets.first(), unit=unit)
    before = _version(plan)
    owner.unit = plan.tasks.last().units.exclude(pk=unit.pk).first()
    owner.save()
    return before


def _task_withdrawn(plan, org, persona, record):
    task = plan.tasks.first()
    task.is_active = False
    task.save()


def _unit_moved(plan, org, persona, record):
    duty = TaskUnit.objects.filter(task__plan=plan, role=UnitRole.LEAD).first()
    duty.position += 1
    duty.save()


def _state_closed(plan, org, persona, record):
    state = TaskState.objects.filter(task__plan=plan).first()
    state.percent = 100
    state.save()


def _reminder_mark(plan, org, persona, record):
    # the one bulk update of these tables (the daily reminders' overdue mark) keeps the time too
    from gongye.supervision.reminders import task_deadlines

    task_deadlines(dt.date(plan.year + 1, 1, 1))
    assert TaskState.objects.filter(task__plan=plan, was_overdue=True).exists()


def _report(plan, org, persona, record):
    task = plan.tasks.get(seq=2)
    report = ProgressReport.objects.create(
        task=task,
        unit=task.units.first(),
        kind="lead",
        text="进展",
        percent=40,
        state="in_progress",
        delay_reason="",
        created_by=persona("lead_liaison"),
    )
    before = _version(plan)
    report.status = "returned"
    report.save()
    return before


def _unit_renamed(plan, org, persona, record):
    unit = plan.tasks.first().units.first()
    unit.full_name += "（新）"
    unit.save()


def _plan_paced(plan, org, persona, record):
    plan.checkpoints = {"6": 50}
    plan.save()


@pytest.mark.parametrize(
    "write",
    [
        _edit_target,
        _new_figure,
        _owner,
        _owner_moved,
        _task_withdrawn,
        _unit_moved,
        _state_closed,
        _reminder_mark,
        _report,
        _unit_renamed,
        _plan_paced,
    ],
)
def test_every_write_changes_the_version(write, small_plan, org, persona, record):
    before = _version(small_plan)
    before = write(small_plan, org, persona, record) or before
    assert _version(small_plan) != before
