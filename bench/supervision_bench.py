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
import time

from common import (
    bench_user,
    client_for,
    seed_counties,
    seed_duties,
    seed_tasks,
    settle,
    time_page,
)
from django.core.management import call_command
from django.db import connection, reset_queries
from django.urls import NoReverseMatch, reverse

from gongye.plans.models import Plan
from gongye.supervision.models import ProgressReport, TaskState

UNIT_NAMES = ["经信局", "开发区", "统计局", "发改委", "财政局", "商务局", "自然资源局", "税务局"]


def seed(prefix: str, counties: int, tasks_per_county: int, reports: int) -> dict:
    """One province (``{prefix}0000``) and city with ``counties`` counties below it."""
    _city, regions, by_region = seed_counties(prefix, counties, UNIT_NAMES)
    plans = Plan.objects.bulk_create(
        Plan(region=r, year=2022, title=f"{r.name}2022年工作意见") for r in regions
    )
    tasks = seed_tasks(plans, tasks_per_county)
    TaskState.objects.bulk_create(
        (TaskState(task=t, region_id=t.plan.region_id, due=t.due) for t in tasks), batch_size=2000
    )
    duties = seed_duties(tasks, by_region, cooperating_offset=1)
    first = regions[0]
    office_unit, liaison_unit = by_region[first.pk][0], by_region[first.pk][1]
    author = bench_user(prefix, "liaison", "联络员", first, "liaison", liaison_unit)
    office = bench_user(prefix, "office", "督办", first, "plan_office", office_unit)
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
    for name in ("dispatch:board", "dispatch:list"):
        try:
            urls[name] = reverse(name)
        except NoReverseMatch:
            pass
    results = {}
    for who, user in users.items():
        client = client_for(user)
        for name, url in urls.items():
            queries, ms, response = time_page(client, url, runs)
            assert response.status_code == 200
            results[f"{who} {name}"] = (queries, ms)
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
    settle()
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
