"""The register's formulas for the plan's targets (issue 12, item 6): counts and sums over the
county's enterprises and their monthly figures, each for every month of a year in a few
queries (``computed.reads``).

Choices made here, as the office reads them:

- revenue lines (亿元以上, 十亿元企业) are judged on 本年累计 revenue, the figure the bureau
  reports each month: it reaches the year's revenue in December, and during the year it counts
  the enterprises that have already crossed the line (no annualising guesses);
- "new" above a line (新增亿元以上企业) is an enterprise over the line this year whose revenue
  last year (its last 本年累计 of last year) was under it or unknown;
- growth rates pair each enterprise with its own figure of the same month last year (同口径),
  over the enterprises 规上 this year; an enterprise without last year's figure is left out of
  both sides;
- a high-tech certificate is valid from its date for three years (``Enterprise.hightech_valid_on``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.periods import month_end
from gongye.enterprises.choices import Ownership, Scale
from gongye.enterprises.computed.reads import (
    above_scale_by_enterprise,
    above_scale_sums,
    as_decimal,
    count_upto,
    count_where,
    dates_of,
    region_has_enterprises,
    revenue_counts,
)
from gongye.enterprises.computed.registry import Param, formula
from gongye.enterprises.models import Enterprise
from gongye.enterprises.models.register import HIGHTECH_VALID_YEARS

Figures = dict[int, Decimal | None]

_RATE = Decimal("0.01")
_HUNDRED = Decimal(100)
REVENUE_LINE = (Param("line", _("营业收入不低于"), "万元", Decimal(10000)),)


def _none(months: Sequence[int]) -> Figures:
    return dict.fromkeys(months)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _rate(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * _HUNDRED).quantize(_RATE, ROUND_HALF_UP)


def _growth(now: Decimal, before: Decimal) -> Decimal:
    return ((now / before - 1) * _HUNDRED).quantize(_RATE, ROUND_HALF_UP)


@formula(
    "new_above_scale",
    _("新增规上工业企业"),
    "家",
    by_year=True,
    description=_("纳规时间在本年 1 月 1 日至当月末之间的企业数（本年累计）。"),
)
def new_above_scale(region: Any, year: int, months: Sequence[int]) -> Figures:
    if not region_has_enterprises(region):
        return _none(months)
    low, high = _year_bounds(year)
    dates = dates_of(region, "above_scale_since", Q(), low, high)
    return {m: Decimal(count_upto(dates, month_end(year, m))) for m in months}


@formula(
    "above_scale_count",
    _("规上工业企业数"),
    "家",
    measure="level",
    by_year=True,
    description=_("当月末标为规上、纳规时间不晚于当月末的企业数。"),
)
def above_scale_count(region: Any, year: int, months: Sequence[int]) -> Figures:
    if not region_has_enterprises(region):
        return _none(months)
    low, high = _year_bounds(year)
    above = Q(scale=Scale.ABOVE)
    before = count_where(
        region, above & (Q(above_scale_since__isnull=True) | Q(above_scale_since__lt=low))
    )
    dates = dates_of(region, "above_scale_since", above, low, high)
    return {m: Decimal(before + count_upto(dates, month_end(year, m))) for m in months}


@formula(
    "revenue_over",
    _("营业收入达到一定规模的规上企业数"),
    "家",
    measure="level",
    params=REVENUE_LINE,
    by_year=True,
    description=_("本年规上企业中，当月本年累计营业收入不低于所设金额的企业数。"),
)
def revenue_over(
    region: Any, year: int, months: Sequence[int], line: Decimal = Decimal(10000)
) -> Figures:
    sums = above_scale_sums(region, year)
    counts = revenue_counts(region, year, line)
    return {m: Decimal(counts.get(m, 0)) if m in sums else None for m in months}


@formula(
    "new_revenue_over",
    _("新增营业收入达到一定规模的企业数"),
    "家",
    params=REVENUE_LINE,
    by_year=True,
    description=_(
        "本年累计营业收入当月已不低于所设金额、而上年营业收入（上年最后一期本年累计）"
        "低于该金额或无数据的规上企业数。"
    ),
)
def new_revenue_over(
    region: Any, year: int, months: Sequence[int], line: Decimal = Decimal(10000)
) -> Figures:
    this, last = above_scale_by_enterprise(region, year)
    floor = float(line)
    last_year: dict[int, float] = {}
    for month in sorted(last):
        for enterprise_id, (_o, _v, revenue) in last[month].items():
            if revenue is not None:
                last_year[enterprise_id] = revenue  # the latest month wins
    result: Figures = {}
    for m in months:
        if m not in this:
            result[m] = None
            continue
        result[m] = Decimal(
            sum(
                1
                for enterprise_id, (_o, _v, revenue) in this[m].items()
                if revenue is not None
                and revenue >= floor
                and last_year.get(enterprise_id, 0.0) < floor
            )
        )
    return result


@formula(
    "above_scale_output",
    _("规上工业产值"),
    "万元",
    by_year=True,
    description=_("本年规上企业当月本年累计工业总产值之和。"),
)
def above_scale_output(region: Any, year: int, months: Sequence[int]) -> Figures:
    sums = above_scale_sums(region, year)
    return {m: sums[m]["output"] if m in sums else None for m in months}


def _same_caliber_growth(region: Any, year: int, months: Sequence[int], index: int) -> Figures:
    this, last = above_scale_by_enterprise(region, year)
    result: Figures = {}
    for m in months:
        now: list[float] = []
        before: list[float] = []
        before_of = last.get(m, {})
        for enterprise_id, figures in this.get(m, {}).items():
            earlier = before_of.get(enterprise_id)
            value = figures[index]
            base = earlier[index] if earlier is not None else None
            if value is None or base is None:
                continue
            now.append(value)
            before.append(base)
        whole = math.fsum(before)
        result[m] = _growth(as_decimal(math.fsum(now)), as_decimal(whole)) if whole > 0 else None
    return result


@formula(
    "above_scale_output_growth",
    _("规上工业产值增长"),
    "%",
    measure="growth",
    by_year=True,
    description=_("本年规上企业当月本年累计产值与各自上年同期相比的增速（同口径）。"),
)
def above_scale_output_growth(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _same_caliber_growth(region, year, months, 0)


@formula(
    "above_scale_value_added_growth",
    _("规上工业增加值增长"),
    "%",
    measure="growth",
    by_year=True,
    description=_("本年规上企业当月本年累计增加值与各自上年同期相比的增速（同口径）。"),
)
def above_scale_value_added_growth(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _same_caliber_growth(region, year, months, 1)


@formula(
    "hightech_valid",
    _("有效高新技术企业"),
    "家",
    measure="level",
    by_year=True,
    description=_("当月末仍在有效期（发证之日起三年）内的高新技术企业数。"),
)
def hightech_valid(region: Any, year: int, months: Sequence[int]) -> Figures:
    if not region_has_enterprises(region):
        return _none(months)
    low = dt.date(year - HIGHTECH_VALID_YEARS - 1, 1, 1)
    dates = dates_of(region, "hightech_cert_date", Q(is_active=True), low, dt.date(year, 12, 31))
    # the model's own rule (29 February included), read once per certificate
    valid_until = Enterprise.hightech_valid_until.fget  # type: ignore[attr-defined]
    spans = [(d, valid_until(SimpleNamespace(hightech_cert_date=d)) or d) for d in dates]
    result: Figures = {}
    for m in months:
        day = month_end(year, m)
        result[m] = Decimal(sum(1 for start, until in spans if start <= day < until))
    return result


def _ownership_count(region: Any, year: int, months: Sequence[int], kind: str) -> Figures:
    if not region_has_enterprises(region):
        return _none(months)
    low, high = _year_bounds(year)
    q = Q(is_active=True, ownership=kind)
    before = count_where(region, q & (Q(established_on__isnull=True) | Q(established_on__lt=low)))
    dates = dates_of(region, "established_on", q, low, high)
    return {m: Decimal(before + count_upto(dates, month_end(year, m))) for m in months}


def _ownership_new(region: Any, year: int, months: Sequence[int], kind: str) -> Figures:
    if not region_has_enterprises(region):
        return _none(months)
    low, high = _year_bounds(year)
    dates = dates_of(region, "established_on", Q(ownership=kind), low, high)
    return {m: Decimal(count_upto(dates, month_end(year, m))) for m in months}


@formula(
    "private_count",
    _("私营企业数"),
    "家",
    measure="level",
    by_year=True,
    description=_("企业库中在册、当月末前成立的私营企业数。"),
)
def private_count(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _ownership_count(region, year, months, Ownership.PRIVATE)


@formula(
    "new_private",
    _("新增私营企业"),
    "家",
    by_year=True,
    description=_("成立日期在本年 1 月 1 日至当月末之间的私营企业数（本年累计）。"),
)
def new_private(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _ownership_new(region, year, months, Ownership.PRIVATE)


@formula(
    "individual_count",
    _("个体工商户数"),
    "户",
    measure="level",
    by_year=True,
    description=_("企业库中在册、当月末前成立的个体工商户数。"),
)
def individual_count(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _ownership_count(region, year, months, Ownership.INDIVIDUAL)


@formula(
    "new_individual",
    _("新增个体工商户"),
    "户",
    by_year=True,
    description=_("成立日期在本年 1 月 1 日至当月末之间的个体工商户数（本年累计）。"),
)
def new_individual(region: Any, year: int, months: Sequence[int]) -> Figures:
    return _ownership_new(region, year, months, Ownership.INDIVIDUAL)


@formula(
    "leading_chain_share",
    _("主导产业营业收入占规上营业收入比重"),
    "%",
    measure="share",
    by_year=True,
    description=_("本年规上企业中，主导产业链企业的本年累计营业收入占全部规上企业的比重。"),
)
def leading_chain_share(region: Any, year: int, months: Sequence[int]) -> Figures:
    sums = above_scale_sums(region, year)
    result: Figures = {}
    for m in months:
        row = sums.get(m)
        whole = row["revenue"] if row else None
        result[m] = _rate(row["leading"] or Decimal(0), whole) if row and whole else None
    return result
