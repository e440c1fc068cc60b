"""What the page benchmarks share: a throw-away database (a temporary SQLite file, or
``DATABASE_URL``), a province and city with counties and their units, users acting in a role,
and timing a page in-process (SQL query count of one request, median server time of many).

Importing this module sets Django up; the benchmark scripts import it before any model.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["GONGYE_VAR_DIR"] = tempfile.mkdtemp(prefix="gongye-bench-")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from gongye.accounts.models import RoleAssignment, User  # noqa: E402
from gongye.orgs.models import Region, Unit  # noqa: E402


def seed_counties(
    prefix: str, counties: int, unit_names: list[str]
) -> tuple[Region, list[Region], dict[int, list[Unit]]]:
    """A province ``{prefix}0000`` and its city ``{prefix}0100`` with ``counties`` counties,
    each with one unit per name (bulk: test data, not a workflow). Returns the city, the
    counties and each county's units by region id."""
    province = Region.objects.create(code=f"{prefix}0000", name=f"测试省{prefix}", level="province")
    city = Region.objects.create(
        code=f"{prefix}0100", name=f"测试市{prefix}", level="city", parent=province
    )
    regions = [
        Region.objects.create(
            code=f"{prefix}{2000 + i}", name=f"测试县{prefix}-{i}", level="county", parent=city
        )
        for i in range(1, counties + 1)
    ]
    units = Unit.objects.bulk_create(
        Unit(region=r, name=n, kind="bureau", sort_order=j)
        for r in regions
        for j, n in enumerate(unit_names)
    )
    by_region: dict[int, list[Unit]] = {}
    for u in units:
        by_region.setdefault(u.region_id, []).append(u)
    return city, regions, by_region


def seed_tasks(plans: list, per_plan: int) -> list:
    """``per_plan`` key tasks per plan, spread over the months (due on the 28th), read back
    with their plan (bulk_create sends no post_save: the caller writes the TaskState rows the
    supervision signal would)."""
    from gongye.plans.models import Task

    tasks = []
    for plan in plans:
        for i in range(per_plan):
            month = i % 12 + 1
            tasks.append(
                Task(
                    plan=plan,
                    month=month,
                    period_label=f"{month}月",
                    seq=i // 12 + 1,
                    position=i + 1,
                    text=f"第{i + 1}项重点工作",
                    due=dt.date(plan.year, month, 28),
                )
            )
    Task.objects.bulk_create(tasks, batch_size=2000)
    return list(Task.objects.filter(plan__in=plans).select_related("plan"))


def seed_duties(tasks: list, by_region: dict[int, list[Unit]], cooperating_offset: int) -> list:
    """A lead unit and a cooperating unit for each task, taken round the county's units."""
    from gongye.plans.models import TaskUnit

    duties = []
    for t in tasks:
        units = by_region[t.plan.region_id]
        duties.append(TaskUnit(task=t, unit=units[t.position % len(units)], role="lead"))
        duties.append(
            TaskUnit(
                task=t,
                unit=units[(t.position + cooperating_offset) % len(units)],
                role="cooperating",
            )
        )
    return TaskUnit.objects.bulk_create(duties, batch_size=5000)


def bench_user(
    prefix: str, name: str, display_name: str, region: Region, role: str, unit: Unit | None = None
) -> User:
    """A user ``bench{prefix}_{name}`` acting as ``role`` in ``region`` (and ``unit``)."""
    user = User.objects.create_user(
        username=f"bench{prefix}_{name}",
        password=None,
        display_name=display_name,
        home_region=region,
        must_change_password=False,
    )
    RoleAssignment.objects.create(user=user, role=role, region=region, unit=unit)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def time_page(
    client: Client, url: str, runs: int, *, warmup: int = 1, before: object = None
) -> tuple[int, float, object]:
    """(queries of one request after ``warmup`` ones, median ms of ``runs`` more, that
    request's response). ``before``, if given, is called before each request (outside the
    timing): to empty a cache, say."""
    for _ in range(warmup):
        client.get(url)
    if callable(before):
        before()
    with CaptureQueriesContext(connection) as counted:
        response = client.get(url)
    # read now: the list is a view of the connection's log, which the next request empties
    queries = len(counted.captured_queries)
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times) * 1000, response


def settle() -> None:
    """After a bulk load, what PostgreSQL's autovacuum does to a real database before long:
    statistics for the planner and a visibility map for index-only scans (VACUUM ANALYZE).
    SQLite keeps no statistics unless asked, and a real one is not asked: nothing to do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
