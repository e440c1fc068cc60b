"""The project register's deadline rules with a controlled clock (issue 13 items 3 and 5):

- a problem a unit holds is reminded to its liaisons three days before and on the day; once
  overdue it goes red, is marked ``was_overdue`` and escalates to the unit's liaisons and the
  plan office (the first overdue day, then weekly), and to the unit's head once a week
  overdue; an answered problem is no longer chased;
- 月30: a project under construction whose month's return is missing is reminded to its
  responsible unit five days before the due day and on the day after it, once each; a filed
  return, a project in 储备库 or 投产库, or another day, nothing;
- the engine sends each message once, however often it runs, and catches up a missed day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongye.notifications.engine import notifications_catch_up, notifications_run
from gongye.notifications.models import Notification
from gongye.projects.choices import ProjectStage
from gongye.projects.reminders import (
    problem_deadlines,
    problem_reminders_due,
    return_months_due,
    return_reminders,
)
from gongye.projects.selectors.problems import problem_colour
from gongye.projects.services.problems import problem_act, problem_raise
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

DUE = dt.date(2022, 6, 15)


@pytest.fixture
def held(persona, unit, kfq_project):
    """A problem on the 开发区 project, assigned on 1 June 2022 to 衡山镇, due 15 June."""
    with time_machine.travel(on(2022, 6, 1), tick=False):
        problem = problem_raise(
            actor=persona("lead_liaison"), project=kfq_project, title="道路未通", content="进场道路"
        )
        problem = problem_act(
            actor=persona("plan_office"),
            problem=problem,
            action="assign",
            unit=unit("衡山镇"),
            deadline=DUE,
        )
    persona("coop_liaison")  # 衡山镇's liaison exists to be told
    return problem


def _messages(day: dt.date) -> list[tuple[str, str, str]]:
    return sorted((m.rule, m.audience, m.unit.name) for m in problem_deadlines(day).messages)


# ----- problems


def test_the_pure_rule(settings):
    due = dt.date(2022, 6, 15)
    assert problem_reminders_due(due, dt.date(2022, 6, 11), 3) is None
    assert problem_reminders_due(due, dt.date(2022, 6, 12), 3).rule == "due_soon"
    assert problem_reminders_due(due, due, 3).audiences == ("liaison",)
    days = {
        day: problem_reminders_due(due, due + dt.timedelta(days=day), 3) for day in range(1, 30)
    }
    told = {day: r.audiences for day, r in days.items() if r is not None}
    assert told == {
        1: ("liaison", "plan_office"),
        8: ("liaison", "plan_office", "unit_head"),
        15: ("liaison", "plan_office", "unit_head"),
        22: ("liaison", "plan_office", "unit_head"),
        29: ("liaison", "plan_office", "unit_head"),
    }


def test_the_rule_reminds_goes_red_and_escalates(held, settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    assert _messages(dt.date(2022, 6, 11)) == []
    assert _messages(dt.date(2022, 6, 12)) == [("problem_due_soon", "liaison", "衡山镇")]
    assert _messages(DUE) == [("problem_due_today", "liaison", "衡山镇")]
    assert problem_colour(held, DUE) == "yellow"
    held.refresh_from_db()
    assert not held.was_overdue
    assert _messages(dt.date(2022, 6, 16)) == [
        ("problem_overdue", "liaison", "衡山镇"),
        ("problem_overdue", "plan_office", "科技经信局"),
    ]
    held.refresh_from_db()
    assert held.was_overdue  # marked on the first overdue run
    assert problem_colour(held, dt.date(2022, 6, 16)) == "red"
    assert _messages(dt.date(2022, 6, 17)) == []
    # a week overdue: the unit's head as well
    assert _messages(dt.date(2022, 6, 23)) == [
        ("problem_overdue", "liaison", "衡山镇"),
        ("problem_overdue", "plan_office", "科技经信局"),
        ("problem_overdue", "unit_head", "衡山镇"),
    ]


def test_the_engine_tells_each_once_and_the_words_say_it(held, persona, settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    day = dt.date(2022, 6, 16)
    first = notifications_run(today=day)
    again = notifications_run(today=day)
    overdue = Notification.objects.about(held).filter(rule="problem_overdue")
    assert sorted(overdue.values_list("audience", "unit__name")) == [
        ("liaison", "衡山镇"),
        ("plan_office", "科技经信局"),
    ]
    told = overdue.get(audience="liaison")
    assert told.title == "【项目问题逾期】衡山镇：道路未通（办理时限2022年6月15日，已逾期1天）"
    assert "开发区智能装备产业园" in told.body and "请立即办理并答复" in told.body
    assert told.link == f"/projects/problems/{held.pk}/"
    assert told.rule_label == "项目问题逾期督办"
    assert first["project_problems_checked"] == 1
    assert first["project_problems_overdue_marked"] == 1
    assert again["notifications"] == 0 and again["project_problems_overdue_marked"] == 0


def test_an_answered_problem_is_no_longer_chased(held, persona, settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    with time_machine.travel(on(2022, 6, 10), tick=False):
        problem_act(actor=persona("coop_liaison"), problem=held, action="answer", answer="已修通")
    assert _messages(dt.date(2022, 6, 16)) == []
    held.refresh_from_db()
    assert not held.was_overdue


def test_a_problem_sent_back_late_stays_marked(held, persona, settings):
    """Overdue once, answered, sent back with a fresh deadline: the mark stays, yellow."""
    problem_deadlines(dt.date(2022, 6, 16))
    with time_machine.travel(on(2022, 6, 17), tick=False):
        held.refresh_from_db()
        problem_act(actor=persona("coop_liaison"), problem=held, action="answer", answer="已修通")
        problem_act(
            actor=persona("plan_office"),
            problem=held,
            action="reopen",
            comment="仍有一段未硬化",
            deadline=dt.date(2022, 6, 30),
        )
    held.refresh_from_db()
    assert held.was_overdue and held.deadline == dt.date(2022, 6, 30)
    assert problem_colour(held, dt.date(2022, 6, 18)) == "yellow"


# ----- 月30 returns


@pytest.fixture
def building(unit):
    """In 在建库 since March 2022, answered for by 开发区."""
    return ProjectFactory(
        name="开发区在建项目",
        stage=ProjectStage.BUILDING,
        started_on=dt.date(2022, 3, 1),
        unit=unit("开发区"),
        location=unit("开发区"),
    )


def _returns(day: dt.date) -> list[tuple[str, str, str, str]]:
    return sorted(
        (m.rule, m.subject_id, m.unit.name, m.audience) for m in return_reminders(day).messages
    )


def test_which_months_a_day_looks_at():
    assert return_months_due(dt.date(2022, 7, 25)) == [("return_due_soon", 2022, 7)]
    assert return_months_due(dt.date(2022, 7, 31)) == [("return_overdue", 2022, 7)]
    assert return_months_due(dt.date(2022, 8, 1)) == []  # July's 30th was two days ago
    assert return_months_due(dt.date(2022, 7, 1)) == [("return_overdue", 2022, 6)]  # 30 June
    assert return_months_due(dt.date(2022, 2, 23)) == [("return_due_soon", 2022, 2)]  # 28 Feb
    assert return_months_due(dt.date(2022, 3, 1)) == [("return_overdue", 2022, 2)]
    assert return_months_due(dt.date(2022, 7, 24)) == []


def test_a_missing_return_is_reminded_before_and_after(building, unit, persona):
    pk = str(building.pk)
    ProjectFactory(name="储备项目", unit=unit("开发区"))  # 储备库: owes nothing
    ProjectFactory(
        name="已投产项目",
        stage=ProjectStage.PRODUCING,
        started_on=dt.date(2021, 3, 1),
        produced_on=dt.date(2022, 5, 10),
        unit=unit("开发区"),
    )
    assert _returns(dt.date(2022, 7, 24)) == []
    assert _returns(dt.date(2022, 7, 25)) == [("return_due_soon", pk, "开发区", "liaison")]
    assert _returns(dt.date(2022, 7, 26)) == []
    assert _returns(dt.date(2022, 7, 31)) == [("return_overdue", pk, "开发区", "liaison")]
    assert _returns(dt.date(2022, 8, 1)) == []
    message = return_reminders(dt.date(2022, 7, 31)).messages[0]
    assert message.title == "【月30调度逾期未报】开发区：开发区在建项目（2022年7月）"
    assert "应于2022年7月30日前报送" in message.body
    assert message.link == f"/projects/{building.pk}/returns/new/?year=2022&month=7"
    # filed (even late): nothing more
    ProjectReturnFactory(
        project=building, year=2022, month=7, on_time=False, filed_by=persona("lead_liaison")
    )
    assert _returns(dt.date(2022, 7, 31)) == []
    assert _returns(dt.date(2022, 8, 25)) == [("return_due_soon", pk, "开发区", "liaison")]


def test_a_project_not_started_that_month_owes_nothing(unit):
    ProjectFactory(stage=ProjectStage.BUILDING, started_on=dt.date(2022, 8, 3), unit=unit("开发区"))
    assert _returns(dt.date(2022, 7, 25)) == []


def test_the_engine_sends_a_return_reminder_once_and_catches_up(building, persona):
    persona("lead_liaison")
    day = dt.date(2022, 7, 25)
    notifications_run(today=day)
    assert notifications_run(today=day)["notifications"] == 0
    about = Notification.objects.about(building)
    assert list(about.values_list("rule", "unit__name", "audience", "day")) == [
        ("return_due_soon", "开发区", "liaison", day)
    ]
    # the worker was down from 29 July to 1 August: the 31st's reminder still goes, once
    notifications_run(today=dt.date(2022, 7, 28))
    notifications_catch_up(today=dt.date(2022, 8, 2))
    notifications_catch_up(today=dt.date(2022, 8, 2))
    overdue = about.filter(rule="return_overdue")
    assert list(overdue.values_list("day", flat=True)) == [dt.date(2022, 7, 31)]
    assert about.count() == 2
