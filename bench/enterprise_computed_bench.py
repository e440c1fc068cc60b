"""Benchmark: every target computed from the register, for one county's year, at 100,000
enterprises (issue 12's goal: the recompute under 5 s, SQLite and PostgreSQL).

Builds, in a fresh database (a temporary SQLite file, or ``DATABASE_URL``): one county with
100,000 enterprises (10 % 规上, five chains of which three leading, high-tech certificates,
ownership kinds, founding dates), twelve months of figures for every enterprise this year and
for the 规上 ones last year too (for the growth rates), and a plan whose targets are each
computed by one of the register's formulas. Then times ``computed_targets_recompute`` (the
service the worker runs): the first run and the median of the next ones, with its query count.

The enterprises are written with ``bulk_create``; the 1.3 million monthly figures with the
database cursor's ``executemany`` (the ORM's per-value preparation would take ten minutes on
this machine, and the insert is not what is measured).

    .venv/bin/python bench/enterprise_computed_bench.py [--enterprises 100000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_computed .venv/bin/python bench/…
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from common import seed_counties
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongye.enterprises import credit_code
from gongye.enterprises.choices import FigureSource, Ownership, Scale
from gongye.enterprises.models import (
    ComputedTarget,
    Enterprise,
    IndustryChain,
    MonthlyFigure,
)
from gongye.enterprises.services.computed import computed_targets_recompute
from gongye.plans.models import Plan, Target

# (target name, kind, unit, value, formula, params)
TARGETS = [
    ("规上工业产值", "level", "亿元", "200", "above_scale_output", {}),
    ("规上工业产值增长", "growth", "%", "12", "above_scale_output_growth", {}),
    ("规上工业增加值增长", "growth", "%", "12", "above_scale_value_added_growth", {}),
    ("新增规上工业企业", "count", "家", "15", "new_above_scale", {}),
    ("亿元以上企业", "count", "家", "300", "revenue_over", {"line": "10000"}),
    ("新增亿元以上企业", "count", "家", "3", "new_revenue_over", {"line": "10000"}),
    ("新增十亿元企业", "count", "家", "2", "new_revenue_over", {"line": "100000"}),
    ("有效高企", "level", "家", "60", "hightech_valid", {}),
    ("私营企业", "level", "家", "60000", "private_count", {}),
    ("新增私营企业", "count", "家", "1000", "new_private", {}),
    ("个体工商户", "level", "户", "20000", "individual_count", {}),
    ("新增个体工商户", "count", "户", "2000", "new_individual", {}),
    ("主导产业营收占比", "share", "%", "70", "leading_chain_share", {}),
]


def seed(n: int, year: int) -> tuple:
    rng = random.Random(12)
    _city, (region,), _units = seed_counties("96", 1, ["科技经信局"])
    chains = IndustryChain.objects.bulk_create(
        IndustryChain(region=region, name=f"产业链{i}", is_leading=i < 3, sort_order=i)
        for i in range(5)
    )
    started = time.monotonic()
    rows = []
    for i in range(n):
        above = i % 10 == 0
        individual = not above and i % 5 == 1
        rows.append(
            Enterprise(
                region=region,
                credit_code=credit_code.make(
                    "9", "2" if individual else "1", region.code, f"{i:08d}"
                ),
                name=f"测试企业{i}",
                chain=chains[i % 5] if i % 3 else None,
                ownership=Ownership.INDIVIDUAL if individual else Ownership.PRIVATE,
                scale=Scale.ABOVE if above else Scale.BELOW,
                above_scale_since=dt.date(rng.randint(2005, year), rng.randint(1, 12), 1)
                if above
                else None,
                established_on=dt.date(rng.randint(1990, year), rng.randint(1, 12), 1),
                hightech_cert_date=dt.date(rng.randint(year - 3, year), rng.randint(1, 12), 1)
                if i % 20 == 3
                else None,
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=2000)
    enterprise_seconds = time.monotonic() - started
    ids = list(Enterprise.objects.filter(region=region).order_by("pk").values_list("pk", "scale"))
    started = time.monotonic()
    table = MonthlyFigure._meta.db_table
    columns = (
        "enterprise_id, region_id, year, month, output_value, output_value_month, "
        "value_added, revenue, revenue_month, source, updated_at"
    )
    # the table and column names are the model's own, not input
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608
    now = timezone.now()
    figures = 0
    with connection.cursor() as cursor:
        for y in (year - 1, year):
            batch = []
            for pk, scale in ids:
                if y < year and scale != Scale.ABOVE:
                    continue
                base = rng.uniform(3000, 60000) if scale == Scale.ABOVE else rng.uniform(50, 1800)
                running = 0.0
                for m in range(1, 13):
                    month = base / 12 * rng.uniform(0.8, 1.2)
                    running += month
                    out, out_m = Decimal(f"{running:.2f}"), Decimal(f"{month:.2f}")
                    batch.append(
                        (
                            pk,
                            region.pk,
                            y,
                            m,
                            out,
                            out_m,
                            out * Decimal("0.25"),
                            out,
                            out_m,
                            FigureSource.BUREAU,
                            now,
                        )
                    )
                if len(batch) >= 50000:
                    cursor.executemany(sql, batch)
                    figures += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            figures += len(batch)
    figure_seconds = time.monotonic() - started
    plan = Plan.objects.create(region=region, year=year, title=f"测试县{year}年工作意见")
    for seq, (name, kind, unit, value, formula, params) in enumerate(TARGETS, start=1):
        target = Target.objects.create(
            plan=plan,
            seq=seq,
            name=name,
            kind=kind,
            comparator="gte",
            value=Decimal(value),
            unit=unit,
        )
        ComputedTarget.objects.create(target=target, formula=formula, params=params)
    return region, figures, enterprise_seconds, figure_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    year = timezone.localdate().year - 1  # a year whose twelve months have all ended
    print(f"database: {connection.vendor}; {args.enterprises:,} enterprises; year {year}")
    with transaction.atomic():
        region, figures, e_seconds, f_seconds = seed(args.enterprises, year)
    print(
        f"seeded: enterprises in {e_seconds:.1f} s (bulk_create), {figures:,} monthly figures "
        f"in {f_seconds:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    times = []
    for run in range(args.runs + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            result = computed_targets_recompute(region=region, year=year)
            seconds = time.monotonic() - started
        times.append(seconds)
        if run == 0:
            print(
                f"first recompute: {seconds:.2f} s, {len(queries)} queries, "
                f"{result.targets} targets, {result.written} monthly figures written"
            )
    # each formula alone (no reads shared): where the time goes
    from gongye.enterprises.services.computed import formulas_loaded

    alone = []
    for key in sorted({t[4] for t in TARGETS}):
        started = time.monotonic()
        formulas_loaded()[key].months(region, year, list(range(1, 13)), {})
        alone.append(f"{key} {time.monotonic() - started:.2f}")
    print("each formula alone, s: " + "; ".join(alone))
    median = statistics.median(times[1:])
    print(
        f"recompute (all {len(TARGETS)} targets × 12 months): median {median:.2f} s over "
        f"{args.runs} runs; goal < 5 s: {'✔' if median < 5 else '✘'}"
    )


if __name__ == "__main__":
    main()
