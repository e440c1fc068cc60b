"""Reads of the monthly figures: an enterprise's months with year-on-year growth, the county's
totals by month with growth, the bureau's import history, one month for the entry form.

Growth (同比) is against the same month of the year before, on 本年累计 for flows (the
statistics bureau's 累计增速) and on the month-end level for employees: (this − last) ÷ |last|
× 100, None when last year's figure is missing or zero. County totals add whatever the
register holds for each month (the enterprises reporting then); they are not a 同口径
(same-enterprises) comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet, Sum

from gongye.enterprises.models import Enterprise, FigureImport, MonthlyFigure
from gongye.enterprises.models.register import FLOW_FIELDS
from gongye.enterprises.permissions import can_see_aggregates

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.orgs.models import Region

MEASURES = (*FLOW_FIELDS, "employees")
HUNDRED = Decimal(100)


def growth_ratio(this: Any, last: Any) -> Fraction | None:
    """Year-on-year growth as an exact ratio, (this − last) ÷ |last| (a loss narrowing from
    −100 to −50 is +50%, as the bureau counts it); None without a base. The one rule the
    register's pages and API share."""
    if this is None or last is None or last == 0:
        return None
    base = Fraction(Decimal(last))
    return (Fraction(Decimal(this)) - base) / abs(base)


def growth(this: Decimal | int | None, last: Decimal | int | None) -> Decimal | None:
    """Year-on-year growth in percent, one decimal place; None without a base."""
    ratio = growth_ratio(this, last)
    if ratio is None:
        return None
    return (Decimal(ratio.numerator) * HUNDRED / Decimal(ratio.denominator)).quantize(
        Decimal("0.1")
    )


@dataclass
class MonthRow:
    year: int
    month: int
    values: dict[str, Decimal | int | None]
    yoy: dict[str, Decimal | None] = field(default_factory=dict)
    monthly: dict[str, Decimal | None] = field(default_factory=dict)  # 本月
    source: str = ""


def figures_series(
    enterprise: Enterprise, *, years: int = 3, until: tuple[int, int] | None = None
) -> list[MonthRow]:
    """``enterprise``'s months (oldest first) over the last ``years`` years it has figures
    for, each with 本年累计, 本月 and year-on-year growth per measure. The caller has the
    enterprise from ``enterprises_visible_to`` (out of scope is a 404 before this)."""
    figures = list(enterprise.figures.order_by("year", "month"))
    if until is not None:
        figures = [f for f in figures if (f.year, f.month) <= until]
    if not figures:
        return []
    by_month = {(f.year, f.month): f for f in figures}
    first_year = figures[-1].year - years + 1
    rows = []
    for f in figures:
        if f.year < first_year:
            continue
        last = by_month.get((f.year - 1, f.month))
        values = {m: getattr(f, m) for m in MEASURES}
        rows.append(
            MonthRow(
                f.year,
                f.month,
                values,
                yoy={m: growth(values[m], getattr(last, m) if last else None) for m in MEASURES},
                monthly={m: getattr(f, f"{m}_month") for m in FLOW_FIELDS},
                source=f.get_source_display(),
            )
        )
    return rows


def county_totals(user: User | AnonymousUser, *, region: Region, year: int) -> list[MonthRow]:
    """The region's sums by month of ``year`` (本年累计, employees), with growth against the
    same month of the year before and the count of enterprises reporting (``values["count"]``).
    Aggregates: whoever may see them (``can_see_aggregates``) within their scope."""
    can_see_aggregates(user).require()
    base = MonthlyFigure.objects.in_scope(user).filter(region=region)
    sums = {m: Sum(m) for m in MEASURES}
    found = {
        (r["year"], r["month"]): r
        for r in base.filter(year__in=(year, year - 1))
        .values("year", "month")
        .annotate(count=Count("id"), **sums)
        .order_by()
    }
    rows = []
    for month in range(1, 13):
        this = found.get((year, month))
        if this is None:
            continue
        last = found.get((year - 1, month))
        values = {m: this[m] for m in MEASURES} | {"count": this["count"]}
        rows.append(
            MonthRow(
                year,
                month,
                values,
                yoy={m: growth(this[m], last[m] if last else None) for m in MEASURES},
            )
        )
    return rows


def figure_imports_for(user: User | AnonymousUser) -> QuerySet[FigureImport]:
    """The bureau's imports within the user's scope, newest first."""
    return FigureImport.objects.in_scope(user).select_related("region", "imported_by")


def figure_month(enterprise: Enterprise, year: int, month: int) -> MonthlyFigure | None:
    return MonthlyFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
