"""The leaders' cockpit (驾驶舱) at city scale: 100 counties × 30 targets × 36 months.

Builds the data in a fresh database (a temporary SQLite file, or DATABASE_URL): a province, a
city and its counties, each county with a plan for each of 3 consecutive years, each plan with
the same 30 targets (the city cockpit compares counties by indicator name) of every kind, 12
approved monthly figures per target and year, 20 key tasks with a lead unit and a supervision
state (some closed on time, some late, some open and overdue), and owners for half the targets.

Then it measures the SQL query count and the server time (median of ``--runs`` after two
warm-up requests, in-process through Django's test client) of

- a county leader opening the cockpit of their county's latest plan;
- a city leader opening the cockpit of one county, which also ranks every county of the city
  side by side (the county comparison);
- the city leader's spreadsheet of that cockpit (``front:cockpit_xlsx``), and its Word
  version (``front:cockpit_docx``) once that URL exists;

first with a small data set (3 counties), then with the full one, to show whether the query
count grows with the data. Nothing is asserted: the figures are printed.

"Today" is 2022-12-20 (time-machine, ticking), so the latest plan year, 2022, is in its last
month: the cockpit reports on December (whose figure, for the month in progress, the service
accepts and the selector judges at the month's end), red tasks are those of 2022 due before
the 20th and still open; 36 months of figures, as the issue asks.

The city cockpit's county comparison is cached under a key that changes with any write to its
inputs (``indicators.comparison.data_version``); the benchmark reports it warm (the key
unchanged since the last request) and cold (the cache emptied before every request: the
first request after any write anywhere in the city).

    .venv/bin/python bench/indicators_bench.py [--counties 100] [--targets 30] [--years 3]
                                               [--tasks 20] [--runs 15]

Seeding writes rows in bulk (it is test data, not a workflow; bulk_create sends no post_save,
so the TaskState rows the supervision signal would make are written here); the pages read them
through the same selectors as in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import time_machine
from common import (
    bench_user,
    client_for,
    seed_counties,
    seed_duties,
    seed_tasks,
    settle,
    time_page,
)
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import NoReverseMatch, reverse

from gongye.indicators.models import Observation, TargetOwner
from gongye.plans.models import Plan, Target
from gongye.supervision.models import TaskState

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2022, 12, 20, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
WARMUP = 2

UNIT_NAMES = [
    "科技经信局",
    "开发区",
    "统计局",
    "发改委",
    "财政局",
    "商务局",
    "自然资源局",
    "税务局",
]

# (name, kind, comparator, value, unit, chapter); the first three have no chapter: headline
TARGETS: list[tuple[str, str, str, str, str, str]] = [
    ("规上工业产值", "level", "gte", "200", "亿元", ""),
    ("规上工业增加值增速", "growth", "gte", "12", "%", ""),
    ("工业投资", "level", "gte", "80", "亿元", ""),
    ("工业技改投资", "level", "gte", "30", "亿元", "一、工业经济"),
    ("战略性新兴产业产值占比", "share", "gte", "35", "%", "一、工业经济"),
    ("新增规上工业企业", "count", "gte", "30", "家", "一、工业经济"),
    ("制造业增加值占地区生产总值比重", "share", "approx", "30", "%", "一、工业经济"),
    ("全省工业发展考核位次前移", "rank_change", "gte", "3", "位", "一、工业经济"),
    ("能源消费总量", "upper_bound", "lte", "150", "万吨标准煤", "一、工业经济"),
    ("工业用电量增速", "growth", "gte", "8", "%", "一、工业经济"),
    ("民间投资增速", "growth", "gte", "10", "%", "二、民营经济"),
    ("新增市场主体", "count", "gte", "5000", "户", "二、民营经济"),
    ("民营经济增加值占比", "share", "gte", "60", "%", "二、民营经济"),
    ("新增专精特新企业", "count", "eq", "10", "家", "二、民营经济"),
    ("民营企业营业收入", "level", "approx", "300", "亿元", "二、民营经济"),
    ("新增高新技术企业", "count", "gte", "20", "家", "三、科技创新"),
    ("研发经费投入强度", "share", "gte", "2.5", "%", "三、科技创新"),
    ("技术合同成交额", "level", "gte", "5", "亿元", "三、科技创新"),
    ("高新技术产业增加值增速", "growth", "gte", "15", "%", "三、科技创新"),
    ("全市“赛马”排位前移", "rank_change", "approx", "2", "位", "三、科技创新"),
    ("招商引资到位资金", "level", "gte", "150", "亿元", "四、招商引资"),
    ("新签约亿元以上项目", "count", "gte", "40", "个", "四、招商引资"),
    ("实际利用外资", "level", "gte", "1", "亿美元", "四、招商引资"),
    ("外贸进出口增速", "growth", "gte", "10", "%", "四、招商引资"),
    ("新开工亿元以上项目", "count", "gte", "80", "个", "四、招商引资"),
    ("工业固废综合利用率", "share", "gte", "90", "%", "五、绿色发展"),
    ("规上工业能耗总量", "upper_bound", "lte", "60", "万吨标准煤", "五、绿色发展"),
    ("工业用水总量", "upper_bound", "lte", "5000", "万立方米", "五、绿色发展"),
    ("工业用地亩均税收", "level", "gte", "15", "万元", "五、绿色发展"),
    ("省级综合考核排位前移", "rank_change", "gte", "1", "位", "五、绿色发展"),
]
MEASURE = {
    "level": "cumulative",
    "count": "cumulative",
    "upper_bound": "cumulative",
    "growth": "growth",
    "share": "share",
    "rank_change": "rank",
}
RANK_BASELINE = 20  # last year's position
CENT = Decimal("0.01")


def target_specs(n: int) -> list[tuple[str, str, str, Decimal, str, str]]:
    """``n`` targets: the 30 above, repeated with a suffix beyond 30."""
    specs = []
    for i in range(n):
        name, kind, comparator, value, unit, chapter = TARGETS[i % len(TARGETS)]
        if i >= len(TARGETS):
            name = f"{name}（{i // len(TARGETS) + 1}）"
        specs.append((name, kind, comparator, Decimal(value), unit, chapter))
    return specs


def figure(kind: str, goal: Decimal, month: int, grade: int) -> tuple[Decimal, Decimal | None]:
    """The month's figure (and baseline) of a target whose year ends on track (grade 0), near
    (1) or behind (2) — before the 左右 / 等于 comparators shift it."""
    share = Decimal(month) / 12
    if kind in ("level", "count"):
        factor = (Decimal("1.05"), Decimal("0.95"), Decimal("0.8"))[grade]
        return (goal * share * factor).quantize(CENT), None
    if kind == "upper_bound":
        factor = (Decimal("0.95"), Decimal("1.03"), Decimal("1.2"))[grade]
        return (goal * share * factor).quantize(CENT), None
    if kind in ("growth", "share"):
        delta = (Decimal("0.5"), Decimal("-0.5"), Decimal("-2"))[grade]
        wobble = Decimal(12 - month) / 10  # early months run a little higher
        return (goal + delta + wobble).quantize(CENT), None
    gained = max(goal - grade, Decimal(-1))  # rank_change: positions gained by year end
    return Decimal(RANK_BASELINE) - (gained * share).to_integral_value(), Decimal(RANK_BASELINE)


def seed(prefix: str, counties: int, n_targets: int, years: int, n_tasks: int) -> dict:
    """One province (``{prefix}0000``) and city with ``counties`` counties below it, each with
    plans for the ``years`` years up to TODAY's year."""
    city, regions, by_region = seed_counties(prefix, counties, UNIT_NAMES)
    index = {r.pk: i for i, r in enumerate(regions)}
    first_year = TODAY.year - years + 1
    plans = Plan.objects.bulk_create(
        Plan(region=r, year=y, title=f"{r.name}{y}年工作意见")
        for r in regions
        for y in range(first_year, TODAY.year + 1)
    )

    specs = target_specs(n_targets)
    targets = Target.objects.bulk_create(
        (
            Target(
                plan=plan,
                seq=seq,
                name=name,
                kind=kind,
                comparator=comparator,
                value=value,
                unit=unit,
                chapter=chapter,
                due=dt.date(plan.year, 12, 31),
                sentence=f"{name}目标{value}{unit}。",
            )
            for plan in plans
            for seq, (name, kind, comparator, value, unit, chapter) in enumerate(specs, start=1)
        ),
        batch_size=2000,
    )
    plan_of = {p.pk: p for p in plans}
    approved_at = dt.datetime(TODAY.year, 1, 1, tzinfo=TZ)
    observations = []
    for t in targets:
        plan = plan_of[t.plan_id]
        grade = (index[plan.region_id] + t.seq + plan.year) % 3
        for month in range(1, 13):
            value, baseline = figure(t.kind, t.value, month, grade)
            observations.append(
                Observation(
                    target=t,
                    region_id=plan.region_id,
                    year=plan.year,
                    month=month,
                    measure=MEASURE[t.kind],
                    value=value,
                    baseline=baseline,
                    source="computed" if MEASURE[t.kind] == "cumulative" else "statistics",
                    status="approved",
                    approved_at=approved_at,
                )
            )
    Observation.objects.bulk_create(observations, batch_size=5000)
    TargetOwner.objects.bulk_create(
        (
            TargetOwner(target=t, unit=by_region[plan_of[t.plan_id].region_id][t.seq % 8])
            for t in targets
            if t.seq % 2
        ),
        batch_size=5000,
    )

    tasks = seed_tasks(plans, n_tasks)
    states = []
    for t in tasks:
        # a quarter each: closed early, closed late, open (overdue once due), closed on the day
        kind = (t.position + index[t.plan.region_id]) % 4
        closed = {0: t.due - dt.timedelta(days=3), 1: t.due + dt.timedelta(days=5), 3: t.due}
        day = closed.get(kind)
        if day is not None and day >= TODAY:
            day = None  # not closed yet
        state = TaskState(task=t, region_id=t.plan.region_id, due=t.due)
        if day is not None:
            state.state, state.percent = "done", 100
            state.closed_at = dt.datetime.combine(day, dt.time(17), tzinfo=TZ)
            state.closed_on_time = day <= t.due
            state.was_overdue = day > t.due
        elif t.due < TODAY:
            state.state, state.percent, state.was_overdue = "late", 60, True
            state.delay_reason = "项目审批手续尚未办结"
        else:
            state.state, state.percent = "in_progress", 30
        states.append(state)
    TaskState.objects.bulk_create(states, batch_size=2000)
    seed_duties(tasks, by_region, cooperating_offset=3)

    first = regions[0]
    county_leader = bench_user(prefix, "county_leader", "县领导", first, "leader")
    city_leader = bench_user(prefix, "city_leader", "市领导", city, "leader")
    return {
        "county": county_leader,
        "city": city_leader,
        "query": urlencode({"region": first.code, "year": TODAY.year}),
        "observations": len(observations),
    }


def measure(seeded: dict, runs: int) -> dict[str, tuple[int, float, str]]:
    """(queries, median ms, note) per page: the count is taken on a request after the
    warm-up ones, the time over ``runs`` further requests."""
    pages = [("county", "cockpit", "front:cockpit"), ("city", "cockpit", "front:cockpit")]
    for name in ("cockpit_xlsx", "cockpit_docx"):
        try:
            reverse(f"indicators:{name}")
        except NoReverseMatch:
            continue
        pages.append(("city", name.replace("_", "."), f"indicators:{name}"))
    results = {}
    for who, label, url_name in pages:
        client = client_for(seeded[who])
        url = f"{reverse(url_name)}?{seeded['query']}"
        queries, ms, response = time_page(client, url, runs, warmup=WARMUP)
        note = f"{len(response.content) // 1024} KiB"
        if response.status_code != 200:
            note = f"HTTP {response.status_code}!"
        elif label == "cockpit" and who == "city":
            compared = set(re.findall(rb'data-region="(\d+)"', response.content))
            note += f", {len(compared)} counties compared"
        results[f"{who} leader {label}"] = (queries, ms, note)
        if who == "city" and label == "cockpit":
            queries, ms, _ = time_page(client, url, runs, warmup=0, before=cache.clear)
            results["city leader cockpit, cold"] = (
                queries,
                ms,
                "cache emptied before each request",
            )
    return results


def timed_seed(prefix: str, args: argparse.Namespace, counties: int) -> tuple[dict, float]:
    start = time.perf_counter()
    with transaction.atomic():
        seeded = seed(prefix, counties, args.targets, args.years, args.tasks)
    settle()
    return seeded, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--small-counties", type=int, default=3)
    parser.add_argument("--targets", type=int, default=30)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=20, help="key tasks per plan")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"database: {connection.vendor}; today: {TODAY} (time-machine)")
    months = 12 * args.years
    with time_machine.travel(NOW, tick=True):
        seeded, seconds = timed_seed("97", args, args.small_counties)
        print(
            f"small: {args.small_counties} counties × {args.targets} targets × {months} months "
            f"({seeded['observations']:,} figures) seeded in {seconds:.1f} s"
        )
        small = measure(seeded, args.runs)
        # the full data set beside it in the same database, measured for its first county
        seeded, seconds = timed_seed("98", args, args.counties)
        print(
            f"large: {args.counties} counties × {args.targets} targets × {months} months "
            f"({seeded['observations']:,} figures, {args.tasks} key tasks a plan) "
            f"seeded in {seconds:.1f} s"
        )
        large = measure(seeded, args.runs)
    print()
    print(f"{'page':26} {'queries small → large':>22} {'median ms (large)':>18}  note (large)")
    for key, (queries, ms, note) in large.items():
        print(f"{key:26} {small[key][0]:>10} → {queries:<9} {ms:>18.1f}  {note}")
    print()
    parts = []
    for key in ("county leader cockpit", "city leader cockpit", "city leader cockpit, cold"):
        before, after = small[key][0], large[key][0]
        if after == before:
            growth = "flat"
        else:
            per = (after - before) / (args.counties - args.small_counties)
            growth = f"{per:+.1f} per county"
        parts.append(
            f"{key.split(' leader')[0]}{key.split('cockpit')[1]} {before}→{after} queries "
            f"({growth}), {large[key][1]:.0f} ms"
        )
    print(
        f"summary: cockpit at {args.counties} counties × {args.targets} targets × {months} "
        f"months: " + "; ".join(parts) + " (goal: flat query count, < 100 ms)"
    )


if __name__ == "__main__":
    main()
