"""Reminders and escalation with a controlled clock (issue 4, item 4).

The small plan: task 1 (lead 科技经信局, cooperating 开发区) and task 2 (lead 开发区, cooperating
相关乡镇), both due 2022-01-31; reminders 3 days before."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from gongye.audit.models import AuditEntry
from gongye.notifications.choices import Channel
from gongye.notifications.models import Delivery, Notification, WebhookEndpoint
from gongye.orgs.models import Unit
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task, TaskUnit
from gongye.supervision.choices import ReminderRule
from gongye.supervision.models import TaskState
from gongye.supervision.reminders import reminders_run

from .conftest import EMAILS

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DUE = dt.date(2022, 1, 31)

pytestmark = pytest.mark.usefixtures("remind_settings")


def _tasks(plan):
    return list(plan.tasks.order_by("position"))


def _sent(day: dt.date) -> set[tuple[int, str, str, str]]:
    notifications = list(Notification.objects.filter(day=day).select_related("unit"))
    seqs = dict(
        Task.objects.filter(pk__in=[int(n.subject_id) for n in notifications]).values_list(
            "pk", "seq"
        )
    )
    assert {n.subject_type for n in notifications} <= {"plans.task"}
    return {(seqs[int(n.subject_id)], n.unit.name, n.audience, n.rule) for n in notifications}


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def kfq_robot(unit, robot_server):
    return WebhookEndpoint.objects.create(
        unit=unit("开发区"), kind=Channel.WECOM, url=robot_server.url("/ok/wecom?key=k1")
    )


def test_days_before_reminds_the_lead_units_liaisons_only(small_plan, people):
    day = DUE - dt.timedelta(days=3)
    summary = reminders_run(today=day)
    assert _sent(day) == {
        (1, "科技经信局", "liaison", ReminderRule.DUE_SOON),
        (2, "开发区", "liaison", ReminderRule.DUE_SOON),
    }
    # the liaison of 开发区 is mailed; 科技经信局 has no liaison account; nobody else is
    assert _recipients() == [EMAILS["lead_liaison"]]
    message = mail.outbox[0]
    assert message.subject == "【临期提醒】开发区：完成第二项。（完成时限2022年1月31日）"
    assert "还有3天到期" in message.body
    assert summary["notifications"] == 2
    assert summary["deliveries"]["email"] == {"ok": 1, "failed": 0}
    assert summary["deliveries"]["in_app"] == {"ok": 2, "failed": 0}
    # no other day before the deadline reminds anyone
    for other in (DUE - dt.timedelta(days=4), DUE - dt.timedelta(days=2), DUE - dt.timedelta(1)):
        assert reminders_run(today=other)["notifications"] == 0
    assert len(mail.outbox) == 1


def test_on_the_day_reminds_the_lead_units_liaisons(small_plan, people):
    reminders_run(today=DUE)
    assert _sent(DUE) == {
        (1, "科技经信局", "liaison", ReminderRule.DUE_TODAY),
        (2, "开发区", "liaison", ReminderRule.DUE_TODAY),
    }
    assert _recipients() == [EMAILS["lead_liaison"]]
    assert mail.outbox[0].subject.startswith("【到期提醒】开发区：")
    assert "今天（2022年1月31日）到期" in mail.outbox[0].body
    assert not TaskState.objects.filter(was_overdue=True).exists()


def test_first_overdue_day_escalates_to_unit_head_and_plan_office(small_plan, people):
    day = DUE + dt.timedelta(days=1)
    summary = reminders_run(today=day)
    assert _sent(day) == {
        (1, "科技经信局", "unit_head", ReminderRule.OVERDUE),
        (1, "科技经信局", "plan_office", ReminderRule.OVERDUE),
        (2, "开发区", "unit_head", ReminderRule.OVERDUE),
        (2, "科技经信局", "plan_office", ReminderRule.OVERDUE),
    }
    # 开发区's head once (its task), the plan office twice (both tasks); no liaison
    assert _recipients() == sorted([EMAILS["unit_head"], *[EMAILS["plan_office"]] * 2])
    head_mail = next(m for m in mail.outbox if m.to == [EMAILS["unit_head"]])
    assert head_mail.subject == (
        "【逾期督办】开发区：完成第二项。（完成时限2022年1月31日，已逾期1天）"
    )
    office = Notification.objects.about(_tasks(small_plan)[0]).get(audience="plan_office")
    assert office.title.startswith("【逾期督办】科技经信局：完成测试工作。")
    office = Notification.objects.about(_tasks(small_plan)[1]).get(audience="plan_office")
    assert "牵头单位开发区" in office.body
    # overdue open tasks are remembered as having been overdue (red → yellow, never green)
    assert set(TaskState.objects.values_list("was_overdue", flat=True)) == {True}
    assert summary["overdue_marked"] == 2


def test_escalation_repeats_every_seven_days(small_plan, people):
    reminders_run(today=DUE + dt.timedelta(days=1))
    first = Notification.objects.count()
    for late in range(2, 8):
        assert reminders_run(today=DUE + dt.timedelta(days=late))["notifications"] == 0
    assert Notification.objects.count() == first
    day8 = DUE + dt.timedelta(days=8)
    assert reminders_run(today=day8)["notifications"] == 4
    assert {a for _, _, a, _ in _sent(day8)} == {"unit_head", "plan_office"}
    assert "已逾期8天" in Notification.objects.filter(day=day8).first().title
    assert reminders_run(today=DUE + dt.timedelta(days=15))["notifications"] == 4


def test_nothing_for_closed_or_withdrawn_tasks(small_plan, people):
    first, second = _tasks(small_plan)
    TaskState.objects.filter(task=first).update(closed_at=dt.datetime(2022, 1, 20, tzinfo=SHANGHAI))
    second.is_active = False
    second.save(update_fields=["is_active"])
    for day in (DUE - dt.timedelta(days=3), DUE, DUE + dt.timedelta(days=1)):
        assert reminders_run(today=day)["notifications"] == 0
    assert not Notification.objects.exists()
    assert not mail.outbox
    assert not TaskState.objects.filter(was_overdue=True).exists()


def test_postponed_deadline_moves_the_reminders(small_plan, people):
    first, second = _tasks(small_plan)
    TaskState.objects.filter(task=second).update(due=dt.date(2022, 2, 10))
    reminders_run(today=DUE)
    assert _sent(DUE) == {(1, "科技经信局", "liaison", ReminderRule.DUE_TODAY)}
    reminders_run(today=dt.date(2022, 2, 7))
    assert _sent(dt.date(2022, 2, 7)) == {(2, "开发区", "liaison", ReminderRule.DUE_SOON)}


def test_running_twice_the_same_day_sends_nothing_twice(
    small_plan, people, robot_server, kfq_robot
):
    day = DUE + dt.timedelta(days=1)
    first = reminders_run(today=day)
    notifications, deliveries = Notification.objects.count(), Delivery.objects.count()
    outbox, posts = len(mail.outbox), len(robot_server.received)
    assert (notifications, outbox, posts) == (4, 3, 1)  # 开发区's robot: its head's escalation
    second = reminders_run(today=day)
    assert second["notifications"] == 0
    assert second["already_sent"] == first["notifications"] == 4
    assert Notification.objects.count() == notifications
    assert Delivery.objects.count() == deliveries
    assert len(mail.outbox) == outbox
    assert len(robot_server.received) == posts


def test_a_notification_claimed_by_another_worker_is_not_sent(small_plan, people):
    """The unique constraint decides: a row another worker inserted first (between our plan
    and our insert) makes our insert fail inside its savepoint, and we send nothing."""
    day = DUE - dt.timedelta(days=3)
    first, second = _tasks(small_plan)
    Notification.objects.create(
        subject_type="plans.task",
        subject_id=str(second.pk),
        unit=Unit.objects.get(region=small_plan.region, name="开发区"),
        audience="liaison",
        rule=ReminderRule.DUE_SOON,
        day=day,
        title="另一个进程",
        body="",
    )
    summary = reminders_run(today=day)
    assert (summary["notifications"], summary["already_sent"]) == (1, 1)
    assert mail.outbox == []  # 科技经信局's liaison reminder went in-app only (no account)
    assert Notification.objects.about(second).get().title == "另一个进程"


def test_group_lead_unit_expands_to_its_members(small_plan, people, unit):
    first, _ = _tasks(small_plan)
    group = unit("相关乡镇")
    members = set(group.members.filter(is_active=True).values_list("name", flat=True))
    assert "衡山镇" in members and len(members) > 3
    TaskUnit.objects.create(task=first, unit=group, role=UnitRole.LEAD, position=9)
    day = DUE - dt.timedelta(days=3)
    reminders_run(today=day)
    got = {name for seq, name, _, _ in _sent(day) if seq == 1}
    assert got == members | {"科技经信局"}
    assert "相关乡镇" not in got
    # the 衡山镇 liaison is mailed about the township task, addressed to 衡山镇
    township_mail = next(m for m in mail.outbox if m.to == [EMAILS["coop_liaison"]])
    assert township_mail.subject.startswith("【临期提醒】衡山镇：完成测试工作。")


def test_a_plan_office_of_another_county_is_not_escalated_to(small_plan, people, other_plan_office):
    other_plan_office.email = "jinzhai@example.cn"
    other_plan_office.save(update_fields=["email"])
    reminders_run(today=DUE + dt.timedelta(days=1))
    assert "jinzhai@example.cn" not in _recipients()
    units = set(
        Notification.objects.filter(audience="plan_office").values_list("unit__name", flat=True)
    )
    assert units == {"科技经信局"}


def test_inactive_users_and_revoked_roles_get_no_mail(small_plan, people):
    people["lead_liaison"].is_active = False
    people["lead_liaison"].save(update_fields=["is_active"])
    people["unit_head"].assignments.update(is_active=False)
    reminders_run(today=DUE - dt.timedelta(days=3))
    reminders_run(today=DUE + dt.timedelta(days=1))
    assert _recipients() == [EMAILS["plan_office"]] * 2


def test_each_run_writes_one_audit_entry_with_its_counts(small_plan, people):
    before = AuditEntry.objects.count()
    reminders_run(today=DUE + dt.timedelta(days=1))
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.verb == "create"
    assert entry.actor is None
    assert entry.target_type == "notifications.notification"
    assert entry.after["notifications"] == 4
    assert entry.after["deliveries"]["email"] == {"ok": 3, "failed": 0}
    assert sorted(entry.after["overdue_task_ids"]) == sorted(t.pk for t in _tasks(small_plan))


def test_the_daily_job_uses_todays_date_and_runs_as_a_job(small_plan, people):
    from gongye.notifications.jobs import send_reminders

    with time_machine.travel(dt.datetime(2022, 1, 28, 7, 30, tzinfo=SHANGHAI), tick=False):
        summary = send_reminders()
    assert summary["day"] == "2022-01-28"
    assert _sent(dt.date(2022, 1, 28)) == {
        (1, "科技经信局", "liaison", ReminderRule.DUE_SOON),
        (2, "开发区", "liaison", ReminderRule.DUE_SOON),
    }
    entry = AuditEntry.objects.latest("id")
    assert (entry.channel, entry.actor_name) == ("job", "系统")
    assert entry.request_id.startswith("job-")
    # late in the evening in Shanghai is still the same day (UTC would say the day before)
    with time_machine.travel(dt.datetime(2022, 1, 31, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert send_reminders()["day"] == "2022-01-31"


def test_schedule_is_registered_and_the_worker_sends(small_plan, people, monkeypatch):
    """What the worker started by ``make run`` does: the scheduler finds the due schedule and
    hands its function to a worker (run in-process here through django-q2's sync mode)."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import Schedule
    from django_q.models import Task as QTask
    from django_q.scheduler import scheduler

    from gongye.front.jobs import ensure_schedules
    from gongye.notifications.jobs import SCHEDULE_NAME

    with time_machine.travel(dt.datetime(2022, 1, 28, 6, 0, tzinfo=SHANGHAI), tick=False):
        ensure_schedules()
        ensure_schedules()  # idempotent
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert Schedule.objects.filter(name=SCHEDULE_NAME).count() == 1
    assert schedule.func == "gongye.notifications.jobs.send_reminders"
    assert schedule.schedule_type == Schedule.DAILY
    assert schedule.repeats == -1
    assert schedule.next_run == dt.datetime(2022, 1, 28, 7, 30, tzinfo=SHANGHAI)

    monkeypatch.setattr(Conf, "SYNC", True)
    with time_machine.travel(dt.datetime(2022, 1, 28, 7, 0, tzinfo=SHANGHAI), tick=False):
        scheduler(get_broker())  # not yet time
    assert not mail.outbox
    with time_machine.travel(dt.datetime(2022, 1, 28, 7, 31, tzinfo=SHANGHAI), tick=False):
        scheduler(get_broker())
    assert _recipients() == [EMAILS["lead_liaison"]]
    assert Notification.objects.filter(day=dt.date(2022, 1, 28)).count() == 2
    task = QTask.objects.get(group=SCHEDULE_NAME)
    assert task.success, task.result
    schedule.refresh_from_db()
    assert schedule.next_run == dt.datetime(2022, 1, 29, 7, 30, tzinfo=SHANGHAI)
    # registering again later keeps the pending run rather than skipping a morning
    with time_machine.travel(dt.datetime(2022, 1, 29, 9, 0, tzinfo=SHANGHAI), tick=False):
        ensure_schedules()
    schedule.refresh_from_db()
    assert schedule.next_run == dt.datetime(2022, 1, 29, 7, 30, tzinfo=SHANGHAI)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_once(
    audit_guards_lifted_for_flush, small_plan, people, robot_server, kfq_robot
):
    from django.db import connections

    day = DUE + dt.timedelta(days=1)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def work():
        try:
            barrier.wait()
            results.append(reminders_run(today=day))
        except Exception as error:  # pragma: no cover - shown in the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(r["notifications"] for r in results) == 4
    assert sum(r["already_sent"] for r in results) == 12
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 3
    assert len(robot_server.received) == 1


def test_a_run_after_missed_days_catches_them_up_once(small_plan, people):
    """The worker was down on 1 and 2 February: the run on the 3rd sends 1 February's
    escalations (under that day) and a second run sends nothing."""
    from gongye.notifications.jobs import send_reminders

    with time_machine.travel(dt.datetime(2022, 1, 31, 7, 30, tzinfo=SHANGHAI), tick=False):
        assert send_reminders()["caught_up"] == []
    on_time = len(mail.outbox)
    with time_machine.travel(dt.datetime(2022, 2, 3, 7, 30, tzinfo=SHANGHAI), tick=False):
        summary = send_reminders()
    assert summary["day"] == "2022-02-03"
    assert summary["caught_up"] == [
        {"day": "2022-02-01", "notifications": 4},
        {"day": "2022-02-02", "notifications": 0},
    ]
    assert {a for _, _, a, _ in _sent(dt.date(2022, 2, 1))} == {"unit_head", "plan_office"}
    assert len(mail.outbox) == on_time + 3  # 开发区's head once, the plan office twice
    count, outbox = Notification.objects.count(), len(mail.outbox)
    with time_machine.travel(dt.datetime(2022, 2, 3, 12, 0, tzinfo=SHANGHAI), tick=False):
        again = send_reminders()
    assert again["caught_up"] == [] and again["notifications"] == 0
    assert (Notification.objects.count(), len(mail.outbox)) == (count, outbox)


def test_catching_up_is_bounded_to_the_last_seven_days(small_plan, people):
    from gongye.notifications.engine import notifications_catch_up

    notifications_catch_up(today=dt.date(2022, 1, 1))
    summary = notifications_catch_up(today=dt.date(2022, 3, 1))
    assert [run["day"] for run in summary["caught_up"]] == [
        f"2022-02-{day}" for day in range(22, 29)
    ]
