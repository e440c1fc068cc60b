"""The register's demo data (issue 12, item 9; ``load_demo`` step at order 60, demo mode only).

For the default county: its industry chains and the enterprises its plan names
(``demo_data``), plus a reproducible set of a few hundred plausible enterprises (a generator
seeded with the region's code and the plan's year) with valid credit codes, located in the
county's townships and development zones, with chains and links, scales, land, high-tech
certificates (a few expiring soon), 专精特新 levels, listing stages and ownership kinds, some
paired with the demo leader; and three years of monthly figures (the plan's year and the two
before it, 本月 and 本年累计 consistent). Everything is marked demo. The demo enterprise user is
linked to one enterprise, and the plan's targets that a keyword table recognises are marked
computed from the register and computed, so the cockpit shows computed figures.

Idempotent: a county that already has demo enterprises gets none again (the marks and the
account link are each made once too). Written with ``bulk_create``: about a second.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.periods import months_elapsed
from gongye.core.roles import Role
from gongye.enterprises import credit_code
from gongye.enterprises.choices import (
    EnterpriseVerb,
    FigureSource,
    ListingStage,
    Ownership,
    Scale,
    SrdiLevel,
)
from gongye.enterprises.demo_data import (
    CHAINS,
    COMPANY_FORMS,
    INDIVIDUAL_TRADES,
    NAMED,
    SURNAMES,
    TARGET_FORMULAS,
    TRADE_NAMES,
    TRADES,
)
from gongye.enterprises.models import (
    ComputedTarget,
    Enterprise,
    EnterpriseAccount,
    IndustryChain,
    MonthlyFigure,
)
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit

GENERATED_ABOVE = 150  # generated 规上 enterprises
GENERATED_BELOW_FILING = 60  # 规下 enterprises that file monthly figures
GENERATED_BELOW_QUIET = 80  # 规下 enterprises without figures (small, or new this year)
GENERATED_INDIVIDUAL = 40  # 个体工商户
DEMO_ENTERPRISE_USER = "qiye"  # gongye.accounts.demo

# the share of a year's output made in each month (the Spring Festival slows Jan–Feb)
SEASON = [60, 55, 85, 80, 83, 90, 80, 80, 88, 85, 90, 104]
_CENT = Decimal("0.01")
_BODY_CHARS = credit_code.CHARSET


def _body(rng: random.Random, used: set[str]) -> str:
    """A plausible organisation-code body: new-style "MA…" (with a letter, so it never meets the
    tests' numbered codes) or an old eight-digit one."""
    while True:
        if rng.random() < 0.6:
            tail = "".join(rng.choice(_BODY_CHARS) for _ in range(6))
            if tail.isdigit():
                continue
            body = f"MA{tail}"
        else:
            body = f"{rng.choice('1567')}{rng.randint(0, 9999999):07d}"
        if body not in used:
            used.add(body)
            return body


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(_CENT)


class _Generator:
    def __init__(self, region: Region, year: int) -> None:
        self.region, self.year = region, year
        self.rng = random.Random(f"enterprises-demo-{region.code}-{year}")
        self.bodies: set[str] = set()
        self.names: set[str] = set()
        units = list(
            Unit.objects.filter(
                region=region, kind__in=[UnitKind.TOWNSHIP, UnitKind.DEV_ZONE]
            ).order_by("pk")
        )
        self.units = {u.name: u for u in units}
        self.zones = [u for u in units if u.kind == UnitKind.DEV_ZONE]
        self.townships = [u for u in units if u.kind == UnitKind.TOWNSHIP]

    def place(self, above: bool) -> Unit | None:
        if not self.townships and not self.zones:
            return None
        if self.zones and (not self.townships or self.rng.random() < (0.45 if above else 0.2)):
            return self.zones[0] if self.rng.random() < 0.85 else self.rng.choice(self.zones)
        return self.rng.choice(self.townships)

    def code(self, individual: bool) -> str:
        return credit_code.make(
            "9", "2" if individual else "1", self.region.code, _body(self.rng, self.bodies)
        )

    def name(self, chain: str, individual: bool) -> str:
        for _ in range(50):
            if individual:
                name = f"{self.region.name}{self.rng.choice(TRADE_NAMES)}{self.rng.choice(INDIVIDUAL_TRADES)}"
            else:
                trade = self.rng.choice(TRADES.get(chain) or ["实业"])
                name = f"{self.region.name}{self.rng.choice(TRADE_NAMES)}{trade}{self.rng.choice(COMPANY_FORMS)}"
            if name not in self.names:
                self.names.add(name)
                return name
        name = f"{name[:-4]}{len(self.names)}{name[-4:]}"
        self.names.add(name)
        return name

    def date_between(self, low: dt.date, high: dt.date) -> dt.date:
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))


def _chains(region: Region) -> dict[str, tuple[IndustryChain, list[tuple[str, str]]]]:
    found = {c.name: c for c in IndustryChain.objects.filter(region=region)}
    new = [
        IndustryChain(region=region, name=name, is_leading=leading, links=links, sort_order=i)
        for i, (name, leading, links, _codes) in enumerate(CHAINS, start=1)
        if name not in found
    ]
    IndustryChain.objects.bulk_create(new)
    found = {c.name: c for c in IndustryChain.objects.filter(region=region)}
    return {name: (found[name], codes) for name, _l, _k, codes in CHAINS}


def _enterprises(g: _Generator, chains: dict[str, Any], leaders: list[Any]) -> list[tuple]:
    """The enterprises, unsaved, each with its plan-year output (万元, 0 for none)."""
    rng, year = g.rng, g.year
    today = timezone.localdate()
    office = Unit.objects.filter(region=g.region, name="科技经信局").first()
    rows: list[tuple[Enterprise, int]] = []

    def make(
        name: str, chain_name: str, link: str, unit: Unit | None, individual: bool
    ) -> Enterprise:
        chain, codes = chains.get(chain_name, (None, []))
        industry = rng.choice(codes) if codes else ("", "")
        surname = rng.choice(SURNAMES)
        return Enterprise(
            region=g.region,
            credit_code=g.code(individual),
            name=name,
            township=unit,
            in_dev_zone=bool(unit and unit.kind == UnitKind.DEV_ZONE),
            industry_code=industry[0],
            industry_name=industry[1],
            chain=chain,
            chain_link=link or (rng.choice(chain.links) if chain and chain.links else ""),
            ownership=Ownership.INDIVIDUAL if individual else Ownership.PRIVATE,
            established_on=g.date_between(dt.date(1995, 1, 1), dt.date(year - 3, 12, 31)),
            address=f"{g.region.name}{unit.name if unit else ''}",
            contact_name=f"{surname}{rng.choice(['先生', '女士'])}",
            contact_phone=f"0564-5{rng.randint(0, 999999):06d}",
            is_demo=True,
        )

    for name, chain, link, where, output, above, srdi, listing, hightech, paired, _acc in NAMED:
        e = make(name, chain, link, g.units.get(where), False)
        g.names.add(name)
        e.scale = Scale.ABOVE if above else Scale.BELOW
        e.above_scale_since = (
            g.date_between(dt.date(2008, 1, 1), dt.date(year - 4, 12, 31)) if above else None
        )
        e.srdi_level, e.listing_stage = srdi, listing
        if hightech:
            e.hightech_cert_date = g.date_between(dt.date(year - 2, 1, 1), dt.date(year, 10, 31))
        if paired and leaders:
            e.paired_leader, e.paired_unit = leaders[0], office
        e.is_active = output > 0  # the zombies the plan disposes of: in the register, idle
        rows.append((e, output))
    chain_names = [c[0] for c in CHAINS]
    # 纳规 in the plan's year and the two before it: 16, 12 and 10 of them
    entry_years = [year] * 16 + [year - 1] * 12 + [year - 2] * 10
    for i in range(GENERATED_ABOVE):
        chain = rng.choice(chain_names)
        e = make(g.name(chain, False), chain, "", g.place(True), False)
        e.scale = Scale.ABOVE
        entered = entry_years[i] if i < len(entry_years) else None
        if entered is not None:
            e.above_scale_since = g.date_between(dt.date(entered, 1, 1), dt.date(entered, 12, 31))
            output = rng.randint(2200, 4800)
        else:
            e.above_scale_since = g.date_between(dt.date(2005, 1, 1), dt.date(year - 3, 12, 31))
            output = max(2400, int(rng.lognormvariate(8.3, 0.8)))
        rows.append((e, output))
    for _ in range(GENERATED_BELOW_FILING):
        chain = rng.choice(chain_names)
        rows.append(
            (make(g.name(chain, False), chain, "", g.place(False), False), rng.randint(200, 1800))
        )
    for i in range(GENERATED_BELOW_QUIET):
        chain = rng.choice(chain_names) if rng.random() < 0.5 else ""
        e = make(g.name(chain, False), chain, "", g.place(False), False)
        if i < 30:  # new private enterprises of the plan's year
            e.established_on = g.date_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        rows.append((e, 0))
    for i in range(GENERATED_INDIVIDUAL):
        e = make(g.name("", True), "", "", g.place(False), True)
        e.chain, e.chain_link = None, ""
        if i < 15:
            e.established_on = g.date_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        rows.append((e, 0))
    generated = [e for e, _o in rows[len(NAMED) :]]
    companies = [e for e in generated if e.ownership != Ownership.INDIVIDUAL]
    for e, kind in zip(
        rng.sample(companies, 10),
        [Ownership.STATE] * 4 + [Ownership.FOREIGN] * 3 + [Ownership.COLLECTIVE] * 3,
        strict=True,
    ):
        e.ownership = kind
    above_scale = [e for e in generated if e.scale == Scale.ABOVE]
    for e, level in zip(
        rng.sample(above_scale, 18),
        [SrdiLevel.INNOVATIVE] * 12 + [SrdiLevel.PROVINCIAL] * 5 + [SrdiLevel.LITTLE_GIANT],
        strict=True,
    ):
        e.srdi_level = level
    for e, stage in zip(
        rng.sample(above_scale, 4),
        [ListingStage.RESERVE] * 3 + [ListingStage.RESTRUCTURED],
        strict=True,
    ):
        e.listing_stage = stage
    filing = [
        e
        for e, o in rows
        if o > 0 and e.ownership != Ownership.INDIVIDUAL and not e.hightech_cert_date
    ]
    for e in rng.sample(filing, 52):  # certificates of the last three years
        e.hightech_cert_date = g.date_between(dt.date(year - 3, 1, 1), dt.date(year, 11, 30))
    for e in rng.sample([e for e in filing if not e.hightech_cert_date], 4):  # expiring soon
        e.hightech_cert_date = today.replace(year=today.year - 3) + dt.timedelta(
            days=rng.randint(10, 120)
        )
    for e, _o in rows:
        if e.hightech_cert_date:
            e.hightech_cert_no = f"GR{e.hightech_cert_date.year}34{rng.randint(0, 9999):06d}"
        if e.scale == Scale.ABOVE or e.ownership != Ownership.INDIVIDUAL:
            e.land_owned_mu = _money(
                rng.uniform(3, 80) if e.scale == Scale.ABOVE else rng.uniform(0, 8)
            )
            e.land_rented_mu = _money(rng.uniform(0, 15) if rng.random() < 0.4 else 0)
    top = sorted((r for r in rows[len(NAMED) :] if r[0].scale == Scale.ABOVE), key=lambda r: -r[1])[
        :10
    ]
    for e, _o in top:
        if leaders:
            e.paired_leader, e.paired_unit = rng.choice(leaders), e.township
    return rows


def _figures(g: _Generator, rows: list[tuple[Enterprise, int]]) -> list[MonthlyFigure]:
    """Three years of monthly figures for each enterprise with an output: 本月 as the year's
    output spread over the months, 本年累计 as their running sum (so the two always agree)."""
    rng, today = g.rng, timezone.localdate()
    weight_total = sum(SEASON)
    figures: list[MonthlyFigure] = []
    for e, output in rows:
        if output <= 0:
            continue
        ratios = {
            "revenue": rng.uniform(0.93, 1.12),
            "value_added": rng.uniform(0.2, 0.33),
            "tax": rng.uniform(0.025, 0.05),
            "profit": rng.uniform(0.02, 0.1),
            "rd_expense": rng.uniform(0.005, 0.04),
        }
        kwh = rng.uniform(150, 900)
        per_worker = rng.uniform(60, 150)
        annual = {g.year: float(output)}
        for y in (g.year - 1, g.year - 2):
            annual[y] = annual[y + 1] / (1 + rng.gauss(0.11, 0.04))
        for y in sorted(annual):
            running: dict[str, Decimal] = {}
            for m in range(1, months_elapsed(y, today) + 1):
                month_output = annual[y] * SEASON[m - 1] / weight_total * rng.uniform(0.93, 1.07)
                month = {"output_value": _money(month_output)}
                revenue = month_output * ratios["revenue"] * rng.uniform(0.97, 1.03)
                month["revenue"] = _money(revenue)
                month["value_added"] = _money(month_output * ratios["value_added"])
                for key in ("tax", "profit", "rd_expense"):
                    month[key] = _money(revenue * ratios[key])
                month["electricity_kwh"] = _money(month_output * kwh)
                month["energy_tce"] = _money(month_output * kwh * 0.0001229 * 1.4)
                values: dict[str, Any] = {}
                for key, value in month.items():
                    running[key] = running.get(key, Decimal(0)) + value
                    values[key], values[f"{key}_month"] = running[key], value
                figures.append(
                    MonthlyFigure(
                        enterprise=e,
                        region=g.region,
                        year=y,
                        month=m,
                        employees=max(5, int(annual[y] / per_worker)),
                        source=FigureSource.DEMO,
                        **values,
                    )
                )
    return figures


def _leaders(region: Region) -> list[Any]:
    from gongye.accounts.models import RoleAssignment

    return [
        a.user
        for a in RoleAssignment.objects.filter(role=Role.LEADER, region=region)
        .select_related("user")
        .order_by("pk")
    ]


def _mark_targets(region: Region, year: int) -> int:
    """The plan's targets the keyword table recognises, marked computed by the demo plan
    office (``computed_target_set``, which computes them at once). Returns how many marked."""
    from gongye.accounts.models import RoleAssignment
    from gongye.enterprises.computed.units import UnitMismatch, measure_for
    from gongye.enterprises.services.computed import computed_target_set, formulas_loaded
    from gongye.plans.models import Target

    office = (
        RoleAssignment.objects.filter(role=Role.PLAN_OFFICE, region=region)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if office is None:
        return 0
    formulas = formulas_loaded()
    marked = 0
    targets = Target.objects.filter(plan__region=region, plan__year=year, is_active=True)
    for target in targets.select_related("plan__region").order_by("seq"):
        if ComputedTarget.objects.filter(target=target).exists():
            continue
        for words, kind, key, params in TARGET_FORMULAS:
            if not all(w in target.name for w in words) or (kind and target.kind != kind):
                continue
            if key not in formulas:
                continue
            try:
                measure_for(formulas[key], target)
            except UnitMismatch:
                continue
            computed_target_set(actor=office.user, target=target, formula=key, params=params)
            marked += 1
            break
    return marked


def _land(rows: list[tuple[Enterprise, int]]) -> None:
    """Land in 亩 (the 亩均 evaluation reads it): an enterprise with output on about 150–600
    万元 of output a 亩 (3 to 800 亩), a quiet one on 2–15 亩; one in ten rents part of it.
    Its own random source per credit code, so the rest of the demo is drawn as before."""
    for enterprise, output in rows:
        rng = random.Random(f"land-{enterprise.credit_code}")
        if output > 0:
            land = min(max(output / rng.uniform(150, 600), 3.0), 800.0)
        else:
            land = rng.uniform(2, 15)
        rented = land * rng.uniform(0.2, 0.6) if rng.random() < 0.1 else 0.0
        enterprise.land_owned_mu = Decimal(f"{land - rented:.2f}")
        if rented:
            enterprise.land_rented_mu = Decimal(f"{rented:.2f}")


@transaction.atomic
def load_enterprises_demo(region: Region, year: int) -> dict[str, int]:
    """The county's demo register (see the module's note). Returns what was added."""
    added = {"enterprises": 0, "figures": 0, "chains": 0, "accounts": 0}
    chains_before = IndustryChain.objects.filter(region=region).count()
    chains = _chains(region)
    added["chains"] = IndustryChain.objects.filter(region=region).count() - chains_before
    if not Enterprise.objects.filter(region=region, is_demo=True).exists():
        g = _Generator(region, year)
        rows = _enterprises(g, chains, _leaders(region))
        _land(rows)
        Enterprise.objects.bulk_create([e for e, _o in rows], batch_size=500)
        figures = _figures(g, rows)
        MonthlyFigure.objects.bulk_create(figures, batch_size=2000)
        added["enterprises"], added["figures"] = len(rows), len(figures)
    added["accounts"] = _link_account(region)
    if added["enterprises"] or added["chains"] or added["accounts"]:
        audit_record(
            actor=None,
            actor_name="演示数据",
            verb=Verb.IMPORT,
            target=region,
            target_repr=f"{region.name}企业库演示数据",
            after={"demo": True, "year": year, **added},
            region_code=region.code,
        )
    return added


def _link_account(region: Region) -> int:
    from gongye.accounts.models import User

    user = User.objects.filter(username=DEMO_ENTERPRISE_USER).first()
    if user is None or EnterpriseAccount.objects.filter(user=user).exists():
        return 0
    name = next((n[0] for n in NAMED if n[10]), None)
    enterprise = Enterprise.objects.filter(region=region, name=name, is_demo=True).first()
    if enterprise is None:
        return 0
    EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
    audit_record(
        actor=None,
        actor_name="演示数据",
        verb=EnterpriseVerb.ACCOUNT_LINK,
        target=enterprise,
        after={"user": user.username},
    )
    return 1


def _demo_region_year() -> tuple[Region | None, int]:
    from gongye.plans.models import Plan as PlanModel

    region = Region.objects.filter(code=settings.GONGYE_DEFAULT_REGION).first()
    plan = PlanModel.objects.filter(region=region).order_by("-year").first() if region else None
    return region, plan.year if plan else timezone.localdate().year - 1


def enterprises_demo_load(report: object) -> str:
    """The ``load_demo`` step (``EnterprisesConfig.demo_loaders``, order 60): the register."""
    started = time.monotonic()
    region, year = _demo_region_year()
    if region is None:
        return ""
    added = load_enterprises_demo(region, year)
    if not (added["enterprises"] or added["chains"] or added["accounts"]):
        return "企业库演示数据已存在，未作改动。"
    return (
        f"企业库演示数据：产业链 {added['chains']} 条、企业 {added['enterprises']} 家、"
        f"月度数据 {added['figures']} 条、企业账号 {added['accounts']} 个"
        f"（用时 {time.monotonic() - started:.1f} 秒）。"
    )


def computed_demo_load(report: object) -> str:
    """The ``load_demo`` step after every part's demo (order 66): the plan's recognisable
    targets marked computed from the register and computed (the libraries' formulas read the
    libraries' demo, loaded just before)."""
    started = time.monotonic()
    region, year = _demo_region_year()
    if region is None:
        return ""
    marked = _mark_targets(region, year)
    if not marked:
        return ""
    return f"由系统计算的目标 {marked} 个（用时 {time.monotonic() - started:.1f} 秒）。"
