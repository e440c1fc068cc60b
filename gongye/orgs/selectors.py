"""Reads of regions and units, always scoped to what the acting user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from gongye.core.scope import acting_of
from gongye.orgs.choices import RegionLevel, UnitKind
from gongye.orgs.models import Region, Unit, UnitAlias

if TYPE_CHECKING:
    from gongye.accounts.models import User


def region_list_for(user: User) -> QuerySet[Region]:
    """The acting region and everything below it (a city user sees its counties)."""
    return (
        Region.objects.in_scope(user)
        .select_related("parent")
        .annotate(unit_count=Count("units", filter=Q(units__is_active=True)))
    )


def region_get_for(user: User, code: str) -> Region:
    return get_object_or_404(region_list_for(user), code=code)


def unit_list_for(
    user: User,
    *,
    region_code: str | None = None,
    kind: str | None = None,
    q: str | None = None,
) -> QuerySet[Unit]:
    units = Unit.objects.in_scope(user)
    if region_code:
        units = units.filter(region__code=region_code)
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(
            Q(name__icontains=q) | Q(full_name__icontains=q) | Q(aliases__name__icontains=q)
        ).distinct()
    return units.select_related("region").prefetch_related(
        Prefetch("aliases", queryset=UnitAlias.objects.order_by("name")),
        Prefetch("members", queryset=Unit.objects.order_by("sort_order", "name")),
    )


def unit_get_for(user: User, unit_id: int) -> Unit:
    return get_object_or_404(unit_list_for(user), pk=unit_id)


def unit_name_index(region: Region) -> dict[str, Unit]:
    """Every name and alias of the region's units → the unit, for resolving names in documents."""
    index: dict[str, Unit] = {}
    for unit in Unit.objects.filter(region=region, is_active=True).prefetch_related("aliases"):
        index[unit.name] = unit
        if unit.full_name:
            index.setdefault(unit.full_name, unit)
        for alias in unit.aliases.all():
            index.setdefault(alias.name, unit)
    return index


@dataclass(frozen=True)
class HomeCounts:
    """The 工作台 panel of the unit register: units, townships and counties below."""

    unit_count: int
    township_count: int
    county_count: int


def home_counts_for(user: User) -> HomeCounts | None:
    """The organisation at a glance, for those who keep it (the plan office, the system and
    security administrators) and for city and province users (their counties); anyone else's
    工作台 is their own work."""
    from gongye.core.roles import Role

    acting = acting_of(user)
    if acting is None:
        return None
    keeps = acting.role in (Role.PLAN_OFFICE, Role.SYS_ADMIN, Role.SEC_ADMIN)
    if not keeps and acting.region.level == RegionLevel.COUNTY:
        return None
    units = Unit.objects.in_scope(user).filter(is_active=True)
    return HomeCounts(
        unit_count=units.exclude(kind=UnitKind.GROUP).count(),
        township_count=units.filter(kind=UnitKind.TOWNSHIP).count(),
        county_count=acting.region.children.count()
        if acting.region.level != RegionLevel.COUNTY
        else 0,
    )
