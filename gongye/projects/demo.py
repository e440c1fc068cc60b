"""The project register's demo (issue 13, item 9; ``load_demo`` step at order 65, demo mode
only, after the register's enterprises and before the targets computed from them).

For the default county: the projects its plan names (``demo_data.NAMED``), linked to the demo
register's enterprise whose name contains the project's key where there is one, with their
chains and places; and for it and every other county of its city, a reproducible set of
plausible projects (a generator seeded with the region's code and the plan's year) started over
the plan's year and the four before it, some waiting in 储备库, some given up, some whose
enterprise has since entered 规上 (积树成林, the default county only: the other counties have no
demo register, so no enterprise to be 规上). The other counties' demo organisation has bureaus
only, so each gets a development zone and two townships to build in (through
``orgs.services.unit_create``, audited as the organisation's demo is); their projects are
answered for by their 经信局.

Every project under construction or in production has its 月30 returns over the three demo
years (the plan's year and the two before, up to the month the register's demo ends on: see
``demo_returns``). A few problems (问题清单交办) sit on the named projects in every state.

Everything is marked demo (``is_demo``; returns and problems are filed by the inactive
``demo_data`` account, "演示数据", as the demo appeals are). Like the register's demo, it is
written with ``bulk_create`` and audited once per county as an import by "演示数据" (the rows
bypass the services and their per-row audit by design). Idempotent: a county that has demo
projects gets none again.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.contrib import DemoReport
from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.models import Region, Unit
from gongye.projects import totals
from gongye.projects.demo_data import OTHER_COUNTY_PLACES
from gongye.projects.demo_projects import County, county_plans
from gongye.projects.demo_returns import demo_author, demo_months, load_problems, returns_for
from gongye.projects.models import Project, ProjectReturn


def ensure_places(region: Region) -> int:
    """Another county's places to build in (``demo_data.OTHER_COUNTY_PLACES``), each made once
    through the organisation's service. Returns how many were made."""
    from gongye.orgs.services import unit_create

    zone, full_name, townships = OTHER_COUNTY_PLACES.get(region.code, ("", "", []))
    made = 0
    order = 100
    for name, kind, full in [(zone, UnitKind.DEV_ZONE, full_name)] + [
        (t, UnitKind.TOWNSHIP, "") for t in townships
    ]:
        order += 10
        if not name or Unit.objects.filter(region=region, name=name).exists():
            continue
        unit_create(
            actor=None, region=region, name=name, kind=kind, full_name=full, sort_order=order
        )
        made += 1
    return made


@transaction.atomic
def load_projects_demo(
    region: Region, year: int, *, named: bool, today: dt.date | None = None
) -> dict[str, int]:
    """One county's demo projects, returns and problems (see the module's note); nothing when
    it has demo projects already. Returns what was added."""
    added = {"places": 0, "projects": 0, "returns": 0, "problems": 0}
    if not named:
        added["places"] = ensure_places(region)
    if Project.objects.filter(region=region, is_demo=True).exists():
        return added
    today = today or timezone.localdate()
    c = County.of(region, year, today)
    if not c.places:
        return added
    plans = county_plans(c, named=named)
    Project.objects.bulk_create([p.project for p in plans], batch_size=500)
    author = demo_author(region)
    months = demo_months(year, today)
    rows: list[ProjectReturn] = []
    for plan in plans:
        rows.extend(returns_for(c.rng, plan, months, author))
    ProjectReturn.objects.bulk_create(rows, batch_size=2000)
    totals.refresh(region.pk)  # ``bulk_create`` sends no signal
    if named:
        added["problems"] = load_problems(
            region, {p.project.name: p.project for p in plans}, c.units
        )
    added["projects"], added["returns"] = len(plans), len(rows)
    audit_record(
        actor=None,
        actor_name="演示数据",
        verb=Verb.IMPORT,
        target=region,
        after={"demo": True, "year": year, **added},
        region_code=region.code,
    )
    return added


def demo_regions() -> tuple[list[Region], int]:
    """The default county first, then the other counties of its city; and the plan's year
    (the register's demo's: the default county's latest plan, else last year)."""
    from gongye.plans.models import Plan as PlanModel

    region = Region.objects.filter(code=settings.GONGYE_DEFAULT_REGION).first()
    if region is None:
        return [], timezone.localdate().year - 1
    plan = PlanModel.objects.filter(region=region).order_by("-year").first()
    year = plan.year if plan else timezone.localdate().year - 1
    others = (
        Region.objects.filter(parent_id=region.parent_id, level=RegionLevel.COUNTY)
        .exclude(pk=region.pk)
        .order_by("code")
        if region.parent_id
        else Region.objects.none()
    )
    return [region, *others], year


def projects_demo_load(report: object) -> str:
    """The ``load_demo`` step (``ProjectsConfig.demo_loaders``, order 65)."""
    started = time.monotonic()
    regions, year = demo_regions()
    total = {"places": 0, "projects": 0, "returns": 0, "problems": 0}
    for n, region in enumerate(regions):
        for key, value in load_projects_demo(region, year, named=n == 0).items():
            total[key] += value
    if isinstance(report, DemoReport):  # the places are units: the summary counts them
        report.units += total["places"]
    if not any(total.values()):
        return "项目库演示数据已存在，未作改动。" if regions else ""
    return (
        f"项目库演示数据：{len(regions)} 个县（区）新增项目 {total['projects']} 个、"
        f"月30调度数据 {total['returns']} 条、项目问题 {total['problems']} 个、"
        f"建设地点 {total['places']} 个（用时 {time.monotonic() - started:.1f} 秒）。"
    )
