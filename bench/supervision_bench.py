"""督办 at city/province scale: 100 counties × 100 tasks and 50,000 progress reports.

Builds the data in a fresh database (a temporary SQLite file, or DATABASE_URL), then measures
the server time and SQL query count of the inbox and the board pages for a county's plan office
and a liaison — first with a small data set, then with the full one — to show that the query
count does not grow with the data.

    .venv/bin/python bench/supervision_bench.py [--counties 100] [--tasks 100] [--reports 50000]

Seeding writes rows in bulk (it is test data, not a workflow); the pages read them through
the same selectors as in production.
"""

from __future__ import annotations

import argparse
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

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from gongye.accounts.models import RoleAssignment, User  # noqa: E402
from gongye.orgs.models import Region, Unit  # noqa: E402
from gongye.plans.models import Plan, Task, TaskUnit  # noqa: E402
from gongye.supervision.models import ProgressReport, TaskState  # noqa: E402

UNIT_NAMES = ["经信局", "开发区", "统计局", "发改委", "财政局", "商务局", "自然资源局", "税务局"]


def seed(prefix: str, counties: int, tasks_per_county: int, reports: int) -> dict:
    """One province (``{prefix}0000``) and city with ``counties`` counties below it."""
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
        for j, n in enumerate(UNIT_NAMES)
    )
    by_region: dict[int, list[Unit]] = {}
    for u in units:
        by_region.setdefault(u.region_id, []).append(u)
    plans = Plan.objects.bulk_create(
        Plan(region=r, year=2022, title=f"{r.name}2022年工作意见") for r in regions
    )
    tasks: list[Task] = []
    for plan in plans:
        for i in range(tasks_per_county):
            month = i % 12 + 1
            tasks.append(
                Task(
                    plan=plan,
                    month=month,
                    period_label=f"{month}月",
                    seq=i // 12 + 1,
                    position=i + 1,
                    text=f"第{i + 1}项重点工作",
                    due=dt.date(2022, month, 28),
                )
            )
    Task.objects.bulk_create(tasks, batch_size=2000)
    tasks = list(Task.objects.filter(plan__in=plans).select_related("plan"))
    TaskState.objects.bulk_create(
        (TaskState(task=t, region_id=t.plan.region_id, due=t.due) for t in tasks), batch_size=2000
    )
    duties = []
    for t in tasks:
        unit_list = by_region[t.plan.region_id]
        duties.append(TaskUnit(task=t, unit=unit_list[t.position % len(unit_list)], role="lead"))
        duties.append(
            TaskUnit(task=t, unit=unit_list[(t.position + 1) % len(unit_list)], role="cooperating")
        )
    TaskUnit.objects.bulk_create(duties, batch_size=5000)
    first = regions[0]
    office_unit, liaison_unit = by_region[first.pk][0], by_region[first.pk][1]
    author = User.objects.create_user(
        username=f"bench{prefix}_liaison",
        password=None,
        display_name="联络员",
        home_region=first,
        must_change_password=False,
    )
    office = User.objects.create_user(
        username=f"bench{prefix}_office",
        password=None,
        display_name="督办",
        home_region=first,
        must_change_password=False,
    )
    RoleAssignment.objects.create(user=author, role="liaison", region=first, unit=liaison_unit)
    RoleAssignment.objects.create(user=office, role="plan_office", region=first, unit=office_unit)
    lead_of = {d.task_id: d.unit_id for d in duties if d.role == "lead"}
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                task=tasks[k % len(tasks)],
                unit_id=lead_of[tasks[k % len(tasks)].pk],
                kind="lead",
                text="进展",
                percent=50,
                state="in_progress",
                created_by=author,
                status=("submitted", "approved", "accepted")[k % 3],
            )
            for k in range(reports)
        ),
        batch_size=5000,
    )
    return {"office": office, "liaison": author}


def measure(users: dict, runs: int) -> dict[str, tuple[int, float]]:
    urls = {"inbox": reverse("supervision:inbox")}
    for name in ("board:board", "board:list"):
        try:
            urls[name] = reverse(name)
        except NoReverseMatch:
            pass
    results = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for name, url in urls.items():
            client.get(url)  # warm up
            counted: list[str] = []

            def count(execute, sql, params, many, context, counted=counted):
                counted.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                assert client.get(url).status_code == 200
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - start)
            results[f"{who} {name}"] = (len(counted), statistics.median(times) * 1000)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=100)
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"database: {connection.vendor}")
    start = time.perf_counter()
    small = measure(seed("97", 2, 24, 100), args.runs)  # 24 tasks: every month has some
    # the full data set beside it in the same database, measured for one of its counties
    users = seed("98", args.counties, args.tasks, args.reports)
    print(
        f"seeded {args.counties} counties × {args.tasks} tasks, {args.reports} reports "
        f"in {time.perf_counter() - start:.1f} s"
    )
    large = measure(users, args.runs)
    print(f"{'page':28} {'queries small→large':>20} {'median ms (large)':>18}")
    for key, (queries, ms) in large.items():
        print(f"{key:28} {small[key][0]:>9} → {queries:<8} {ms:>14.1f}")
    reset_queries()


if __name__ == "__main__":
    main()
