"""Issue 11, item 6: a recurring deadline (每月10日前, 每季度末 …) holds the task to the period
it has not yet reported for: red when a period passes unreported, on to the next period once
a report is approved, back when that report is returned."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongye.plans.recurrence import recurrence_of
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.models import TaskState
from gongye.supervision.selectors import colour_of, task_get_for
from gongye.supervision.services import report_review, report_submit
from tests.conftest import HUOSHAN

pytestmark = pytest.mark.django_db

PLAN = (
    "霍山县2023年测试工作意见\n附件：重点工作明细表\n\n"
    "\t时间\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t每月10日前\n\t1.报送园区企业运行数据。\n\t开发区\n\t科技经信局\n\n"
    "\t每季度末\n\t2.召开园区经济运行分析会。\n\t开发区\n\t\n"
)


@pytest.mark.parametrize(
    ("text", "first", "last", "count"),
    [
        ("每月10日前", dt.date(2023, 1, 10), dt.date(2023, 12, 10), 12),
        ("每月底前报送", dt.date(2023, 1, 31), dt.date(2023, 12, 31), 12),
        ("每季度末", dt.date(2023, 3, 31), dt.date(2023, 12, 31), 4),
        ("每季度首月10日前", dt.date(2023, 1, 10), dt.date(2023, 10, 10), 4),
        ("每季度结束后15日内", dt.date(2023, 4, 15), dt.date(2024, 1, 15), 4),
        ("每半年", dt.date(2023, 6, 30), dt.date(2023, 12, 31), 2),
    ],
)
def test_the_periods_read(text, first, last, count):
    deadlines = recurrence_of(text).deadlines(2023)
    assert (deadlines[0], deadlines[-1], len(deadlines)) == (first, last, count)


@pytest.mark.parametrize("text", ["3月", "年底前", "全年", "6月30日前", ""])
def test_single_times_are_not_recurring(text):
    assert recurrence_of(text) is None


@pytest.fixture
def plan(org):
    region = org[HUOSHAN]
    parsed, resolver = plan_document_parse(region=region, data=PLAN.encode(), filename="p.txt")
    # the times are understood: no "无法识别时间" warning
    assert not [w for w in parsed.warnings if "无法识别时间" in w.message]
    return plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="p.txt"
    ).plan


def test_a_monthly_task_is_held_to_each_month(plan, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = plan.tasks.get(seq=1)
    assert task.due is None
    state = TaskState.objects.get(task=task)
    assert state.due == dt.date(2023, 1, 10)  # not "no deadline, green forever"
    liaison, head = persona("lead_liaison"), persona("unit_head")

    with time_machine.travel(dt.datetime(2023, 2, 12, 9, tzinfo=dt.UTC), tick=False):
        # January's deadline passed with no report: red
        assert colour_of(task_get_for(liaison, task.pk)) == "red"
        report = report_submit(
            actor=liaison, task=task, text="2月数据已报送。", percent=10, state="in_progress"
        )
        approved = report_review(actor=head, report=report, action="approve")
    state.refresh_from_db()
    # reported on 12 February, within February's period: on to March's deadline
    assert state.due == dt.date(2023, 3, 10)
    with time_machine.travel(dt.datetime(2023, 2, 20, 9, tzinfo=dt.UTC), tick=False):
        assert colour_of(task_get_for(liaison, task.pk)) != "red"
        report_review(
            actor=persona("plan_office"), report=approved, action="return", comment="数据有误"
        )
    state.refresh_from_db()
    assert state.due == dt.date(2023, 1, 10)  # the return undoes it: January still owed


def test_a_quarterly_task_starts_at_the_first_quarter(plan):
    state = TaskState.objects.get(task=plan.tasks.get(seq=2))
    assert state.due == dt.date(2023, 3, 31)


def test_the_task_page_names_the_period_and_its_current_deadline(plan, client, persona):
    client.force_login(persona("plan_office"))
    html = client.get(f"/supervision/tasks/{plan.tasks.get(seq=1).pk}/").content.decode()
    assert "每月10日前" in html and "本期" in html and "2023-01-10" in html
