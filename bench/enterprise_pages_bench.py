"""The register's pages at scale (issue 12, performance): the enterprise list (filters, 50 a
page) and one enterprise's page at 100,000 enterprises, a year of monthly figures for a share
of them.

Builds the data in a fresh database (a temporary SQLite file, or DATABASE_URL): a small county
(1,000 enterprises) and a large one (100,000) side by side, then times the pages in-process
(Django test Client, signed in as each county's plan office) and counts their SQL queries, to
show that the count is the same at 1,000 and at 100,000 and the time under 100 ms.

    .venv/bin/python bench/enterprise_pages_bench.py [--enterprises 100000] [--share 0.2]

Seeding writes rows in bulk (test data, not a workflow; codes are valid, made with
``credit_code.make``); the pages read them through the same selectors as in production. The
enterprise page writes its read to the audit log on every request, as it does in production.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from decimal import Decimal

from common import bench_user, client_for, settle, time_page
from django.core.management import call_command
from django.db import connection, reset_queries

from gongye.enterprises import credit_code
from gongye.enterprises.models import Enterprise, IndustryChain, MonthlyFigure
from gongye.orgs.models import Region, Unit

TOWNSHIPS = [
    "衡山镇",
    "佛子岭镇",
    "下符桥镇",
    "但家庙镇",
    "与儿街镇",
    "大化坪镇",
    "漫水河镇",
    "单龙寺镇",
]
CHAINS = ["高端装备制造", "生态食品", "新材料", "电子信息", "生物医药"]
INDUSTRIES = ["C3484", "C1391", "C3311", "C3973", "C2710", "C2041", "C3060", "C3824"]
SRDI = ["", "", "", "innovative", "provincial", "little_giant"]
YEAR = 2022


def seed_county(prefix: str, size: int, share: float) -> dict:
    """A province, city and county ``{prefix}…`` with townships, a development zone, chains,
    ``size`` enterprises and twelve months of figures for ``share`` of them."""
    province = Region.objects.create(code=f"{prefix}0000", name=f"测试省{prefix}", level="province")
    city = Region.objects.create(
        code=f"{prefix}0100", name=f"测试市{prefix}", level="city", parent=province
    )
    county = Region.objects.create(
        code=f"{prefix}0102", name=f"测试县{prefix}", level="county", parent=city
    )
    towns = Unit.objects.bulk_create(
        Unit(region=county, name=n, kind="township", sort_order=i) for i, n in enumerate(TOWNSHIPS)
    )
    zone = Unit.objects.create(region=county, name="开发区", kind="dev_zone", sort_order=20)
    office_unit = Unit.objects.create(region=county, name="科技经信局", kind="bureau")
    places = [*towns, zone]
    chains = IndustryChain.objects.bulk_create(
        IndustryChain(region=county, name=n, is_leading=i < 3, links=["上游", "中游", "下游"])
        for i, n in enumerate(CHAINS)
    )
    today = dt.date.today()
    rows = []
    for n in range(size):
        place = places[n % len(places)]
        rows.append(
            Enterprise(
                region=county,
                credit_code=credit_code.make("9", "1", county.code, f"{n:08d}"),
                name=f"{county.name}第{n:06d}号工业有限公司",
                township=place,
                in_dev_zone=place is zone,
                industry_code=INDUSTRIES[n % len(INDUSTRIES)],
                industry_name="行业",
                chain=chains[n % len(chains)] if n % 3 else None,
                scale="above" if n % 7 == 0 else "below",
                srdi_level=SRDI[n % len(SRDI)] if n % 10 == 0 else "",
                listing_stage="reserve" if n % 200 == 0 else "",
                hightech_cert_no=f"GR{n:010d}" if n % 20 == 0 else "",
                hightech_cert_date=today - dt.timedelta(days=n % 1500) if n % 20 == 0 else None,
                land_owned_mu=Decimal(n % 90),
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=5000)
    with_figures = list(
        Enterprise.objects.filter(region=county).order_by("pk").values_list("pk", flat=True)
    )[: int(size * share)]
    figures = (
        MonthlyFigure(
            enterprise_id=pk,
            region=county,
            year=YEAR,
            month=m,
            revenue=Decimal(100 * m + pk % 97),
            output_value=Decimal(110 * m + pk % 89),
            tax=Decimal(m),
            employees=50 + pk % 30,
            source="bureau",
        )
        for pk in with_figures
        for m in range(1, 13)
    )
    MonthlyFigure.objects.bulk_create(figures, batch_size=5000)
    office = bench_user(prefix, "office", "计划办", county, "plan_office", office_unit)
    return {
        "office": office,
        "enterprise": with_figures[len(with_figures) // 2],
        "township": towns[3].pk,
        "chain": chains[1].pk,
        # the beginning of a code that is in both counties' registers (n = 123)
        "code_prefix": credit_code.make("9", "1", county.code, f"{123:08d}")[:16],
    }


def urls(data: dict) -> dict[str, str]:
    return {
        "list": "/enterprises/",
        "list page 3": "/enterprises/?page=3",
        "list scale+township": f"/enterprises/?scale=above&township={data['township']}",
        "list chain+industry+hightech": (
            f"/enterprises/?chain={data['chain']}&industry=C34&hightech_valid=1"
        ),
        "list search name": "/enterprises/?q=第000123号",
        "list search code": f"/enterprises/?q={data['code_prefix']}",
        "enterprise page": f"/enterprises/{data['enterprise']}/",
        "api list": f"/api/v1/enterprises?scale=above&township={data['township']}",
        "api detail": f"/api/v1/enterprises/{data['enterprise']}",
    }


def measure(data: dict, runs: int) -> dict[str, tuple[int, float]]:
    client = client_for(data["office"])
    results = {}
    for name, url in urls(data).items():
        queries, ms, response = time_page(client, url, runs)
        assert response.status_code == 200, (url, response.status_code)
        results[name] = (queries, ms)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"database: {connection.vendor}")
    small = measure(seed_county("97", args.small, args.share), args.runs)
    start = time.perf_counter()
    large_data = seed_county("98", args.enterprises, args.share)
    settle()
    print(
        f"seeded {args.enterprises:,} enterprises, "
        f"{int(args.enterprises * args.share) * 12:,} monthly figures "
        f"in {time.perf_counter() - start:.1f} s"
    )
    large = measure(large_data, args.runs)
    print(f"{'page':32} {'queries small→large':>20} {'median ms small':>16} {'large':>8}")
    for key, (queries, ms) in large.items():
        print(f"{key:32} {small[key][0]:>9} → {queries:<8} {small[key][1]:>14.1f} {ms:>8.1f}")
    reset_queries()


if __name__ == "__main__":
    main()
