"""The appeals' deadline rule with a controlled clock: colours like tasks (green, yellow when
due within the reminder days, red when overdue), reminders to the unit's liaisons before and
on the day, escalation to its head and the plan office when overdue (first day, then every
seven days), once per day whatever the number of runs."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from gongye.enterprises.appeal_choices import AppealAction
from gongye.enterprises.appeal_reminders import appeal_deadlines
from gongye.enterprises.models import Appeal
from gongye.enterprises.selectors.appeals import appeal_colour
from gongye.enterprises.services.appeals import appeal_act, appeal_raise
from gongye.notifications.engine import notifications_run
from gongye.notifications.models import Notification

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = dt.date(2022, 6, 1)
DUE = dt.date(2022, 6, 15)


@pytest.fixture
def held(persona, unit, own_enterprise) -> Appeal:
    """An appeal assigned on 1 June 2022 to 开发区, due 15 June."""
    with time_machine.travel(dt.datetime(2022, 6, 1, 9, tzinfo=SHANGHAI), tick=False):
        appeal = appeal_raise(actor=persona("enterprise"), title="用电增容", content="需增容")
        appeal = appeal_act(
            actor=persona("plan_office"),
            appeal=appeal,
            action=AppealAction.ASSIGN,
            unit=unit("开发区"),
            deadline=DUE,
        )
    persona("unit_head")  # the head of 开发区 exists to be told
    return appeal


def test_colours_follow_the_deadline(held):
    assert appeal_colour(held, dt.date(2022, 6, 1)) == "green"
    assert appeal_colour(held, dt.date(2022, 6, 12)) == "yellow"  # three days ahead
    assert appeal_colour(held, DUE) == "yellow"
    assert appeal_colour(held, dt.date(2022, 6, 16)) == "red"
    held.status = "answered"
    assert appeal_colour(held, dt.date(2022, 6, 16)) == ""


def _rules(day: dt.date) -> list[tuple[str, str, str]]:
    return sorted((m.rule, m.audience, m.unit.name) for m in appeal_deadlines(day).messages)


def test_the_rule_reminds_then_escalates(held, settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    assert _rules(dt.date(2022, 6, 11)) == []
    assert _rules(dt.date(2022, 6, 12)) == [("appeal_due_soon", "liaison", "开发区")]
    assert _rules(DUE) == [("appeal_due_today", "liaison", "开发区")]
    assert _rules(dt.date(2022, 6, 16)) == [
        ("appeal_overdue", "plan_office", "科技经信局"),
        ("appeal_overdue", "unit_head", "开发区"),
    ]
    assert _rules(dt.date(2022, 6, 17)) == []
    assert len(_rules(dt.date(2022, 6, 23))) == 2  # a week later, again
    held.refresh_from_db()
    assert held.was_overdue  # marked on the first overdue run


def test_the_engine_sends_each_message_once_a_day(held, settings):
    settings.GONGYE_REMIND_DAYS_BEFORE = 3
    day = dt.date(2022, 6, 16)
    first = notifications_run(today=day)
    again = notifications_run(today=day)
    about = Notification.objects.about(held)
    assert set(about.values_list("rule", "audience")) >= {
        ("appeal_overdue", "plan_office"),
        ("appeal_overdue", "unit_head"),
    }
    overdue = about.filter(rule="appeal_overdue")
    assert overdue.count() == 2
    assert "已逾期1天" in overdue.get(audience="unit_head").title
    assert first["appeals_checked"] == 1 and again["notifications"] == 0


def test_an_answered_appeal_is_no_longer_chased(held, persona):
    with time_machine.travel(dt.datetime(2022, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        appeal_act(actor=persona("lead_liaison"), appeal=held, action="answer", answer="已办理")
    assert _rules(dt.date(2022, 6, 16)) == []
