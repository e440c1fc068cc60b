"""A database made by `make run` before issue 9 migrates forward without losing data.

Run twice by .ci/migrate_forward.sh through `manage.py shell`:
- ``before`` under the old code (the commit that landed before issue 9): the demo is loaded,
  a year of daily reminders is run (notifications and their deliveries), a unit's robot is
  added, and what is there is written down;
- ``after`` under this code, once `migrate` has run on that same database: every notification,
  delivery and robot is still there, now in the notifications app, each notification about its
  task with a link to it; plans carry their checkpoints.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

RECORD = Path(sys.argv[-1]) if sys.argv[-1].endswith(".json") else None


def _record_path() -> Path:
    import os

    return Path(os.environ["GONGYE_VAR_DIR"]) / "before.json"


def before() -> None:
    from gongye.orgs.models import Unit
    from gongye.supervision.models import Delivery, Notification, WebhookEndpoint
    from gongye.supervision.reminders import reminders_run

    day = dt.date(2022, 1, 1)
    while day <= dt.date(2022, 12, 31):
        reminders_run(today=day)
        day += dt.timedelta(days=1)
    unit = Unit.objects.get(region__code="341525", name="开发区")
    WebhookEndpoint.objects.create(
        unit=unit, kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    )
    notes = list(
        Notification.objects.order_by("pk").values_list("pk", "task_id", "rule", "unit_id", "day")
    )
    record = {
        "notifications": [[pk, task, rule, unit, str(day)] for pk, task, rule, unit, day in notes],
        "deliveries": Delivery.objects.count(),
        "robots": list(WebhookEndpoint.objects.values_list("pk", "url")),
    }
    assert record["notifications"], "the demo year should have called for reminders"
    _record_path().write_text(json.dumps(record))
    print(f"before: {len(notes)} notifications, {record['deliveries']} deliveries, 1 robot")


def after() -> None:
    from django.db import connection

    from gongye.notifications.models import Delivery, Notification, WebhookEndpoint
    from gongye.plans.models import Plan

    record = json.loads(_record_path().read_text())
    now = {
        pk: [subject_type, subject_id, rule, unit, str(day), link]
        for pk, subject_type, subject_id, rule, unit, day, link in Notification.objects.values_list(
            "pk", "subject_type", "subject_id", "rule", "unit_id", "day", "link"
        )
    }
    assert len(now) == len(record["notifications"]), (len(now), len(record["notifications"]))
    for pk, task, rule, unit, day in record["notifications"]:
        assert now[pk] == ["plans.task", str(task), rule, unit, day, f"/supervision/tasks/{task}/"]
    assert Delivery.objects.count() == record["deliveries"]
    assert [list(r) for r in WebhookEndpoint.objects.values_list("pk", "url")] == record["robots"]
    tables = set(connection.introspection.table_names())
    assert {"notifications_notification", "notifications_delivery"} <= tables
    assert not {"supervision_notification", "supervision_delivery"} & tables
    assert all(plan.checkpoints == {"6": 60} for plan in Plan.objects.all())
    # issue 10: the entries written before the hash chain were chained in id order
    from gongye.audit.chain import verify

    chained = verify()
    assert chained.ok and chained.count > 0, chained.problem
    print(chained.summary)
    print(
        f"after: {len(now)} notifications, {record['deliveries']} deliveries and the robot "
        "kept in the notifications app; plans carry their checkpoints"
    )
