"""The inbox renders in a number of SQL queries that does not grow with the data."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.plans.models import Plan
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.services import report_submit


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_inbox_query_count_is_flat(org, persona, small_plan):
    office, liaison = persona("plan_office"), persona("lead_liaison")
    clients = {}
    for who in (office, liaison):
        clients[who.username] = Client()
        clients[who.username].force_login(who)
    small = {name: _queries(c, "/supervision/") for name, c in clients.items()}
    # grow the data: the whole seed plan (83 tasks) into another year, plus reports
    Plan.objects.filter(pk=small_plan.pk).update(year=2021)
    path = settings.GONGYE_SEED_PLAN
    parsed, resolver = plan_document_parse(
        region=org["341525"], data=path.read_bytes(), filename=path.name
    )
    plan = plan_apply_parsed(
        actor=None, region=org["341525"], parsed=parsed, resolver=resolver, filename=path.name
    ).plan
    for task in plan.tasks.filter(task_units__unit__name="开发区", task_units__role="lead")[:10]:
        report_submit(actor=liaison, task=task, text="进展", percent=50, state="in_progress")
    large = {name: _queries(c, "/supervision/") for name, c in clients.items()}
    assert plan.tasks.count() == 83
    assert all(n > 5 for n in small.values()), small
    assert large == small, (small, large)
