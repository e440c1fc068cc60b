"""The project demo's projects (``gongye.projects.demo``): the plan's named projects and a
reproducible set of plausible others for one county, as unsaved rows with what each spends
month by month (``demo_returns.Plan``). Pure but for reading the county's places, chains,
enterprises and leader: nothing is written here."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongye.core.roles import Role
from gongye.enterprises.choices import Ownership, Scale
from gongye.enterprises.demo_data import COMPANY_FORMS, TRADE_NAMES, TRADES
from gongye.enterprises.demo_data import NAMED as REGISTER_NAMED
from gongye.enterprises.models import Enterprise, IndustryChain
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit
from gongye.projects.choices import ProjectKind, ProjectStage
from gongye.projects.demo_data import (
    CANCELLED,
    KINDS,
    NAMED,
    OTHER_COUNTY_UNIT,
    RESERVE,
    SCALED,
    STARTS_BY_YEAR,
    Named,
)
from gongye.projects.demo_returns import Plan, spending
from gongye.projects.demo_words import CANCEL_REASONS, DESCRIPTIONS, NAME_TEMPLATES, PRODUCTS
from gongye.projects.models import Project

LOCATIONS = (UnitKind.TOWNSHIP, UnitKind.DEV_ZONE)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


def _short(region: Region) -> str:
    """霍山县 → 霍山, 金安区 → 金安."""
    return (
        region.name[:-1] if region.name[-1:] in "县区市" and len(region.name) > 2 else region.name
    )


def _short_name(region: Region, name: str) -> str:
    """An enterprise's name as a project's name starts with it: 霍山县鑫源铸造有限公司 → 鑫源铸造."""
    name = name.removeprefix("安徽").removeprefix(region.name).removeprefix(_short(region))
    for form in sorted(set(COMPANY_FORMS), key=len, reverse=True):
        name = name.removesuffix(form)
    return name


@dataclass
class County:
    """One county's world for the generator: its places, chains, enterprises and clock."""

    region: Region
    year: int
    as_of: dt.date  # the demo's today: the end of the plan's year, or today when earlier
    rng: random.Random
    places: dict[str, Unit]
    zones: list[Unit]
    townships: list[Unit]
    units: dict[str, Unit]
    chains: dict[str, IndustryChain]
    enterprises: list[Enterprise]
    leader: Any
    names: set[str] = field(default_factory=set)
    # the register's working companies (not the named ones'), by chain: a project's builder
    builders: dict[str, list[Enterprise]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.enterprises:
            if (
                e.is_active
                and e.ownership != Ownership.INDIVIDUAL
                and e.chain is not None
                and not any(n.key and n.key in e.name for n in NAMED)
            ):
                self.builders.setdefault(e.chain.name, []).append(e)

    @classmethod
    def of(cls, region: Region, year: int, today: dt.date) -> County:
        units = {u.name: u for u in Unit.objects.filter(region=region).order_by("sort_order", "pk")}
        places = {n: u for n, u in units.items() if u.kind in LOCATIONS and u.is_active}
        from gongye.accounts.models import RoleAssignment

        leader = (
            RoleAssignment.objects.filter(role=Role.LEADER, region=region, is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return cls(
            region=region,
            year=year,
            as_of=min(today, dt.date(year, 12, 31)),
            rng=random.Random(f"projects-demo-{region.code}-{year}"),
            places=places,
            zones=[u for u in places.values() if u.kind == UnitKind.DEV_ZONE],
            townships=[u for u in places.values() if u.kind == UnitKind.TOWNSHIP],
            units=units,
            chains={c.name: c for c in IndustryChain.objects.filter(region=region)},
            enterprises=list(
                Enterprise.objects.filter(region=region, is_demo=True)
                .select_related("township", "chain")
                .order_by("pk")
            ),
            leader=leader.user if leader is not None else None,
        )

    def place(self, zone_share: float = 0.5) -> Unit:
        if self.zones and (not self.townships or self.rng.random() < zone_share):
            return self.zones[0] if self.rng.random() < 0.8 else self.rng.choice(self.zones)
        return self.rng.choice(self.townships)

    def date_between(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def unique(self, name: str) -> str:
        for suffix in ("", "（二期）", "（三期）"):
            if f"{name}{suffix}" not in self.names:
                self.names.add(f"{name}{suffix}")
                return f"{name}{suffix}"
        name = f"{name}（{len(self.names)}）"
        self.names.add(name)
        return name


def fit(project: Project, as_of: dt.date) -> None:
    """The stage the dates make as of ``as_of``: a step dated later has not happened yet (its
    date and every later one cleared). A project given up keeps its own stage."""
    if project.signed_on and project.signed_on > as_of:
        project.signed_on = None
    if project.started_on and project.started_on > as_of:
        project.started_on = None
    if project.started_on is None or (project.produced_on and project.produced_on > as_of):
        project.completed_on = project.produced_on = None
    if project.produced_on is None or (project.scaled_on and project.scaled_on > as_of):
        project.scaled_on = None
    if project.stage == ProjectStage.CANCELLED:
        return
    if project.scaled_on:
        project.stage = ProjectStage.SCALED
    elif project.produced_on:
        project.stage = ProjectStage.PRODUCING
    elif project.started_on:
        project.stage = ProjectStage.BUILDING
    else:
        project.stage = ProjectStage.RESERVE


def _planned(c: County, project: Project, end: dt.date, start: dt.date | None = None) -> None:
    """The planned dates around the actual ones: signed, started and in production a little
    earlier or later than planned, in order. ``end``: the planned production."""
    rng = c.rng
    if start is None:
        actual = project.started_on or project.planned_start_on or end
        start = actual - dt.timedelta(days=rng.randint(-30, 45))
    project.planned_start_on = start
    sign = project.signed_on or start - dt.timedelta(days=rng.randint(20, 90))
    project.planned_sign_on = min(sign - dt.timedelta(days=rng.randint(-15, 30)), start)
    project.planned_produce_on = max(end, start)
    project.planned_complete_on = max(start, end - dt.timedelta(days=rng.randint(0, 30)))


def _named_plan(c: County, n: Named) -> Plan:
    """A project the plan names, linked to the register's enterprise whose name contains its
    key; without one (no demo register), named as the register's demo would name it."""
    enterprise = next((e for e in c.enterprises if n.key in e.name), None) if n.key else None
    builder = n.builder or next((e[0] for e in REGISTER_NAMED if n.key in e[0]), n.key)
    location = c.places.get(n.where) or c.place()
    unit = c.units.get(n.unit) or location
    produced = n.produced
    project = Project(
        region=c.region,
        name=c.unique(n.name),
        enterprise=enterprise,
        enterprise_name="" if enterprise is not None else builder,
        chain=c.chains.get(n.chain),
        chain_link=n.link if n.chain in c.chains else "",
        kind=n.kind,
        location=location,
        unit=unit,
        total_investment=Decimal(n.total),
        fixed_asset_investment=Decimal(n.fixed),
        equipment_investment=Decimal(n.equipment),
        description=n.description,
        signed_on=n.signed,
        started_on=n.started,
        completed_on=produced - dt.timedelta(days=c.rng.randint(5, 25)) if produced else None,
        produced_on=produced,
        paired_leader=c.leader if n.paired else None,
        is_demo=True,
    )
    _planned(c, project, n.planned_produce, n.started - dt.timedelta(days=c.rng.randint(0, 40)))
    fit(project, c.as_of)
    end = produced if produced and project.produced_on else max(n.planned_produce, c.as_of)
    return Plan(project, spending(c.rng, project, n.started, end))


def _size(c: County, kind: str, factor: float) -> tuple[Decimal, Decimal, Decimal]:
    _w, median, spread, (low, high), _months = KINDS[kind]
    total = min(high, max(low, c.rng.lognormvariate(0, spread) * median * factor))
    total = round(total, -1) if total >= 1000 else round(total)
    fixed = round(total * c.rng.uniform(0.85, 0.96))
    share = 0.0 if kind == ProjectKind.INFRASTRUCTURE else c.rng.uniform(0.35, 0.75)
    if kind == ProjectKind.UPGRADE:
        share = c.rng.uniform(0.6, 0.9)
    return Decimal(total), Decimal(fixed), Decimal(round(fixed * share))


def _builder(
    c: County, kind: str, chain_name: str, link: str
) -> tuple[Enterprise | None, str, str]:
    """Who builds: an enterprise of the register (an expansion or upgrade mostly is), or a name
    not yet in the register. Returns the enterprise, the name given, and the short name."""
    rng, short = c.rng, _short(c.region)
    if kind == ProjectKind.INFRASTRUCTURE:
        return None, f"{c.region.name}产业投资有限公司", ""
    pool = c.builders.get(chain_name, [])
    share = 0.4 if kind == ProjectKind.NEW else 0.85
    if pool and rng.random() < share:
        e = rng.choice(pool)
        return e, "", _short_name(c.region, e.name)
    trade = (
        PRODUCTS[link][0] if link in PRODUCTS else rng.choice(TRADES[rng.choice(sorted(TRADES))])
    )
    who = f"{rng.choice(TRADE_NAMES)}{trade}"
    return None, f"{short}{who}{rng.choice(COMPANY_FORMS)}", who


def _generated_one(
    c: County, kind: str, factor: float, started: dt.date | None, enterprise: Any = None
) -> Project:
    """A plausible project (its dates set by the caller): a chain (the leading three more
    often), a link, its builder, where it is built, what it makes, how much it costs."""
    rng = c.rng
    chain_names = sorted(c.chains)
    if enterprise is not None:
        chain_name = enterprise.chain.name if enterprise.chain else ""
    elif kind == ProjectKind.INFRASTRUCTURE or not chain_names:
        chain_name = ""
    else:
        weights = [3 if c.chains[n].is_leading else 1 for n in chain_names]
        chain_name = rng.choices(chain_names, weights)[0]
    chain = c.chains.get(chain_name)
    if chain is not None:
        link = rng.choice(chain.links) if chain.links else ""
    else:  # a county without chains makes anything
        link = rng.choice(sorted(PRODUCTS))
    if enterprise is None:
        enterprise, given, who = _builder(c, kind, chain_name, link)
    else:
        given, who = "", _short_name(c.region, enterprise.name)
    if enterprise is not None and enterprise.chain_link:
        link = enterprise.chain_link
    where = (
        enterprise.township
        if enterprise is not None and enterprise.township and enterprise.township.kind in LOCATIONS
        else c.place(0.6 if kind == ProjectKind.INFRASTRUCTURE else 0.45)
    )
    product, capacities = rng.choice(PRODUCTS.get(link, PRODUCTS[""])[1])
    name = rng.choice(NAME_TEMPLATES[kind]).format(
        who=who, product=product, n=rng.choice(capacities), place=where.name
    )
    total, fixed, equipment = _size(c, kind, factor)
    return Project(
        region=c.region,
        name=c.unique(name),
        enterprise=enterprise,
        enterprise_name=given if enterprise is None else "",
        chain=chain,
        chain_link=link if chain is not None else "",
        kind=kind,
        location=where,
        # the township or zone files its projects' returns; another county's 经信局 does
        unit=c.units.get(OTHER_COUNTY_UNIT) or where,
        total_investment=total,
        fixed_asset_investment=fixed,
        equipment_investment=equipment,
        description=DESCRIPTIONS[kind],
        started_on=started,
        is_demo=True,
    )


def _kind(c: County, upgrades: float = 1.0) -> str:
    """A kind by ``KINDS``' weights, 技改 ``upgrades`` times as often."""
    kinds = list(KINDS)
    weights = [KINDS[k][0] * (upgrades if k == ProjectKind.UPGRADE else 1) for k in kinds]
    return c.rng.choices(kinds, weights)[0]


def _generated_plans(
    c: County, factor: float, size: float, growth: float, named_starts: dict[int, int]
) -> list[Plan]:
    """The generated projects: those started in each year (``STARTS_BY_YEAR`` times
    ``factor``, and ``growth`` to the power of the years since the first), those in 储备库,
    those given up, and (where the register has them) those whose enterprise entered 规上
    after the project went into production."""
    rng, year, plans = c.rng, c.year, []
    first_year = year - len(STARTS_BY_YEAR) + 1
    for offset, count in enumerate(STARTS_BY_YEAR):
        y = first_year + offset
        # the named projects are among the default county's starts
        count = round(count * factor * growth**offset) - named_starts.get(y, 0)
        for _ in range(count):
            kind = _kind(c, 0.8 + 0.12 * offset)  # 技改 pushed year by year (老树育新干)
            started = c.date_between(dt.date(y, 1, 8), dt.date(y, 12, 20))
            project = _generated_one(c, kind, size, started)
            low, high = KINDS[kind][4]
            planned_end = _add_months(started, rng.randint(low, high))
            produced: dt.date | None = None
            # most finish within weeks of the plan; a few due lately are running late
            late = planned_end > c.as_of - dt.timedelta(days=180) and rng.random() < 0.3
            if planned_end <= c.as_of and not late:
                produced = min(c.as_of, planned_end + dt.timedelta(days=rng.randint(-40, 60)))
                produced = max(produced, started + dt.timedelta(days=60))
            project.signed_on = started - dt.timedelta(days=rng.randint(20, 200))
            project.produced_on = produced
            if produced:
                project.completed_on = max(
                    started, produced - dt.timedelta(days=rng.randint(0, 30))
                )
            # a late project is re-planned: it now aims a few months past the demo's today
            end = produced or max(planned_end, _add_months(c.as_of, rng.randint(2, 8)))
            _planned(c, project, planned_end)
            if project.total_investment >= 20000 and rng.random() < 0.5:
                project.paired_leader = c.leader
            fit(project, c.as_of)
            plans.append(Plan(project, spending(rng, project, started, end)))
    for n in range(round(RESERVE * factor) + round(CANCELLED * factor)):
        project = _generated_one(c, _kind(c), size, None)
        start = c.date_between(c.as_of + dt.timedelta(days=20), c.as_of + dt.timedelta(days=280))
        project.planned_start_on = start
        if rng.random() < 0.5:
            project.signed_on = c.date_between(min(c.as_of, dt.date(year, 1, 10)), c.as_of)
        low, high = KINDS[project.kind][4]
        _planned(c, project, _add_months(start, rng.randint(low, high)), start)
        if n >= round(RESERVE * factor):
            project.stage = ProjectStage.CANCELLED
            since = project.signed_on or min(c.as_of, dt.date(year, 3, 1))
            project.cancelled_on = c.date_between(since, c.as_of)
            project.cancel_reason = rng.choice(CANCEL_REASONS)
        fit(project, c.as_of)
        plans.append(Plan(project, {}))
    plans.extend(_scaled_plans(c, size))
    return plans


def _scaled_plans(c: County, size: float) -> list[Plan]:
    """积树成林: projects of enterprises that entered 规上 in the plan's year or the one before,
    in production some months before (纳规 dated the day the register says)."""
    rng = c.rng
    newly = [
        e
        for e in c.enterprises
        if e.scale == Scale.ABOVE
        and e.above_scale_since is not None
        and e.above_scale_since.year >= c.year - 1
        and e.above_scale_since <= c.as_of
        and e.township is not None
        and e.township.kind in LOCATIONS
    ]
    plans = []
    for e in rng.sample(newly, min(SCALED, len(newly))):
        kind = rng.choice([ProjectKind.NEW, ProjectKind.EXPANSION])
        assert e.above_scale_since is not None
        produced = e.above_scale_since - dt.timedelta(days=rng.randint(60, 300))
        started = _add_months(produced, -rng.randint(*KINDS[kind][4]))
        project = _generated_one(c, kind, size * 0.6, started, enterprise=e)
        project.signed_on = started - dt.timedelta(days=rng.randint(20, 150))
        project.completed_on = max(started, produced - dt.timedelta(days=rng.randint(0, 20)))
        project.produced_on = produced
        project.scaled_on = e.above_scale_since
        _planned(c, project, produced + dt.timedelta(days=rng.randint(-30, 30)))
        fit(project, c.as_of)
        plans.append(Plan(project, spending(rng, project, started, produced)))
    return plans


def _year_plan(plans: list[Plan], year: int, rng: random.Random) -> None:
    """本年计划投资: what the spending curve puts in the plan's year, give or take."""
    for plan in plans:
        p = plan.project
        planned = sum((v for (y, _m), v in plan.amounts.items() if y == year), Decimal(0))
        if planned and p.stage != ProjectStage.CANCELLED:
            target = min(p.fixed_asset_investment, planned * Decimal(str(rng.uniform(0.95, 1.15))))
            p.year_plan_investment = target.quantize(Decimal(1))


def county_plans(c: County, *, named: bool) -> list[Plan]:
    """The county's demo projects: the plan's named ones (the default county's), then the
    generated ones — the named among the default county's starts; another county at its own
    size and speed, so the city's 赛马 has a race."""
    if named:
        factor, size, growth = 1.0, 1.0, 1.0
        plans = [_named_plan(c, n) for n in NAMED]
    else:
        # fewer, larger projects than the default county's: the city's totals at a lighter load
        factor = c.rng.uniform(0.35, 0.8)
        size, growth = c.rng.uniform(0.8, 1.5), c.rng.uniform(0.9, 1.12)
        plans = []
    starts: dict[int, int] = {}
    for plan in plans:
        if plan.project.started_on:
            year_started = plan.project.started_on.year
            starts[year_started] = starts.get(year_started, 0) + 1
    plans += _generated_plans(c, factor, size, growth, starts)
    _year_plan(plans, c.year, c.rng)
    return plans
