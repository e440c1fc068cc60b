"""督办 rules with a controlled clock, the report state machine, evidence by content, and the
plan office's adjustments — each service checked for its audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.plans.services import task_reassign, task_split
from gongye.supervision.choices import Colour, ReportStatus
from gongye.supervision.models import ProgressReport, TaskState
from gongye.supervision.rules import ColourInput, reminders_due, task_colour
from gongye.supervision.selectors import task_list_for
from gongye.supervision.services import report_review, report_submit, task_postpone
from tests.conftest import TINY_PDF

DUE = dt.date(2022, 1, 31)


@pytest.mark.parametrize(
    "today, closed, was_overdue, expected",
    [
        (dt.date(2022, 1, 1), False, False, Colour.GREEN),  # 30 days ahead
        (dt.date(2022, 1, 23), False, False, Colour.GREEN),  # 8 days ahead
        (dt.date(2022, 1, 24), False, False, Colour.YELLOW),  # 7 days ahead
        (dt.date(2022, 1, 31), False, False, Colour.YELLOW),  # the day itself
        (dt.date(2022, 2, 1), False, False, Colour.RED),  # a day late
        (dt.date(2022, 2, 1), True, False, Colour.GREEN),  # closed
        (dt.date(2022, 1, 1), False, True, Colour.YELLOW),  # caught up after going red
    ],
)
def test_colour_rule(today, closed, was_overdue, expected):
    assert task_colour(ColourInput(DUE, closed, was_overdue), today, warn_days=7) == expected


def test_sql_colour_agrees_with_the_rule(small_plan, plan_office):
    task = small_plan.tasks.get(seq=1)
    state = task.supervision
    cases = [
        (dt.date(2022, 1, 1), None, False),
        (dt.date(2022, 1, 24), None, False),
        (dt.date(2022, 2, 2), None, False),
        (dt.date(2022, 2, 2), dt.datetime(2022, 2, 1, tzinfo=dt.UTC), False),
        (dt.date(2022, 1, 2), None, True),
    ]
    for today, closed_at, was_overdue in cases:
        TaskState.objects.filter(pk=state.pk).update(closed_at=closed_at, was_overdue=was_overdue)
        sql = task_list_for(plan_office, today=today).get(pk=task.pk).colour
        rule = task_colour(ColourInput(DUE, closed_at is not None, was_overdue), today, warn_days=7)
        assert sql == rule, (today, closed_at, was_overdue)


def test_reminder_rule():
    assert [r.rule for r in reminders_due(DUE, False, dt.date(2022, 1, 28), 3)] == ["due_soon"]
    assert [r.rule for r in reminders_due(DUE, False, DUE, 3)] == ["due_today"]
    assert reminders_due(DUE, False, dt.date(2022, 1, 29), 3) == []
    first = reminders_due(DUE, False, dt.date(2022, 2, 1), 3)
    assert first[0].rule == "overdue" and first[0].audiences == ("unit_head", "plan_office")
    assert reminders_due(DUE, False, dt.date(2022, 2, 2), 3) == []
    assert reminders_due(DUE, False, dt.date(2022, 2, 8), 3)[0].rule == "overdue"
    assert reminders_due(DUE, True, DUE, 3) == []


def test_full_review_flow_closes_the_task(kfq_task, persona):
    liaison, head, office = persona("lead_liaison"), persona("unit_head"), persona("plan_office")
    with time_machine.travel(dt.datetime(2022, 1, 20, 10, tzinfo=dt.UTC), tick=False):
        report = report_submit(
            actor=liaison, task=kfq_task, text="第二项完成", percent=100, state="done"
        )
        assert report.kind == "lead" and report.status == ReportStatus.SUBMITTED
        with pytest.raises(ValidationError):  # not yet approved by the unit head
            report_review(actor=office, report=report, action="accept")
        with pytest.raises(PermissionDenied):  # the head's step is not the office's
            report_review(actor=office, report=report, action="approve")
        report = report_review(actor=head, report=report, action="approve")
        assert report.status == ReportStatus.APPROVED
        kfq_task.supervision.refresh_from_db()
        assert kfq_task.supervision.state == "done" and kfq_task.supervision.closed_at is None
        report = report_review(actor=office, report=report, action="accept")
    state = TaskState.objects.get(task=kfq_task)
    assert report.status == ReportStatus.ACCEPTED
    assert state.closed_at is not None and state.closed_on_time is True
    assert (
        task_list_for(office, today=dt.date(2022, 3, 1)).get(pk=kfq_task.pk).colour == Colour.GREEN
    )
    with pytest.raises(ValidationError):
        report_review(actor=office, report=report, action="return", comment="再看看")
    verbs = AuditEntry.objects.filter(
        parent_type="plans.task", parent_id=str(kfq_task.pk)
    ).values_list("verb", flat=True)
    # the business verbs (issue 9): each step says what it was
    assert {
        "report.submit",
        "report.approve",
        "report.accept",
        "task.progress",
        "task.close",
    } <= set(verbs)


def test_return_needs_a_comment_and_head_only_reviews_own_unit(kfq_task, persona, org, unit):
    from tests.conftest import make_persona

    report = report_submit(
        actor=persona("lead_liaison"), task=kfq_task, text="进展", percent=30, state="in_progress"
    )
    head = persona("unit_head")
    with pytest.raises(ValidationError):
        report_review(actor=head, report=report, action="return")
    other_head = make_persona("coop_liaison")
    with pytest.raises(PermissionDenied):
        report_review(actor=other_head, report=report, action="approve")
    returned = report_review(actor=head, report=report, action="return", comment="请补充佐证")
    assert returned.status == ReportStatus.RETURNED and returned.review_comment == "请补充佐证"


def test_report_validation_writes_nothing(kfq_task, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    liaison = persona("lead_liaison")
    bad_cases = [
        dict(text="", percent=10, state="in_progress"),
        dict(text="x", percent=101, state="in_progress"),
        dict(text="x", percent=10, state="late"),  # no reason
        dict(text="x", percent=50, state="done"),
        dict(text="x", percent=10, state="nonsense"),
        dict(
            text="x",
            percent=10,
            state="in_progress",
            files=[("照片.jpg", b"MZ\x90\x00 this is an exe")],
        ),
        dict(
            text="x",
            percent=10,
            state="in_progress",
            files=[("合同.pdf", b"PK\x03\x04 zip pretending")],
        ),
        dict(text="x", percent=10, state="in_progress", files=[("空.pdf", b"")]),
    ]
    for case in bad_cases:
        with pytest.raises(ValidationError) as caught:
            report_submit(actor=liaison, task=kfq_task, **case)
        assert any("\u4e00" <= ch <= "\u9fff" for m in caught.value.messages for ch in m)
    settings.GONGYE_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        report_submit(
            actor=liaison,
            task=kfq_task,
            text="x",
            percent=1,
            state="in_progress",
            files=[("大.pdf", TINY_PDF + b"0" * 2048)],
        )
    assert "超过" in caught.value.messages[0]
    assert not ProgressReport.objects.exists()
    assert not list(tmp_path.rglob("*"))


def test_cooperating_unit_files_a_contribution(small_plan, persona, org):
    task = small_plan.tasks.get(seq=1)  # lead 科技经信局, cooperating 开发区
    report = report_submit(
        actor=persona("lead_liaison"), task=task, text="配合完成", percent=100, state="done"
    )
    assert report.kind == "contribution"
    head = persona("unit_head")
    report = report_review(actor=head, report=report, action="approve")
    with pytest.raises(ValidationError):
        report_review(actor=persona("plan_office"), report=report, action="accept")
    task.supervision.refresh_from_db()
    assert task.supervision.state == "not_started"  # a contribution does not speak for the task


def test_a_township_cooperates_through_its_group(kfq_task, persona):
    # 衡山镇 is a member of 相关乡镇, which cooperates on the 开发区 task
    report = report_submit(
        actor=persona("coop_liaison"), task=kfq_task, text="衡山镇已配合", percent=100, state="done"
    )
    assert report.kind == "contribution" and report.unit.name == "衡山镇"
    assert kfq_task.pk in {t.pk for t in task_list_for(persona("coop_liaison"))}


def test_outsiders_cannot_report(kfq_task, persona):
    for name in ("plan_office", "county_leader", "outsider", "unit_head"):
        with pytest.raises(PermissionDenied):
            report_submit(
                actor=persona(name), task=kfq_task, text="x", percent=1, state="in_progress"
            )


def test_postpone_keeps_an_overdue_task_yellow(kfq_task, persona):
    office = persona("plan_office")
    with time_machine.travel(dt.datetime(2022, 2, 3, 9, tzinfo=dt.UTC), tick=False):
        assert (
            task_list_for(office, today=dt.date(2022, 2, 3)).get(pk=kfq_task.pk).colour
            == Colour.RED
        )
        with pytest.raises(ValidationError):
            task_postpone(actor=office, task=kfq_task, new_due=dt.date(2022, 3, 31), reason="")
        state = task_postpone(
            actor=office, task=kfq_task, new_due=dt.date(2022, 3, 31), reason="等待省厅批复"
        )
    assert state.was_overdue and state.due == dt.date(2022, 3, 31)
    assert (
        task_list_for(office, today=dt.date(2022, 2, 3)).get(pk=kfq_task.pk).colour == Colour.YELLOW
    )
    entry = AuditEntry.objects.filter(
        target_type="supervision.taskstate", target_id=str(state.pk)
    ).latest("id")
    assert entry.before["due"] == "2022-01-31" and entry.after["reason"] == "等待省厅批复"
    with pytest.raises(PermissionDenied):
        task_postpone(
            actor=persona("lead_liaison"), task=kfq_task, new_due=dt.date(2022, 4, 30), reason="x"
        )


def test_reassign_and_split(kfq_task, persona):
    office = persona("plan_office")
    task = task_reassign(
        actor=office,
        task=kfq_task,
        lead_units=["开发区", "商务局"],
        cooperating_units=["开发区", "财政局"],
        reason="增加商务局",
    )
    assert task.lead_names == ["开发区", "商务局"] and task.cooperating_names == ["财政局"]
    with pytest.raises(ValidationError):
        task_reassign(
            actor=office, task=kfq_task, lead_units=["不存在的局"], cooperating_units=[], reason="x"
        )
    parts = task_split(
        actor=office,
        task=kfq_task,
        reason="分两步",
        parts=[
            {"text": "第一步", "lead_units": ["开发区"]},
            {"text": "第二步", "lead_units": ["商务局"], "due": dt.date(2022, 2, 28)},
        ],
    )
    kfq_task.refresh_from_db()
    assert not kfq_task.is_active and [p.parent_id for p in parts] == [kfq_task.pk, kfq_task.pk]
    assert parts[1].supervision.due == dt.date(2022, 2, 28)
    assert AuditEntry.objects.filter(
        target_type="plans.task", target_id=str(parts[0].pk), verb="task.split_part"
    ).exists()
