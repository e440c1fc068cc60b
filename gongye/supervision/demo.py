"""Demo progress for the embedded plan, so boards, colours and the bulletin show something
real-looking. Generated reproducibly (a fixed seed per task), written only in demo mode, only
once, and labelled: every generated report says it is demo data and is filed by the inactive
account ``demo_data`` (演示数据)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongye.accounts.models import User
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan
from gongye.supervision.choices import ReportKind, ReportStatus, TaskProgressState
from gongye.supervision.models import ProgressReport, TaskState

DEMO_USER = "demo_data"
DELAY_REASONS = [
    "受疫情影响，现场核查推迟。",
    "项目用地手续尚在报批。",
    "企业资金未及时到位。",
    "等待省级主管部门批复。",
    "设备采购周期延长。",
]
MARK = "【演示数据】"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def load_demo_progress(plan: Plan) -> str:
    if ProgressReport.objects.filter(task__plan=plan).exists():
        return "演示进展已存在，未作改动。"
    author, _ = User.objects.get_or_create(
        username=DEMO_USER,
        defaults={
            "display_name": "演示数据",
            "is_active": False,
            "is_demo": True,
            "must_change_password": False,
            "home_region": plan.region,
        },
    )
    counts = {"on_time": 0, "late": 0, "open": 0}
    tasks = plan.tasks.filter(is_active=True).prefetch_related("task_units")
    for task in tasks:
        lead = next((tu.unit_id for tu in task.task_units.all() if tu.role == UnitRole.LEAD), None)
        if lead is None or task.due is None:
            continue
        rng = random.Random(f"gongye-demo-{plan.year}-{task.position}")
        roll = rng.random()
        state = TaskState.objects.get(task=task)
        if roll < 0.72:
            closed = task.due - dt.timedelta(days=rng.randint(0, 12))
            kind = "on_time"
        elif roll < 0.86:
            closed = task.due + dt.timedelta(days=rng.randint(3, 25))
            kind = "late"
        else:
            closed = None
            kind = "open"
        counts[kind] += 1
        if closed is not None:
            report = ProgressReport.objects.create(
                task=task,
                unit_id=lead,
                kind=ReportKind.LEAD,
                text=f"{MARK}已按要求完成。",
                percent=100,
                state=TaskProgressState.DONE,
                status=ReportStatus.ACCEPTED,
                created_by=author,
                approved_by=author,
                reviewed_by=author,
                approved_at=_at(closed),
                reviewed_at=_at(closed),
            )
            ProgressReport.objects.filter(pk=report.pk).update(
                created_at=_at(closed - dt.timedelta(days=1))
            )
            state.state, state.percent = TaskProgressState.DONE, 100
            state.closed_at, state.closed_on_time = _at(closed), kind == "on_time"
            state.was_overdue = kind == "late"
            state.last_reported_at = _at(closed)
        else:
            reason = rng.choice(DELAY_REASONS)
            percent = rng.randint(3, 8) * 10
            report = ProgressReport.objects.create(
                task=task,
                unit_id=lead,
                kind=ReportKind.LEAD,
                text=f"{MARK}正在推进，完成约{percent}%。",
                percent=percent,
                state=TaskProgressState.LATE,
                delay_reason=reason,
                status=ReportStatus.APPROVED,
                created_by=author,
                approved_by=author,
                approved_at=_at(task.due),
            )
            ProgressReport.objects.filter(pk=report.pk).update(created_at=_at(task.due))
            state.state, state.percent, state.delay_reason = TaskProgressState.LATE, percent, reason
            state.was_overdue = True
            state.last_reported_at = _at(task.due)
        state.save()
    audit_record(
        actor=None,
        verb=Verb.IMPORT,
        target=plan,
        actor_name="演示数据",
        after={"demo_progress": counts},
    )
    return (
        f"已生成演示进展（{MARK}）：按时办结 {counts['on_time']}、逾期办结 {counts['late']}、"
        f"未完成 {counts['open']} 项。"
    )


def load_demo_progress_for_default_region() -> str:
    from django.conf import settings

    plan = Plan.objects.filter(region__code=settings.GONGYE_DEFAULT_REGION).order_by("year").first()
    if plan is None:
        return "没有内置计划，跳过演示进展。"
    return load_demo_progress(plan)


@transaction.atomic
def load_demo_queue(plan: Plan) -> str:
    """A day's work left waiting, through the real services and the demo accounts, so each
    persona's 工作台 and 督办 show a queue: 开发区's liaison has one report waiting for its head
    and one its head returned, and one its head approved waits for the next step (the plan
    office's acceptance of a lead report, or the lead unit's adoption of a contribution). Once only; skipped without the demo accounts."""
    from gongye.supervision.services import report_review, report_submit

    liaison = User.objects.filter(username="kfq_liaison").first()
    head = User.objects.filter(username="kfq_head").first()
    if liaison is None or head is None or liaison.is_active is False:
        return ""
    if ProgressReport.objects.filter(task__plan=plan, created_by=liaison).exists():
        return ""
    unit_id = liaison.acting.unit_id if liaison.acting else None
    if unit_id is None:
        return ""
    open_tasks = plan.tasks.filter(is_active=True, supervision__closed_at__isnull=True).order_by(
        "position"
    )
    # its open duties, led or helped (in the embedded plan 开发区 mostly cooperates)
    mine = list(open_tasks.filter(task_units__unit_id=unit_id).distinct()[:3])
    if len(mine) < 3:
        return ""
    report_submit(
        actor=liaison,
        task=mine[0],
        text=f"{MARK}主体工程已完成，正在办理竣工验收。",
        percent=90,
        state=TaskProgressState.IN_PROGRESS,
    )
    returned = report_submit(
        actor=liaison,
        task=mine[1],
        text=f"{MARK}已推进。",
        percent=50,
        state=TaskProgressState.IN_PROGRESS,
    )
    report_review(
        actor=head, report=returned, action="return", comment="请写明完成的具体事项并附现场照片。"
    )
    contribution = report_submit(
        actor=liaison,
        task=mine[2],
        text=f"{MARK}已完成园区企业摸底。",
        percent=100,
        state=TaskProgressState.DONE,
    )
    report_review(actor=head, report=contribution, action="approve")
    return "已生成演示待办：开发区待审核报告 1 份、被退回报告 1 份、已审核待下一步的报告 1 份。"


def supervision_demo_load(report: object) -> str:
    """The ``load_demo`` step (``SupervisionConfig.demo_loaders``)."""
    done = load_demo_progress_for_default_region()
    from django.conf import settings

    plan = Plan.objects.filter(region__code=settings.GONGYE_DEFAULT_REGION).order_by("year").first()
    queue = load_demo_queue(plan) if plan is not None else ""
    return f"{done}{queue}"
