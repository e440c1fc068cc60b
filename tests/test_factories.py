"""The factories (tests/<app>/factories.py) make rows the apps accept as their own: each
passes the model's validation, and what the apps derive from it (a task's supervision state,
a reminder's subject) is there; the board reads factory-made tasks like imported ones."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.core.roles import Role
from gongye.notifications.models import Notification
from gongye.plans.choices import UnitRole
from tests.accounts.factories import UserFactory
from tests.indicators.factories import ObservationFactory
from tests.notifications.factories import NotificationFactory, WebhookEndpointFactory
from tests.orgs.factories import CountyFactory, UnitFactory
from tests.plans.factories import PlanFactory, TargetFactory, TaskFactory
from tests.supervision.factories import ProgressReportFactory


def test_every_factory_makes_a_valid_row(org):
    county = CountyFactory()
    unit = UnitFactory(region=county)
    plan = PlanFactory()
    task = TaskFactory(plan=plan, lead=["开发区"], cooperating=["衡山镇"])
    target = TargetFactory(plan=plan)
    report = ProgressReportFactory(task=task)
    figure = ObservationFactory(target=target)
    reminder = NotificationFactory(subject=task)
    robot = WebhookEndpointFactory()
    person = UserFactory(role=Role.LIAISON, role__unit=unit)
    for row in (county, unit, plan, task, target, report, figure, reminder, robot):
        row.full_clean()
    assert county.path == f"340000/341500/{county.code}/"
    assert task.supervision.due == task.due  # the supervision state, made by the app's signal
    assert {(d.unit.name, d.role) for d in task.task_units.all()} == {
        ("开发区", UnitRole.LEAD),
        ("衡山镇", UnitRole.COOPERATING),
    }
    assert report.unit.name == "开发区"
    assert Notification.objects.about(task).get() == reminder
    assert person.acting.unit == unit and person.acting.region == county


def test_the_board_reads_factory_tasks_in_a_flat_number_of_queries(org, persona):
    office = persona("plan_office")
    plan = PlanFactory()
    TaskFactory.create_batch(3, plan=plan)
    client = Client()
    client.force_login(office)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/supervision/board/list/?year=2022&month=all")
            assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    TaskFactory.create_batch(60, plan=plan, lead=["开发区", "衡山镇"], cooperating=["相关乡镇"])
    assert queries() == few
