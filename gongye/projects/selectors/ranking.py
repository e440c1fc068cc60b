"""投资"赛马" (issue 13, item 7): the city ranks its counties — a province the counties of its
cities — on 工业投资, 技改投资 and 积树成林纳规, by 总量 (1–N月 of the year), 速度 (同比 growth
against 1–N月 of last year) and 位次; a county ranks its townships and development zones the
same way (by where the projects are built).

The rules, as the page states them:

- the figures are the statistics' (``selectors.statistics``: which projects count and why);
  a county or township with nothing reported has a 总量 of 0 and no 速度 (nor a 上年同期 for
  the investments: nothing was reported; 纳规 is a count, 0 then);
- 位次 is the standing by 总量, 速度位次 the standing by 速度; equal figures share a place
  (1, 2, 2, 4); without last year's figure there is no 速度 and no 速度位次;
- the change of each 位次 is against last month's standings (1–(N−1)月 of both years), a
  positive number a move up; January, the race's first month, has none;
- 快马 are the fastest by 速度, 蜗牛 the slowest: three each, fewer when fewer than six are
  ranked on 速度 (half of them each), so no one is both; 位次上升 / 位次下降 list those whose
  位次 (by 总量) moved since last month.

A fixed number of queries whatever the data: the places (one), and the measure's figures
summed in SQL by place, year and month (one). The investments are summed from the monthly
totals by place (``projects.totals``: a province's 100 counties of ten places each are 24,000
rows for two years, where their returns are half a million). The race is also kept in the
cache under the region's data version (``projects.versions``), which every change of its
projects or returns replaces: a second look costs two cache reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import require_acting
from gongye.orgs.choices import RegionLevel
from gongye.orgs.models import Region, Unit
from gongye.projects.models import Project, ReturnTotal
from gongye.projects.permissions import LOCATIONS, can_see_region
from gongye.projects.selectors.statistics import (
    Key,
    growth,
    investment_by_month,
    scaled_by_month,
    ytd,
)
from gongye.projects.versions import CACHE_SECONDS, cacheable, region_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

COUNTY, TOWNSHIP = "county", "township"
LIST_SIZE = 3  # 快马 and 蜗牛: three each
CACHE_FORMAT = 1  # changes whenever ``Ranking`` changes shape (a shared cache outlives a release)


@dataclass(frozen=True)
class Measure:
    key: str
    label: Any  # lazily translated
    unit: str
    # a count has no "nothing reported": a place without a row counted 0 (last year too)
    counts: bool = False


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("industrial_investment", _("工业投资"), "万元"),
        Measure("upgrade_investment", _("技改投资"), "万元"),
        Measure("scaled", _("积树成林纳规"), "家", counts=True),
    )
}


@dataclass(frozen=True)
class RankRow:
    """One county's (or township's) place in the race."""

    key: int  # the region's id, or the township's (unit's) id
    code: str  # the region's code ("" for a township)
    name: str
    total: Decimal  # 总量: 1–N月
    last: Decimal | None  # 1–N月 of last year
    growth: Decimal | None  # 速度: % against last year
    rank: int  # 位次 by 总量
    growth_rank: int | None  # 位次 by 速度
    previous_rank: int | None  # last month's 位次 (None in January)
    previous_growth_rank: int | None

    @property
    def change(self) -> int | None:
        """Places moved up (+) or down (−) by 总量 since last month."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def growth_change(self) -> int | None:
        if self.previous_growth_rank is None or self.growth_rank is None:
            return None
        return self.previous_growth_rank - self.growth_rank


@dataclass(frozen=True)
class Ranking:
    measure: Measure
    level: str  # COUNTY or TOWNSHIP: what is ranked
    region: Region  # whose race it is
    year: int
    month: int
    rows: list[RankRow]  # by 位次
    fast: list[RankRow]  # 快马, fastest first
    slow: list[RankRow]  # 蜗牛, slowest first
    rising: list[RankRow]  # 位次上升, most places first
    falling: list[RankRow]  # 位次下降, most places first

    def row(self, key: int) -> RankRow:
        return next(r for r in self.rows if r.key == key)


def ranks(values: Mapping[int, Decimal | None]) -> dict[int, int | None]:
    """Standings, highest first, equal figures sharing a place (1, 2, 2, 4); None unranked."""
    ordered = sorted((v, k) for k, v in values.items() if v is not None)
    ordered.sort(key=lambda pair: pair[0], reverse=True)
    result: dict[int, int | None] = dict.fromkeys(values)
    place, previous = 0, None
    for position, (value, key) in enumerate(ordered, start=1):
        if value != previous:
            place, previous = position, value
        result[key] = place
    return result


Place = tuple[int, str, str]  # (key, code, name)


def _rows(
    places: Sequence[Place],
    by_month: Mapping[Key, tuple],
    index: int,
    year: int,
    month: int,
    counts: bool = False,
) -> list[RankRow]:
    empty = Decimal(0) if counts else None

    def figure(key: int, y: int, m: int) -> Decimal | None:
        found = ytd(by_month, key, y, m) if m >= 1 else None
        return empty if found is None else Decimal(found[index])

    totals, lasts, speeds, before_totals, before_speeds = {}, {}, {}, {}, {}
    for key, _code, _name in places:
        totals[key] = figure(key, year, month) or Decimal(0)
        lasts[key] = figure(key, year - 1, month)
        speeds[key] = growth(totals[key], lasts[key])
        if month > 1:
            before_totals[key] = figure(key, year, month - 1) or Decimal(0)
            before_speeds[key] = growth(before_totals[key], figure(key, year - 1, month - 1))
    rank, speed_rank = ranks(totals), ranks(speeds)
    before_rank, before_speed_rank = ranks(before_totals), ranks(before_speeds)
    rows = [
        RankRow(
            key=key,
            code=code,
            name=name,
            total=totals[key],
            last=lasts[key],
            growth=speeds[key],
            rank=rank[key] or 0,
            growth_rank=speed_rank[key],
            previous_rank=before_rank.get(key),
            previous_growth_rank=before_speed_rank.get(key),
        )
        for key, code, name in places
    ]
    return sorted(rows, key=lambda r: (r.rank, r.code, r.name))


def _ranking(
    measure: Measure,
    level: str,
    region: Region,
    year: int,
    month: int,
    places: Sequence[Place],
    read: Callable[[tuple[int, int]], tuple[Mapping[Key, tuple], int]],
) -> Ranking:
    by_month, index = read((year - 1, year))
    rows = _rows(places, by_month, index, year, month, measure.counts)
    fast_slow = sorted(
        (r for r in rows if r.growth_rank is not None), key=lambda r: (r.growth_rank, r.code)
    )
    n = min(LIST_SIZE, len(fast_slow) // 2)
    moved = [r for r in rows if r.change]
    return Ranking(
        measure=measure,
        level=level,
        region=region,
        year=year,
        month=month,
        rows=rows,
        fast=fast_slow[:n],
        slow=list(reversed(fast_slow[len(fast_slow) - n :])) if n else [],
        rising=sorted((r for r in moved if (r.change or 0) > 0), key=lambda r: -(r.change or 0)),
        falling=sorted((r for r in moved if (r.change or 0) < 0), key=lambda r: r.change or 0),
    )


def _measure(key: str) -> Measure:
    try:
        return MEASURES[key]
    except KeyError:
        raise ValueError(f"unknown measure {key!r}") from None


def _check(year: int, month: int) -> None:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise ValueError(f"no such month: {year}-{month}")


def _cached(
    level: str, region: Region, year: int, month: int, measure: Measure, compute: Any
) -> Ranking:
    """The race from the cache, under the region's data version (``projects.versions``: read
    before the data, replaced whenever a project or return of the region changes); computed
    and kept when absent. Inside a transaction it is always computed (``cacheable``)."""
    if not cacheable():
        return compute()
    token = region_version(region)
    key = f"gongye:projects:ranking:{CACHE_FORMAT}:{region.code}:{token}:{level}:{year}:{month}"
    key = f"{key}:{measure.key}"
    found = cache.get(key)
    if isinstance(found, Ranking):
        return found
    ranking = compute()
    cache.set(key, ranking, CACHE_SECONDS)
    return ranking


def county_ranking(user: User | AnonymousUser, year: int, month: int, measure: str) -> Ranking:
    """The 赛马 of ``user``'s region for 1–``month``月 of ``year`` on ``measure`` (a key of
    ``MEASURES``): a city's or province's counties; a county's townships and development zones
    (``township_ranking``). For whoever sees the region's picture (``can_see_region``, else
    403). Two queries, or the cache's two reads (``_cached``)."""
    can_see_region(user).require()
    chosen = _measure(measure)
    _check(year, month)
    region = require_acting(user).region
    if region.level == RegionLevel.COUNTY:
        return township_ranking(user, year, month, measure)
    return _cached(
        COUNTY, region, year, month, chosen, lambda: _counties(region, year, month, chosen)
    )


def _counties(region: Region, year: int, month: int, chosen: Measure) -> Ranking:
    counties = list(
        Region.objects.within(region.path)
        .filter(level=RegionLevel.COUNTY)
        .order_by("code")
        .values_list("pk", "code", "name")
    )
    ids = [pk for pk, _code, _name in counties]

    def read(years: tuple[int, int]) -> tuple[Mapping[Key, tuple], int]:
        if chosen.key == "scaled":
            projects = Project.objects.filter(region_id__in=ids)
            return scaled_by_month(projects, years, group="region_id"), 0
        totals = ReturnTotal.objects.filter(region_id__in=ids)
        invested = investment_by_month(totals, years, month, group="region_id")
        return invested, 0 if chosen.key == "industrial_investment" else 1

    return _ranking(chosen, COUNTY, region, year, month, counties, read)


def township_ranking(user: User | AnonymousUser, year: int, month: int, measure: str) -> Ranking:
    """A county's 赛马: its townships and development zones ranked the same way, each on the
    projects built there. Two queries, or the cache's two reads."""
    can_see_region(user).require()
    chosen = _measure(measure)
    _check(year, month)
    region = require_acting(user).region
    return _cached(
        TOWNSHIP, region, year, month, chosen, lambda: _townships(region, year, month, chosen)
    )


def _townships(region: Region, year: int, month: int, chosen: Measure) -> Ranking:
    places = [
        (pk, "", name)
        for pk, name in Unit.objects.filter(region=region, kind__in=LOCATIONS, is_active=True)
        .order_by("sort_order", "name")
        .values_list("pk", "name")
    ]

    def read(years: tuple[int, int]) -> tuple[Mapping[Key, tuple], int]:
        if chosen.key == "scaled":
            projects = Project.objects.filter(region_id=region.pk)
            return scaled_by_month(projects, years, group="location_id"), 0
        totals = ReturnTotal.objects.filter(region_id=region.pk)
        invested = investment_by_month(totals, years, month, group="location_id")
        return invested, 0 if chosen.key == "industrial_investment" else 1

    return _ranking(chosen, TOWNSHIP, region, year, month, places, read)
