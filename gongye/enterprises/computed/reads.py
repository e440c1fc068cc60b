"""The reads the register's formulas share, a whole year at a time and in SQL where a sum will
do: a recompute of every formula of a region-year costs a fixed handful of queries whatever
the number of enterprises (issue 12's goal: under 5 s at 100,000 enterprises).

Inside ``sharing()`` (the recompute opens it) a read made for one formula is kept for the
others of the same run; outside it every call reads afresh.

Which enterprises are 规上 in a year: those now marked 规上 whose 纳规 date (if known) falls in
that year or before. The bureau admits enterprises to 规上 once a year and counts a newly
admitted one's figures for the whole year, so a year's 规上 set is one set for all its months
(an enterprise that has since left 规上 is not counted: the register keeps its present scale,
not a history of it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Q, Sum

from gongye.enterprises.choices import Scale
from gongye.enterprises.models import Enterprise, MonthlyFigure

T = TypeVar("T")

_shared: ContextVar[dict[Hashable, Any] | None] = ContextVar("computed_reads", default=None)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Reads made inside are kept for the rest of the block (one recompute run)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _remember(key: Hashable, read: Callable[[], T]) -> T:
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def above_scale_in(year: int, prefix: str = "") -> Q:
    """规上 in ``year`` (see the module's note), on Enterprise or through ``prefix``."""
    return Q(**{f"{prefix}scale": Scale.ABOVE}) & (
        Q(**{f"{prefix}above_scale_since__isnull": True})
        | Q(**{f"{prefix}above_scale_since__lt": dt.date(year + 1, 1, 1)})
    )


def region_has_enterprises(region: Any) -> bool:
    return _remember(("any", region.pk), lambda: Enterprise.objects.filter(region=region).exists())


def above_scale_sums(region: Any, year: int) -> dict[int, dict[str, Decimal | None]]:
    """By month of ``year``: the sums over the year's 规上 enterprises of output value, value
    added and revenue (本年累计, 万元), the revenue of those in a leading chain, and how many
    reported. One query."""

    def read() -> dict[int, dict[str, Decimal | None]]:
        rows = (
            MonthlyFigure.objects.filter(region=region, year=year)
            .filter(above_scale_in(year, "enterprise__"))
            .order_by()
            .values("month")
            .annotate(
                sum_output=Sum("output_value"),
                sum_value_added=Sum("value_added"),
                sum_revenue=Sum("revenue"),
                sum_leading=Sum("revenue", filter=Q(enterprise__chain__is_leading=True)),
                reported=Count("id"),
            )
        )
        return {
            r["month"]: {
                "output": r["sum_output"],
                "value_added": r["sum_value_added"],
                "revenue": r["sum_revenue"],
                "leading": r["sum_leading"],
                "reported": r["reported"],
            }
            for r in rows
        }

    return _remember(("sums", region.pk, year), read)


def revenue_counts(region: Any, year: int, line: Decimal) -> dict[int, int]:
    """By month: how many of the year's 规上 enterprises have a 本年累计 revenue of ``line``
    万元 or more. One query."""

    def read() -> dict[int, int]:
        rows = (
            MonthlyFigure.objects.filter(region=region, year=year, revenue__gte=line)
            .filter(above_scale_in(year, "enterprise__"))
            .order_by()
            .values("month")
            .annotate(n=Count("id"))
        )
        return {r["month"]: r["n"] for r in rows}

    return _remember(("revenue_counts", region.pk, year, line), read)


Pairs = dict[int, dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]]]


def above_scale_by_enterprise(region: Any, year: int) -> tuple[Pairs, Pairs]:
    """This year's and last year's (output value, value added, revenue), by month and
    enterprise, for the enterprises 规上 in ``year``: the year-on-year comparisons pair each
    enterprise with its own figure (同口径). One query."""

    def read() -> tuple[Pairs, Pairs]:
        this: Pairs = defaultdict(dict)
        last: Pairs = defaultdict(dict)
        rows = (
            MonthlyFigure.objects.filter(region=region, year__in=(year - 1, year))
            .filter(above_scale_in(year, "enterprise__"))
            .order_by()
            .values_list("enterprise_id", "year", "month", "output_value", "value_added", "revenue")
        )
        for enterprise_id, y, month, output, added, revenue in rows.iterator(chunk_size=20000):
            (this if y == year else last)[month][enterprise_id] = (output, added, revenue)
        return this, last

    return _remember(("pairs", region.pk, year), read)


def dates_of(region: Any, field: str, q: Q, low: dt.date, high: dt.date) -> list[dt.date]:
    """The values of a date ``field`` of the region's enterprises matching ``q`` that fall in
    [low, high], sorted (one query; counting by month is then done in memory)."""

    def read() -> list[dt.date]:
        return sorted(
            Enterprise.objects.filter(q, region=region, **{f"{field}__gte": low})
            .filter(**{f"{field}__lte": high})
            .order_by()
            .values_list(field, flat=True)
        )

    return _remember(("dates", region.pk, field, str(q), low, high), read)


def count_where(region: Any, q: Q) -> int:
    return _remember(
        ("count", region.pk, str(q)), lambda: Enterprise.objects.filter(q, region=region).count()
    )


def count_upto(dates: Sequence[dt.date], day: dt.date) -> int:
    """How many of the sorted ``dates`` are on or before ``day``."""
    import bisect

    return bisect.bisect_right(dates, day)
