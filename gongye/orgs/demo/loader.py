"""Loads the embedded default organisation and demo accounts. Idempotent: what exists is left
as it is, so a second run changes nothing (and writes no audit entries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from gongye.accounts.models import RoleAssignment, User
from gongye.accounts.services import assignment_grant, user_create
from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.demo import data
from gongye.orgs.models import Region, Unit
from gongye.orgs.services import region_create, unit_create


@dataclass
class LoadReport:
    regions: int = 0
    units: int = 0
    users: int = 0
    assignments: int = 0
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.regions + self.units + self.users + self.assignments


def _region(report: LoadReport, code: str, name: str, level: str, parent: Region | None):
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = region_create(actor=None, code=code, name=name, level=level, parent=parent)
        report.regions += 1
    return region


def _unit(report: LoadReport, region: Region, name: str, kind: str, order: int, **extra) -> Unit:
    unit = Unit.objects.filter(region=region, name=name).first()
    if unit is None:
        unit = unit_create(
            actor=None, region=region, name=name, kind=kind, sort_order=order, **extra
        )
        report.units += 1
    return unit


@transaction.atomic
def load_organisation(report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    province = _region(report, *data.PROVINCE, RegionLevel.PROVINCE, None)
    city = _region(report, *data.CITY, RegionLevel.CITY, province)
    counties = {
        code: _region(report, code, name, RegionLevel.COUNTY, city) for code, name in data.COUNTIES
    }
    huoshan = counties[data.HUOSHAN]
    order = 0
    for name, kind, full_name, aliases in data.HUOSHAN_UNITS:
        order += 10
        _unit(report, huoshan, name, kind, order, full_name=full_name, aliases=aliases)
    townships = []
    for name in data.TOWNSHIPS:
        order += 10
        townships.append(_unit(report, huoshan, name, UnitKind.TOWNSHIP, order))
    departments = list(
        Unit.objects.filter(region=huoshan, kind__in=data.DEPARTMENT_KINDS).order_by("sort_order")
    )
    for name, members in data.HUOSHAN_GROUPS:
        order += 10
        chosen = {"townships": townships, "departments": departments}.get(members, [])
        _unit(report, huoshan, name, UnitKind.GROUP, order, members=chosen)
    for code, region in counties.items():
        if code == data.HUOSHAN:
            continue
        for index, (name, kind) in enumerate(data.OTHER_COUNTY_UNITS):
            _unit(report, region, name, kind, (index + 1) * 10)
    return report


@transaction.atomic
def load_demo_accounts(report: LoadReport | None = None) -> LoadReport:
    report = report or LoadReport()
    seen: set[str] = set()
    for username, display, role, region_code, unit_name in data.DEMO_ACCOUNTS:
        region = Region.objects.get(code=region_code)
        unit = Unit.objects.get(region=region, name=unit_name) if unit_name else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _ = user_create(
                actor=None,
                username=username,
                display_name=display,
                home_region=region,
                password=data.DEMO_PASSWORD,
                is_demo=True,
            )
            report.users += 1
        if not RoleAssignment.objects.filter(
            user=user, role=role, region=region, unit=unit
        ).exists():
            assignment_grant(actor=None, user=user, role=role, region=region, unit=unit)
            report.assignments += 1
        if username not in seen:
            seen.add(username)
            where = unit.name if unit else region.name
            report.accounts.append((username, f"{display} · {where}", data.DEMO_PASSWORD))
    return report
