"""Loads the embedded default organisation (regions and units; the demo accounts are the
accounts app's, ``gongye.accounts.demo``). Idempotent: what exists is left
as it is, so a second run changes nothing (and writes no audit entries)."""

from __future__ import annotations

from django.db import transaction

from gongye.core.contrib import DemoReport
from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.demo import data
from gongye.orgs.models import Region, Unit
from gongye.orgs.services import region_create, unit_create


def _region(report: DemoReport, code: str, name: str, level: str, parent: Region | None):
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = region_create(actor=None, code=code, name=name, level=level, parent=parent)
        report.regions += 1
    return region


def _unit(report: DemoReport, region: Region, name: str, kind: str, order: int, **extra) -> Unit:
    unit = Unit.objects.filter(region=region, name=name).first()
    if unit is None:
        unit = unit_create(
            actor=None, region=region, name=name, kind=kind, sort_order=order, **extra
        )
        report.units += 1
    return unit


@transaction.atomic
def load_organisation(report: DemoReport | None = None) -> DemoReport:
    report = report or DemoReport()
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


def organisation_demo_load(report: DemoReport) -> str:
    """The ``load_demo`` step (``OrgsConfig.demo_loaders``)."""
    load_organisation(report)
    return ""
