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
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connections
from django.db.models import FloatField, Q
from django.db.models.functions import Cast

from gongye.enterprises.choices import Scale
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.orgs.models import Region

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


def subtree(region: Any) -> list[int]:
    """The ids of the region and every region below it: a city's or province's plan computed
    from the register counts the enterprises of its counties."""
    return _remember(
        ("subtree", region.pk),
        lambda: list(Region.objects.within(region.path).values_list("pk", flat=True)),
    )


def region_has_enterprises(region: Any) -> bool:
    return _remember(
        ("any", region.pk),
        lambda: Enterprise.objects.filter(region_id__in=subtree(region)).exists(),
    )


# (output value, value added, revenue) in 万元, read as floats: SQLite keeps these columns as
# REAL already, and converting 240,000 rows to Decimal one by one is most of a year's cost;
# every figure a formula answers is rounded back to a Decimal (``as_decimal``)
Pairs = dict[int, dict[int, tuple[float | None, float | None, float | None]]]


def as_decimal(value: float, places: str = "0.0001") -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(places))


def above_scale_ids(region: Any, year: int) -> Any:
    """The year's 规上 enterprises of the region, as a subquery of their ids."""
    return Enterprise.objects.filter(above_scale_in(year), region_id__in=subtree(region)).values(
        "pk"
    )


def above_scale_by_enterprise(region: Any, year: int) -> tuple[Pairs, Pairs]:
    """This year's and last year's (output value, value added, revenue), by month and
    enterprise, for the enterprises 规上 in ``year``. The one read of figures every formula
    of the year shares: driven from the 规上 enterprises (their figures found by the
    (enterprise, year, month) index), so its cost follows the 规上 enterprises, not the whole
    register's figures."""

    def read() -> tuple[Pairs, Pairs]:
        this: Pairs = defaultdict(dict)
        last: Pairs = defaultdict(dict)
        query = (
            MonthlyFigure.objects.filter(
                enterprise_id__in=above_scale_ids(region, year), year__in=(year - 1, year)
            )
            .order_by()
            .annotate(
                o=Cast("output_value", FloatField()),
                v=Cast("value_added", FloatField()),
                r=Cast("revenue", FloatField()),
            )
            .values_list("enterprise_id", "year", "month", "o", "v", "r")
        )
        # the ORM writes the SQL; its rows are read as the driver gives them (ints and
        # floats), without a Python converter per value — the bulk of the cost otherwise
        sql, params = query.query.sql_with_params()
        with connections[query.db].cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(20000):
                for enterprise_id, y, month, output, added, revenue in rows:
                    (this if y == year else last)[month][enterprise_id] = (output, added, revenue)
        return this, last

    return _remember(("pairs", region.pk, year), read)


def leading_ids(region: Any, year: int) -> set[int]:
    """The year's 规上 enterprises in a leading chain ("3+N"'s 3). One query."""
    return _remember(
        ("leading", region.pk, year),
        lambda: set(
            Enterprise.objects.filter(
                above_scale_in(year), region_id__in=subtree(region), chain__is_leading=True
            ).values_list("pk", flat=True)
        ),
    )


def _total(values: Any) -> Decimal | None:
    found = [v for v in values if v is not None]
    return as_decimal(math.fsum(found)) if found else None


def above_scale_sums(region: Any, year: int) -> dict[int, dict[str, Any]]:
    """By month of ``year`` (those with any figure): the sums over the year's 规上 enterprises
    of output value, value added and revenue (本年累计, 万元), the revenue of those in a
    leading chain, and how many reported."""

    def compute() -> dict[int, dict[str, Any]]:
        this, _last = above_scale_by_enterprise(region, year)
        leading = leading_ids(region, year)
        sums: dict[int, dict[str, Any]] = {}
        for month, by_enterprise in this.items():
            sums[month] = {
                "output": _total(f[0] for f in by_enterprise.values()),
                "value_added": _total(f[1] for f in by_enterprise.values()),
                "revenue": _total(f[2] for f in by_enterprise.values()),
                "leading": _total(f[2] for e, f in by_enterprise.items() if e in leading),
                "reported": len(by_enterprise),
            }
        return sums

    return _remember(("sums", region.pk, year), compute)


def revenue_counts(region: Any, year: int, line: Decimal) -> dict[int, int]:
    """By month: how many of the year's 规上 enterprises have a 本年累计 revenue of ``line``
    万元 or more."""
    this, _last = above_scale_by_enterprise(region, year)
    floor = float(line)
    return {
        month: sum(1 for f in by_enterprise.values() if f[2] is not None and f[2] >= floor)
        for month, by_enterprise in this.items()
    }


def dates_of(region: Any, field: str, q: Q, low: dt.date, high: dt.date) -> list[dt.date]:
    """The values of a date ``field`` of the region's enterprises matching ``q`` that fall in
    [low, high], sorted (one query; counting by month is then done in memory)."""

    def read() -> list[dt.date]:
        return sorted(
            Enterprise.objects.filter(q, region_id__in=subtree(region), **{f"{field}__gte": low})
            .filter(**{f"{field}__lte": high})
            .order_by()
            .values_list(field, flat=True)
        )

    return _remember(("dates", region.pk, field, str(q), low, high), read)


def count_where(region: Any, q: Q) -> int:
    return _remember(
        ("count", region.pk, str(q)),
        lambda: Enterprise.objects.filter(q, region_id__in=subtree(region)).count(),
    )


def count_upto(dates: Sequence[dt.date], day: dt.date) -> int:
    """How many of the sorted ``dates`` are on or before ``day``."""
    import bisect

    return bisect.bisect_right(dates, day)
