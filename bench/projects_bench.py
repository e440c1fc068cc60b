"""The project register at scale (issue 13, performance): the three-library board, the 月30
调度表 and the 赛马 ranking at 20,000 projects × 36 monthly returns over 100 counties.

Builds the data in a fresh database (a temporary SQLite file, or DATABASE_URL): a small city
(5 counties × 200 projects) and a large one (100 counties × 200 projects), every project with
36 months of returns (2020-01 … 2022-12), then times the pages in-process (Django test Client)
as a county's plan office and as the city's leader, and counts their SQL queries, to show the
count is the same small and large and the server time under 100 ms.

    .venv/bin/python bench/projects_bench.py [--counties 100] [--per-county 200] [--runs 15]

Seeding writes rows in bulk (test data, not a workflow); the pages read them through the same
selectors as in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from decimal import Decimal

from common import bench_user, client_for, settle, time_page
from django.core.management import call_command
from django.db import connection, reset_queries
from django.utils import timezone

from gongye.enterprises.models import IndustryChain
from gongye.orgs.models import Region, Unit
from gongye.projects.models import Project, ProjectReturn
from gongye.projects.totals import rebuild
from gongye.projects.versions import region_touch

TOWNSHIPS = ["衡山镇", "佛子岭镇", "下符桥镇", "但家庙镇", "与儿街镇", "大化坪镇", "漫水河镇"]
CHAINS = ["高端装备制造", "生态食品", "新材料", "电子信息"]
KINDS = ["new", "expansion", "upgrade", "new", "upgrade", "infrastructure"]
# stage by share of the projects: reserve, building, producing, scaled
STAGES = ["reserve"] * 3 + ["building"] * 4 + ["producing"] * 2 + ["scaled"]
YEARS = (2020, 2021, 2022)
MONTH = (2022, 12)


def seed_city(prefix: str, counties: int, per_county: int) -> dict:
    """A province, a city and ``counties`` counties, each with townships, a development zone,
    a bureau, chains and ``per_county`` projects with 36 monthly returns each."""
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
    places: dict[int, list[Unit]] = {}
    bureaus: dict[int, Unit] = {}
    chains: dict[int, list[IndustryChain]] = {}
    for region in regions:
        towns = Unit.objects.bulk_create(
            Unit(region=region, name=n, kind="township", sort_order=i)
            for i, n in enumerate(TOWNSHIPS)
        )
        zone = Unit.objects.create(region=region, name="开发区", kind="dev_zone", sort_order=20)
        places[region.pk] = [*towns, zone]
        bureaus[region.pk] = Unit.objects.create(region=region, name="科技经信局", kind="bureau")
        chains[region.pk] = IndustryChain.objects.bulk_create(
            IndustryChain(region=region, name=n, is_leading=True, links=["上游", "下游"])
            for n in CHAINS
        )
    rows = []
    for region in regions:
        for n in range(per_county):
            stage = STAGES[n % len(STAGES)]
            total = Decimal(300 + (n * 137 + region.pk) % 20000)
            start = dt.date(2020 + n % 3, 1 + n % 12, 1 + n % 28) if stage != "reserve" else None
            place = places[region.pk][n % len(places[region.pk])]
            rows.append(
                Project(
                    region=region,
                    name=f"{region.name}第{n:04d}号项目",
                    enterprise_name=f"第{n:04d}号公司",
                    chain=chains[region.pk][n % len(CHAINS)],
                    kind=KINDS[n % len(KINDS)],
                    location=place,
                    unit=place,
                    total_investment=total,
                    fixed_asset_investment=total * Decimal("0.8"),
                    equipment_investment=total * Decimal("0.3"),
                    planned_start_on=dt.date(2022, 1 + n % 12, 1),
                    stage=stage,
                    started_on=start,
                    completed_on=dt.date(2022, 1 + n % 12, 28)
                    if stage in {"producing", "scaled"}
                    else None,
                    produced_on=dt.date(2022, 1 + n % 12, 28)
                    if stage in {"producing", "scaled"}
                    else None,
                    scaled_on=dt.date(2022, 12, 1) if stage == "scaled" else None,
                )
            )
    Project.objects.bulk_create(rows, batch_size=5000)
    office_units = {r.pk: bureaus[r.pk] for r in regions}
    filer = bench_user(prefix, "filer", "填报人", regions[0], "liaison", places[regions[0].pk][0])
    filed = timezone.make_aware(dt.datetime(2022, 12, 20, 10))
    returns = []
    projects = Project.objects.filter(region__in=regions).values_list(
        "pk", "region_id", "unit_id", "total_investment"
    )
    for pk, region_id, unit_id, total in projects:
        cumulative = Decimal(0)
        step = (total / 40).quantize(Decimal("0.01"))
        for year in YEARS:
            this_year = Decimal(0)
            for month in range(1, 13):
                # a project in three skips a month now and then: the red list has rows
                if pk % 3 == 0 and (year, month) == MONTH:
                    continue
                cumulative += step
                this_year += step
                returns.append(
                    ProjectReturn(
                        project_id=pk,
                        region_id=region_id,
                        year=year,
                        month=month,
                        investment_month=step,
                        investment_year=this_year,
                        investment_total=cumulative,
                        progress="主体施工",
                        unit_id=unit_id,
                        filed_by=filer,
                        filed_at=filed,
                        on_time=pk % 5 != 0,
                    )
                )
        if len(returns) >= 50_000:
            ProjectReturn.objects.bulk_create(returns, batch_size=5000)
            returns = []
    ProjectReturn.objects.bulk_create(returns, batch_size=5000)
    rebuild(r.pk for r in regions)  # the totals by place (``bulk_create`` sends no signal)
    county = regions[0]
    return {
        "office": bench_user(
            prefix, "office", "计划办", county, "plan_office", office_units[county.pk]
        ),
        "leader": bench_user(prefix, "leader", "市领导", city, "leader"),
        "county_leader": bench_user(prefix, "cleader", "县领导", county, "leader"),
        "city": city,
    }


def pages(data: dict) -> list[tuple[str, object, str, object]]:
    y, m = MONTH
    month = f"{y}-{m:02d}"
    pages_cached = [
        ("board (county office)", data["office"], "/projects/board/"),
        ("board (city leader)", data["leader"], "/projects/board/"),
        ("调度表 (county office)", data["office"], f"/projects/schedule/?month={month}"),
        (
            "ranking: townships (county office)",
            data["office"],
            f"/projects/ranking/?month={month}&measure=industrial_investment",
        ),
        (
            "ranking: counties (city leader)",
            data["leader"],
            f"/projects/ranking/?month={month}&measure=industrial_investment",
        ),
        (
            "ranking: counties 技改 (city leader)",
            data["leader"],
            f"/projects/ranking/?month={month}&measure=upgrade_investment",
        ),
        ("project list (county office)", data["office"], "/projects/?stage=building"),
    ]
    found: list[tuple[str, object, str, object]] = [(*p, None) for p in pages_cached]
    # the race is cached per data version (``projects.versions``): the first request after a
    # change in the city computes it — timed with the city's version renewed before each
    city = data["city"]
    found.append(
        (
            "ranking: counties, after a change (city leader)",
            data["leader"],
            f"/projects/ranking/?month={month}&measure=industrial_investment",
            lambda: region_touch(city.pk),
        )
    )
    return found


def measure(data: dict, runs: int) -> dict[str, tuple[int, float]]:
    results = {}
    for name, user, url, before in pages(data):
        queries, ms, response = time_page(client_for(user), url, runs, before=before)
        assert response.status_code == 200, (url, response.status_code)
        results[name] = (queries, ms)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--per-county", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"database: {connection.vendor}")
    small = measure(seed_city("95", args.small, args.per_county), args.runs)
    start = time.perf_counter()
    large_data = seed_city("96", args.counties, args.per_county)
    settle()
    projects = args.counties * args.per_county
    print(
        f"seeded {projects:,} projects, {ProjectReturn.objects.count():,} returns in all "
        f"in {time.perf_counter() - start:.1f} s"
    )
    large = measure(large_data, args.runs)
    print(f"{'page':40} {'queries small→large':>20} {'median ms small':>16} {'large':>8}")
    for key, (queries, ms) in large.items():
        print(f"{key:40} {small[key][0]:>9} → {queries:<8} {small[key][1]:>14.1f} {ms:>8.1f}")
    reset_queries()


if __name__ == "__main__":
    main()
