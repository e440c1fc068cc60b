"""The project register's statistics (issue 13 item 6): the plan's third-chapter figures for a
region and a month, each against the same months of last year (同比).

- 开工大项目: industrial projects of 5000万元 or more (``LARGE_PROJECT_10K_YUAN``) started from
  1 January to the month's end — how many, and their total investment;
- 竣工技改项目: 技改 projects of 500万元 or more (``UPGRADE_PROJECT_10K_YUAN``) completed in
  that time;
- 工业固定资产投资 (工业投资): the investment the 月30 returns report (本月完成投资), summed over
  the year's months up to the month (1–N月累计);
- 技改投资: the same over 技改 projects;
- 积树成林纳规: enterprises entering 规上 through a project (a project moved to 纳规), each
  enterprise once a year, in the month of its first such project.

Which projects count, and why (the plan's 第三章 and DESIGN.md's 三库联动):

- "工业" is every kind but 基础设施. The plan counts 工业项目 and 工业固定资产投资 ("力争全年落地
  开工5000万元以上工业项目40个，工业固定资产投资增长12%以上") and names 开发区基础设施建设 (标准化
  厂房, 污水处理厂) as a measure of its own; the statistics bureau's 工业投资 is the investment
  of industrial enterprises, not of the zone's roads, plants and standard workshops. So 新建,
  扩建 and 技改 projects count; 基础设施 projects count in neither investment nor the starts.
- A project given up (已终止) counts in none of the counts (``ProjectQuerySet.counted``: it did
  not land), but the investment its returns reported before it was given up stays in the sums:
  the money was spent and reported, and a month's total never changes after the fact.
- 同比 compares 1–N月 of this year with 1–N月 of last year, whole against whole (projects come
  and go, so there is no 同口径 pairing); no growth is given when last year's figure is 0.

The investments are read from the monthly totals by place (``projects.totals``: the returns
of industrial projects summed by county, place and month, kept with the returns).

Every read is a SQL aggregate grouped by month (and, for the 赛马, by county or township):
a fixed handful of queries whatever the number of projects and returns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from gongye.core.numbers import rounded
from gongye.core.scope import require_acting
from gongye.orgs.choices import RegionLevel
from gongye.projects.choices import (
    INDUSTRIAL_KINDS,
    LARGE_PROJECT_10K_YUAN,
    UPGRADE_PROJECT_10K_YUAN,
    ProjectKind,
    ProjectStage,
)
from gongye.projects.models import Project, ReturnTotal
from gongye.projects.permissions import can_see_region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.orgs.models import Region

LARGE_LINE = Decimal(LARGE_PROJECT_10K_YUAN)
UPGRADE_LINE = Decimal(UPGRADE_PROJECT_10K_YUAN)
ZERO = Decimal(0)

# (group, year, month) → figures of that month alone; group is None when not grouped, else a
# county's region id or a township's unit id
Key = tuple[Any, int, int]


# ----- where: a region's projects and returns (a city's or province's: its counties')


def projects_in(region: Region) -> QuerySet[Project]:
    """The region's projects; a county's on its own index (a county has no region below)."""
    if region.level == RegionLevel.COUNTY:
        return Project.objects.filter(region_id=region.pk)
    return Project.objects.within(region.path)


def totals_in(region: Region) -> QuerySet[ReturnTotal]:
    """The region's monthly investment totals by place (``projects.totals``)."""
    if region.level == RegionLevel.COUNTY:
        return ReturnTotal.objects.filter(region_id=region.pk)
    return ReturnTotal.objects.within(region.path)


# ----- the reads: one query each, by month (and group)


def investment_by_month(
    totals: QuerySet[ReturnTotal], years: Iterable[int], upto: int, group: str | None = None
) -> dict[Key, tuple[Decimal, Decimal]]:
    """(工业投资, 技改投资) reported for each month of ``years`` up to month ``upto``, in 万元:
    the returns' 本月完成投资 of industrial projects (and of 技改 ones), summed in SQL from the
    totals by place (``projects.totals``; ``group`` "region_id" or "location_id")."""
    fields = [group] if group else []
    rows = (
        totals.filter(year__in=list(years), month__lte=upto)
        .order_by()
        .values(*fields, "year", "month")
        .annotate(industrial=Sum("industrial"), upgrade=Sum("upgrade"))
    )
    return {
        (row[group] if group else None, row["year"], row["month"]): (
            Decimal(row["industrial"] or 0),
            Decimal(row["upgrade"] or 0),
        )
        for row in rows
    }


def _span(years: Iterable[int]) -> tuple[dt.date, dt.date]:
    years = list(years)
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def _events(
    projects: QuerySet[Project], field: str, years: Iterable[int], group: str | None
) -> dict[Key, tuple[int, Decimal]]:
    low, high = _span(years)
    fields = [group] if group else []
    rows = (
        projects.exclude(stage=ProjectStage.CANCELLED)
        .filter(**{f"{field}__gte": low, f"{field}__lte": high})
        .order_by()
        .annotate(event_year=ExtractYear(field), event_month=ExtractMonth(field))
        .values(*fields, "event_year", "event_month")
        .annotate(n=Count("pk"), investment=Sum("total_investment"))
    )
    return {
        (row[group] if group else None, row["event_year"], row["event_month"]): (
            row["n"],
            Decimal(row["investment"] or 0),
        )
        for row in rows
    }


def started_by_month(
    projects: QuerySet[Project],
    years: Iterable[int],
    line: Decimal = LARGE_LINE,
    group: str | None = None,
) -> dict[Key, tuple[int, Decimal]]:
    """(how many, their total investment) of the industrial projects of ``line`` 万元 or more
    started in each month."""
    large = projects.filter(kind__in=INDUSTRIAL_KINDS, total_investment__gte=line)
    return _events(large, "started_on", years, group)


def completed_by_month(
    projects: QuerySet[Project],
    years: Iterable[int],
    line: Decimal = UPGRADE_LINE,
    group: str | None = None,
) -> dict[Key, tuple[int, Decimal]]:
    """(how many, their total investment) of the 技改 projects of ``line`` 万元 or more
    completed (竣工) in each month."""
    upgrades = projects.filter(kind=ProjectKind.UPGRADE, total_investment__gte=line)
    return _events(upgrades, "completed_on", years, group)


def scaled_by_month(
    projects: QuerySet[Project], years: Iterable[int], group: str | None = None
) -> dict[Key, tuple[int]]:
    """How many enterprises entered 规上 through a project in each month: an enterprise once a
    year (and once a group), in the month of its first project moved to 纳规 that year. One
    query; its rows are the year's newly scaled enterprises (a few per county)."""
    low, high = _span(years)
    fields = [group] if group else []
    rows = (
        projects.exclude(stage=ProjectStage.CANCELLED)
        .filter(scaled_on__gte=low, scaled_on__lte=high, enterprise__isnull=False)
        .order_by()
        .annotate(event_year=ExtractYear("scaled_on"))
        .values(*fields, "enterprise_id", "event_year")
        .annotate(first=Min("scaled_on"))
    )
    counts: dict[Key, int] = defaultdict(int)
    for row in rows:
        first = row["first"]
        counts[(row[group] if group else None, first.year, first.month)] += 1
    return {key: (n,) for key, n in counts.items()}


# ----- from months to 1–N月


def ytd(by_month: Mapping[Key, tuple], group: Any, year: int, month: int) -> tuple | None:
    """The figures of months 1…``month`` of ``year`` summed (component by component), or None
    when none of those months has a row."""
    total: list | None = None
    for m in range(1, month + 1):
        row = by_month.get((group, year, m))
        if row is None:
            continue
        total = list(row) if total is None else [a + b for a, b in zip(total, row, strict=True)]
    return tuple(total) if total is not None else None


def growth(now: Decimal | int | None, before: Decimal | int | None) -> Decimal | None:
    """同比增长 in %, two places, rounded half up; None without a base (last year 0 or
    nothing)."""
    if now is None or before is None or before == 0:
        return None
    return rounded((Fraction(now) / Fraction(before) - 1) * 100, 2)


def _value(row: tuple | None, index: int, empty: Decimal | None = ZERO) -> Decimal | None:
    return empty if row is None else Decimal(row[index])


# ----- the statistics of a region and a month


@dataclass(frozen=True)
class Figure:
    """One statistic: this year's 1–N月 figure, last year's 1–N月 and the growth; for the
    counts also the counted projects' total investment (万元)."""

    key: str
    label: str
    unit: str
    value: Decimal | None
    last: Decimal | None
    growth: Decimal | None
    investment: Decimal | None = None
    last_investment: Decimal | None = None


@dataclass(frozen=True)
class ProjectStatistics:
    region: Region
    year: int
    month: int
    large_started: Figure
    upgrade_completed: Figure
    industrial_investment: Figure
    upgrade_investment: Figure
    scaled: Figure
    # 1–N月 工业投资 and 技改投资 of every month up to ``month``, this year and last (the chart)
    series: dict[str, list[Decimal | None]]

    @property
    def figures(self) -> list[Figure]:
        return [
            self.large_started,
            self.upgrade_completed,
            self.industrial_investment,
            self.upgrade_investment,
            self.scaled,
        ]

    @property
    def has_data(self) -> bool:
        return any(f.value or f.last for f in self.figures)


def _count_figure(
    key: str, label: str, by_month: Mapping[Key, tuple], year: int, month: int
) -> Figure:
    now, before = ytd(by_month, None, year, month), ytd(by_month, None, year - 1, month)
    value, last = _value(now, 0), _value(before, 0)
    return Figure(
        key,
        label,
        _("个"),
        value,
        last,
        growth(value, last),
        _value(now, 1),
        _value(before, 1),
    )


def _investment_figure(
    key: str, label: str, by_month: Mapping[Key, tuple], year: int, month: int, index: int
) -> Figure:
    now = _value(ytd(by_month, None, year, month), index, None)
    last = _value(ytd(by_month, None, year - 1, month), index, None)
    return Figure(key, label, _("万元"), now, last, growth(now, last))


def _series(by_month: Mapping[Key, tuple], year: int, month: int) -> dict[str, list]:
    series: dict[str, list] = {}
    for name, y, index in (
        ("industrial", year, 0),
        ("industrial_last", year - 1, 0),
        ("upgrade", year, 1),
        ("upgrade_last", year - 1, 1),
    ):
        series[name] = [_value(ytd(by_month, None, y, m), index, None) for m in range(1, month + 1)]
    return series


def region_statistics(region: Region, year: int, month: int) -> ProjectStatistics:
    """The statistics of ``region`` (with the regions below it) for 1–``month``月 of ``year``
    against the same months of last year. Four queries."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month}")
    years = (year - 1, year)
    projects = projects_in(region)
    invested = investment_by_month(totals_in(region), years, month)
    return ProjectStatistics(
        region=region,
        year=year,
        month=month,
        large_started=_count_figure(
            "large_started",
            _("开工5000万元以上工业项目"),
            started_by_month(projects, years),
            year,
            month,
        ),
        upgrade_completed=_count_figure(
            "upgrade_completed",
            _("竣工500万元以上技改项目"),
            completed_by_month(projects, years),
            year,
            month,
        ),
        industrial_investment=_investment_figure(
            "industrial_investment", _("工业固定资产投资"), invested, year, month, 0
        ),
        upgrade_investment=_investment_figure(
            "upgrade_investment", _("技改投资"), invested, year, month, 1
        ),
        scaled=_scaled_figure(scaled_by_month(projects, years), year, month),
        series=_series(invested, year, month),
    )


def _scaled_figure(by_month: Mapping[Key, tuple], year: int, month: int) -> Figure:
    value = _value(ytd(by_month, None, year, month), 0)
    last = _value(ytd(by_month, None, year - 1, month), 0)
    return Figure(
        "scaled", _("项目纳规企业（积树成林）"), _("家"), value, last, growth(value, last)
    )


def statistics_region_for(user: User | AnonymousUser, region: Region | None = None) -> Region:
    """The region whose statistics ``user`` asks for: their own by default; one below it if
    named; anything else is out of their sight (404). Only those who see the region's picture
    (``can_see_region``) ask at all (403)."""
    can_see_region(user).require()
    acting = require_acting(user)
    if region is None:
        return acting.region
    if not region.path.startswith(acting.region.path):
        raise Http404(_("该区划不在您的管辖范围内。"))
    return region


def project_statistics_for(
    user: User | AnonymousUser, year: int, month: int, region: Region | None = None
) -> ProjectStatistics:
    """``region_statistics`` for the user's region (or one below it)."""
    return region_statistics(statistics_region_for(user, region), year, month)
