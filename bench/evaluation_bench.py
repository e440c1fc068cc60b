"""亩均论英雄 at scale (issue 14, performance): the scoring step of a run over 100,000
enterprises beside the floor, the same weighted sum written as one numpy expression over the
same arrays, measured side by side in one run; then a whole run through the service (read the
register, score, rank, classify, write the results and the audit entry) on a fresh database
(a temporary SQLite file, or ``DATABASE_URL`` of an empty PostgreSQL database).

    .venv/bin/python bench/evaluation_bench.py [--enterprises 100000] [--repeat 20] [--no-run]

Seeding the register writes rows in bulk (test data, not a workflow); the run goes through
``run_create`` as the plan office's page and API do.

The scheme is a published shape: 规上 and 规下 groups; 亩均税收 (fixed benchmark), 亩均增加值
(the group's average, capped at 2× its weight), 单位能耗增加值 (fixed), 研发经费投入强度
(fixed, capped at 1.5×), and for 规下 亩均税收 and 单位电耗税收. The scoring step is the
engine's ``score_group`` for each group (formulas over the columns, benchmarks, scores, caps,
the missing-data rule, totals rounded); the floor computes the same totals (same benchmarks,
no caps and no missing data handled) in one expression per group. Both take the best of
``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from common import django  # noqa: F401  (sets Django up)

from gongye.evaluation.engine.inputs import inputs_from_columns
from gongye.evaluation.engine.scheme import parse_scheme
from gongye.evaluation.engine.scoring import evaluate, score_group

SCHEME = """
name: 基准测试方案
groups:
  - name: 规上
    where: scale == "规上"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 40, benchmark: 24.097}
      - {name: 亩均增加值, formula: value_added / land_mu, weight: 30, benchmark: average, cap: 2}
      - {name: 单位能耗增加值, formula: value_added / energy_tce, weight: 20, benchmark: 2.5}
      - {name: 研发经费投入强度, formula: rd_expense / revenue, weight: 10, benchmark: 0.02, cap: 1.5}
  - name: 规下
    where: scale == "规下"
    indicators:
      - {name: 亩均税收, formula: tax / land_mu, weight: 50, benchmark: 8}
      - {name: 单位电耗税收, formula: tax * 10000 / electricity_kwh, weight: 50, benchmark: 0.2352}
classes: {A: 20, B: 65, C: 95}
"""


def columns(size: int) -> dict[str, object]:
    rng = np.random.default_rng(2022)
    land = rng.uniform(3, 300, size).round(2)
    return {
        "credit_code": np.array([f"C{i:017d}" for i in range(size)]),
        "name": np.array([f"企业{i}" for i in range(size)]),
        "scale": np.where(rng.random(size) < 0.3, "规上", "规下"),
        "land_mu": land,
        "tax": (land * rng.lognormal(2.8, 0.8, size)).round(2),
        "value_added": (land * rng.lognormal(4.2, 0.7, size)).round(2),
        "energy_tce": (land * rng.lognormal(3.0, 0.9, size)).round(2),
        "revenue": (land * rng.lognormal(5.5, 0.7, size)).round(2),
        "rd_expense": (land * rng.lognormal(2.0, 1.0, size)).round(2),
        "electricity_kwh": (land * rng.lognormal(10.5, 0.8, size)).round(0),
    }


def seed_register(size: int, columns: dict[str, object]) -> object:
    """A county with ``size`` enterprises in its development zone and their December figures,
    and its plan office (bulk)."""
    import datetime as dt
    from decimal import Decimal

    from common import bench_user, seed_counties, settle
    from django.core.management import call_command

    from gongye.core.roles import Role
    from gongye.enterprises.models import Enterprise, MonthlyFigure

    call_command("migrate", verbosity=0)
    _city, counties, units = seed_counties("88", 1, ["科技经信局"])
    county = counties[0]
    office = bench_user("88", "office", "计划办", county, Role.PLAN_OFFICE, units[county.pk][0])
    scale = columns["scale"]
    Enterprise.objects.bulk_create(
        (
            Enterprise(
                region=county,
                credit_code=f"9188{i:014d}",
                name=f"基准企业{i}",
                scale="above" if scale[i] == "规上" else "below",
                in_dev_zone=True,
                land_owned_mu=Decimal(f"{columns['land_mu'][i]:.2f}"),
                established_on=dt.date(2010, 1, 1),
            )
            for i in range(size)
        ),
        batch_size=5000,
    )
    ids = dict(Enterprise.objects.filter(region=county).values_list("credit_code", "id"))
    figures = ("tax", "value_added", "energy_tce", "revenue", "rd_expense", "electricity_kwh")
    MonthlyFigure.objects.bulk_create(
        (
            MonthlyFigure(
                enterprise_id=ids[f"9188{i:014d}"],
                region=county,
                year=2022,
                month=12,
                source="bureau",
                **{name: Decimal(f"{columns[name][i]:.2f}") for name in figures},
            )
            for i in range(size)
        ),
        batch_size=5000,
    )
    settle()
    return county, office


def whole_run(size: int, columns: dict[str, object]) -> None:
    from django.db import connection

    from gongye.evaluation.services.runs import run_create
    from gongye.evaluation.services.schemes import scheme_save

    started = time.perf_counter()
    county, office = seed_register(size, columns)
    print(
        f"seeded {size:,} enterprises with December figures in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    version = scheme_save(actor=office, region=county, document=SCHEME, year=2022)
    for attempt in (1, 2):
        started = time.perf_counter()
        run = run_create(actor=office, version=version, year=2022)
        elapsed = time.perf_counter() - started
        print(
            f"whole run {attempt} (run_create: read, score, rank, classify, write {run.results.count():,} results): {elapsed:.2f} s"
        )


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-run", action="store_true", help="the scoring step only")
    args = parser.parse_args()
    scheme = parse_scheme(SCHEME)
    inputs = inputs_from_columns(columns(args.enterprises), args.enterprises)
    env = inputs.env
    # the groups' columns, gathered once for both (the gathering is not scoring)
    parts = []
    for group in scheme.groups:
        mask = group.where.evaluate(env, inputs.size)
        parts.append((group, {name: column[mask] for name, column in env.items()}, int(mask.sum())))

    def engine() -> None:
        for group, sub, size in parts:
            score_group(group, sub, size)

    big, small = parts[0][1], parts[1][1]
    average = float(np.nanmean(big["value_added"] / big["land_mu"]))

    def floor() -> None:
        (
            40 * (big["tax"] / big["land_mu"]) / 24.097
            + 30 * (big["value_added"] / big["land_mu"]) / average
            + 20 * (big["value_added"] / big["energy_tce"]) / 2.5
            + 10 * (big["rd_expense"] / big["revenue"]) / 0.02
        )
        (
            50 * (small["tax"] / small["land_mu"]) / 8
            + 50 * (small["tax"] * 10000 / small["electricity_kwh"]) / 0.2352
        )

    floor_s = best(floor, args.repeat)
    engine_s = best(engine, args.repeat)
    whole_s = best(lambda: evaluate(scheme, inputs), max(3, args.repeat // 5))
    print(f"enterprises: {args.enterprises:,} (规上 {parts[0][2]:,}, 规下 {parts[1][2]:,})")
    print(f"floor, one numpy expression per group: {floor_s * 1000:.2f} ms")
    print(
        f"engine scoring step (score_group):     {engine_s * 1000:.2f} ms  ({engine_s / floor_s:.2f}× the floor)"
    )
    print(
        f"engine whole evaluation (scope, groups, scores, ranks, classes, reasons): {whole_s * 1000:.1f} ms"
    )

    if not args.no_run:
        whole_run(args.enterprises, columns(args.enterprises))


if __name__ == "__main__":
    main()
