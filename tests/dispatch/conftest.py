"""Fixtures for the board and bulletin pages: the board's URLs, the seed plan (83 tasks), a
hand-checkable plan of eleven tasks with states set directly, and signed-in clients."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.test import Client

from gongye.plans.models import Plan, Task
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.models import ProgressReport, TaskState
from tests.conftest import HUOSHAN

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def task_ids(html: str) -> list[int]:
    """The tasks a page shows, in page order (each task element carries data-task)."""
    seen: list[int] = []
    for match in re.finditer(r'data-task="(\d+)"', html):
        pk = int(match.group(1))
        if pk not in seen:
            seen.append(pk)
    return seen


@pytest.fixture
def seed_plan(org) -> Plan:
    """The embedded Huoshan 2022 plan, imported as `make run` does."""
    from gongye.plans.demo import load_seed_plan

    load_seed_plan()
    return Plan.objects.get(region__code=HUOSHAN, year=2022)


@pytest.fixture
def login():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


# Eleven tasks, April to August 2022, with the lead units the bulletin test counts.
SCENARIO_PLAN = (
    "霍山县2022年调度测试工作意见\n一、总体目标\n力争规上工业产值突破200亿元。\n"
    "全年重点工作确保时间过半、任务过六。\n"
    "附件：重点工作明细表\n\n"
    "\t月度\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t4月\n\t1.完成甲项工作。\n\t科技经信局\n\t开发区\n\n"
    "\t\n\t2.完成乙项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t5月\n\t1.完成丙项工作。\n\t科技经信局\n\t统计局\n\n"
    "\t\n\t2.完成丁项工作。\n\t开发区\n\t科技经信局\n\n"
    "\t\n\t3.完成戊项工作。\n\t金融服务中心\n\t开发区\n\n"
    "\t\n\t4.完成己项工作。\n\t统计局\n\t科技经信局\n\n"
    "\t6月\n\t1.完成庚项工作。\n\t科技经信局\n\t开发区\n\n"
    "\t\n\t2.完成辛项工作。\n\t科技经信局、开发区\n\t统计局\n\n"
    "\t\n\t3.完成壬项工作。\n\t金融服务中心\n\t开发区\n\n"
    "\t7月\n\t1.完成癸项工作。\n\t科技经信局\n\t开发区\n\n"
    "\t8月\n\t1.完成子项工作。\n\t开发区\n\t科技经信局\n"
)


def _close(state: TaskState, day: dt.date, on_time: bool) -> None:
    state.state, state.percent = "done", 100
    state.closed_at, state.closed_on_time = at(day), on_time
    state.save()


@pytest.fixture
def scenario(org, persona) -> dict[str, Task]:
    """The June 2022 scenario (set directly on TaskState, as the plan office's acceptances
    would have left it):

    4月1 科技经信局  closed 04-20 on time      4月2 开发区  closed 05-10 late
    5月1 科技经信局  closed 05-31 on time      5月2 开发区  open, 滞后 “用地报批未完成”
    5月3 金融服务中心 open, reason only in its reports (latest kept: “等待省厅批复”)
    5月4 统计局      open, no reason
    6月1 科技经信局  closed 07-02 (after June)  6月2 科技经信局+开发区 closed 06-15 on time
    6月3 金融服务中心 postponed to 08-15        7月1 科技经信局 closed 06-20 (early)
    8月1 开发区      open, not yet due
    """
    region = org[HUOSHAN]
    parsed, resolver = plan_document_parse(
        region=region, data=SCENARIO_PLAN.encode(), filename="scenario.txt"
    )
    plan = plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="scenario.txt"
    ).plan
    tasks = {f"{t.month}-{t.seq}": t for t in plan.tasks.all()}
    assert len(tasks) == 11
    states = {key: t.supervision for key, t in tasks.items()}
    _close(states["4-1"], dt.date(2022, 4, 20), True)
    _close(states["4-2"], dt.date(2022, 5, 10), False)
    _close(states["5-1"], dt.date(2022, 5, 31), True)
    states["5-2"].state, states["5-2"].percent = "late", 40
    states["5-2"].delay_reason = "用地报批未完成"
    states["5-2"].save()
    states["5-3"].state, states["5-3"].percent = "in_progress", 60
    states["5-3"].save()
    _close(states["6-1"], dt.date(2022, 7, 2), False)
    _close(states["6-2"], dt.date(2022, 6, 15), True)
    states["6-3"].due = dt.date(2022, 8, 15)
    states["6-3"].save()
    _close(states["7-1"], dt.date(2022, 6, 20), True)

    finance = tasks["5-3"].task_units.get(role="lead").unit
    author = persona("plan_office")
    for day, reason, status in (
        (dt.date(2022, 6, 1), "资金未到位", "approved"),
        (dt.date(2022, 6, 10), "等待省厅批复", "approved"),
        (dt.date(2022, 6, 20), "退回的报告不算", "returned"),
    ):
        report = ProgressReport.objects.create(
            task=tasks["5-3"],
            unit=finance,
            kind="lead",
            text="进展",
            percent=60,
            state="late",
            delay_reason=reason,
            status=status,
            created_by=author,
        )
        ProgressReport.objects.filter(pk=report.pk).update(created_at=at(day))
    return tasks
