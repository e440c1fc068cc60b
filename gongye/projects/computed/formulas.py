"""The project register's formulas for the plan's targets (issue 13, item 6), registered with
``@formula`` beside the enterprise register's; ``ProjectsConfig.ready`` imports this module.

Each computes every month of a year at once from the statistics' reads
(``selectors.statistics``: which projects count and why is said there), in one or two
queries. A region without a single project has nothing to compute from (None every month);
an investment figure needs a return of the year by the month, a growth rate last year's figure
of the same months too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongye.core.computed import Param, formula
from gongye.core.numbers import rounded
from gongye.projects.selectors.statistics import (
    LARGE_LINE,
    UPGRADE_LINE,
    Key,
    completed_by_month,
    growth,
    investment_by_month,
    projects_in,
    scaled_by_month,
    started_by_month,
    totals_in,
    ytd,
)

Figures = dict[int, Decimal | None]

LARGE_PARAMS = (Param("line", _("项目总投资不低于"), "万元", LARGE_LINE),)
UPGRADE_PARAMS = (Param("line", _("项目总投资不低于"), "万元", UPGRADE_LINE),)
INDUSTRIAL, UPGRADE = 0, 1


def _none(months: Sequence[int]) -> Figures:
    return dict.fromkeys(months)


def _counts(by_month: dict[Key, tuple], year: int, months: Sequence[int]) -> Figures:
    return {m: Decimal((ytd(by_month, None, year, m) or (0,))[0]) for m in months}


@formula(
    "projects_large_started",
    _("开工大项目个数（项目库）"),
    "个",
    params=LARGE_PARAMS,
    by_year=True,
    description=_(
        "本年 1 月 1 日至当月末开工、总投资不低于所设金额的工业项目个数（新建、扩建、技改项目；"
        "不含基础设施项目和已终止的项目）。"
    ),
)
def large_started(
    region: Any, year: int, months: Sequence[int], line: Decimal = LARGE_LINE
) -> Figures:
    projects = projects_in(region)
    if not projects.exists():
        return _none(months)
    return _counts(started_by_month(projects, (year,), line), year, months)


@formula(
    "projects_upgrade_completed",
    _("竣工技改项目个数（项目库）"),
    "个",
    params=UPGRADE_PARAMS,
    by_year=True,
    description=_("本年 1 月 1 日至当月末竣工、总投资不低于所设金额的技改项目个数。"),
)
def upgrade_completed(
    region: Any, year: int, months: Sequence[int], line: Decimal = UPGRADE_LINE
) -> Figures:
    projects = projects_in(region)
    if not projects.exists():
        return _none(months)
    return _counts(completed_by_month(projects, (year,), line), year, months)


@formula(
    "projects_scaled",
    _("投产项目纳规企业数（积树成林，项目库）"),
    "家",
    by_year=True,
    description=_("本年 1 月 1 日至当月末因项目纳规而进入规上的企业数（一家企业一年只计一次）。"),
)
def projects_scaled(region: Any, year: int, months: Sequence[int]) -> Figures:
    projects = projects_in(region)
    if not projects.exists():
        return _none(months)
    return _counts(scaled_by_month(projects, (year,)), year, months)


def _investment(
    region: Any, year: int, months: Sequence[int]
) -> tuple[dict[Key, tuple[Decimal, Decimal]], int]:
    upto = max(months, default=0)
    if not upto:
        return {}, 0
    return investment_by_month(totals_in(region), (year - 1, year), upto), upto


def _ytd(invested: dict[Key, tuple], year: int, month: int, index: int) -> Decimal | None:
    row = ytd(invested, None, year, month)
    return None if row is None else Decimal(row[index])


def _amounts(region: Any, year: int, months: Sequence[int], index: int) -> Figures:
    invested, _upto = _investment(region, year, months)
    return {m: _ytd(invested, year, m, index) for m in months}


def _growths(region: Any, year: int, months: Sequence[int], index: int) -> Figures:
    invested, _upto = _investment(region, year, months)
    return {
        m: growth(_ytd(invested, year, m, index), _ytd(invested, year - 1, m, index))
        for m in months
    }


@formula(
    "projects_industrial_investment",
    _("工业固定资产投资（项目库）"),
    "万元",
    by_year=True,
    description=_(
        "本年 1 月至当月各工业项目（新建、扩建、技改，不含基础设施项目）月30调度报送的"
        "本月完成投资之和（1–N月累计）。"
    ),
)
def industrial_investment(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _amounts(region, year, months, INDUSTRIAL)


@formula(
    "projects_industrial_investment_growth",
    _("工业固定资产投资增长（项目库）"),
    "%",
    measure="growth",
    by_year=True,
    description=_("1–N月工业固定资产投资（项目库）与上年同期相比的增速。"),
)
def industrial_investment_growth(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _growths(region, year, months, INDUSTRIAL)


@formula(
    "projects_upgrade_investment",
    _("技改投资（项目库）"),
    "万元",
    by_year=True,
    description=_("本年 1 月至当月各技改项目月30调度报送的本月完成投资之和（1–N月累计）。"),
)
def upgrade_investment(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _amounts(region, year, months, UPGRADE)


@formula(
    "projects_upgrade_investment_growth",
    _("技改投资增长（项目库）"),
    "%",
    measure="growth",
    by_year=True,
    description=_("1–N月技改投资（项目库）与上年同期相比的增速。"),
)
def upgrade_investment_growth(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _growths(region, year, months, UPGRADE)


@formula(
    "projects_upgrade_share",
    _("技改投资占工业投资比重（项目库）"),
    "%",
    measure="share",
    by_year=True,
    description=_("1–N月技改投资占工业固定资产投资的比重（项目库）。"),
)
def upgrade_share(region: Any, year: int, months: Sequence[int]) -> Figures:
    invested, _upto = _investment(region, year, months)
    result: Figures = {}
    for m in months:
        whole = _ytd(invested, year, m, INDUSTRIAL)
        part = _ytd(invested, year, m, UPGRADE)
        result[m] = (
            rounded(Fraction(part) / Fraction(whole) * 100, 2)
            if whole and part is not None
            else None
        )
    return result
