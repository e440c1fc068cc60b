"""The project register's part of the leaders' cockpit (issue 13, item 6;
``ProjectsConfig.cockpit_sections``): the plan's project figures for the plan's region and year
up to the month (开工大项目, 竣工技改项目, 工业投资, 技改投资, 项目纳规), each against the same
months of last year, and a small chart of 1–N月 工业投资 and 技改投资, this year and last, with
the table that holds the same figures (the page reads without script)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.dates import month_name
from gongye.core.numbers import number, plain
from gongye.core.periods import default_month
from gongye.core.scope import acting_of
from gongye.projects.permissions import can_see_region
from gongye.projects.selectors.statistics import Figure, ProjectStatistics, region_statistics

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.plans.models import Plan


@dataclass(frozen=True)
class FigureRow:
    """A figure as the table shows it."""

    key: str
    label: str
    unit: str
    value: str
    last: str
    growth: str
    growth_sign: int  # 1 up, -1 down, 0 level or none: the colour
    investment: str


@dataclass(frozen=True)
class SeriesRow:
    label: str
    values: list[str]


@dataclass(frozen=True)
class CockpitStatistics:
    statistics: ProjectStatistics
    rows: list[FigureRow]
    months: list[str]
    series: list[SeriesRow]
    chart: dict[str, Any]


def growth_text(value: Decimal | None) -> str:
    """+12.5% / −3% / — (no base)."""
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{number(value)}%"


def _sign(value: Decimal | None) -> int:
    if value is None or value == 0:
        return 0
    return 1 if value > 0 else -1


def figure_row(figure: Figure) -> FigureRow:
    return FigureRow(
        key=figure.key,
        label=figure.label,
        unit=figure.unit,
        value=number(figure.value),
        last=number(figure.last),
        growth=growth_text(figure.growth),
        growth_sign=_sign(figure.growth),
        investment=number(figure.investment) if figure.investment is not None else "",
    )


def _chart(statistics: ProjectStatistics, months: list[str]) -> tuple[list[SeriesRow], dict]:
    year = statistics.year
    names = (
        ("industrial", _("工业投资（%(y)s年）") % {"y": year}),
        ("industrial_last", _("工业投资（%(y)s年）") % {"y": year - 1}),
        ("upgrade", _("技改投资（%(y)s年）") % {"y": year}),
        ("upgrade_last", _("技改投资（%(y)s年）") % {"y": year - 1}),
    )
    rows = [SeriesRow(label, [number(v) for v in statistics.series[key]]) for key, label in names]
    chart = {
        "months": months,
        "unit": _("万元"),
        "series": [
            {
                "name": label,
                "data": [None if v is None else plain(v) for v in statistics.series[key]],
                "dashed": key.endswith("_last"),
            }
            for key, label in names
        ],
    }
    return rows, chart


def cockpit_statistics_for(user: User | AnonymousUser, plan: Plan) -> CockpitStatistics | None:
    """For whoever sees the region's picture (``can_see_region``) and reaches the plan's region;
    nothing when the region has no project figures for the year or last year."""
    acting = acting_of(user)
    if acting is None or not can_see_region(user):
        return None
    if not plan.region.path.startswith(acting.region.path):
        return None
    month = default_month(plan.year, timezone.localdate())
    statistics = region_statistics(plan.region, plan.year, month)
    if not statistics.has_data:
        return None
    months = [month_name(m) for m in range(1, month + 1)]
    series, chart = _chart(statistics, months)
    return CockpitStatistics(
        statistics=statistics,
        rows=[figure_row(f) for f in statistics.figures],
        months=months,
        series=series,
        chart=chart,
    )
