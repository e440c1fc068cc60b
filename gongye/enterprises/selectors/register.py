"""Reads of the register part: the enterprise list with its filters, one enterprise (404 when
not visible), the region's aggregates for leaders and the plan office, the leaders' 工作台
panel. Every read starts from ``permissions.enterprises_visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.numbers import number
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.enterprises.choices import ListingStage, Scale, SrdiLevel
from gongye.enterprises.models import Enterprise, IndustryChain, MonthlyFigure
from gongye.enterprises.models.register import HIGHTECH_VALID_YEARS
from gongye.enterprises.permissions import can_see_aggregates, enterprises_visible_to
from gongye.enterprises.selectors import appeals as appeal_selectors
from gongye.enterprises.selectors import libraries as library_selectors
from gongye.orgs.choices import RegionLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.enterprises.models.register import EnterpriseQuerySet
    from gongye.plans.models import Plan

PAGE_SIZE = 50
# what a list row needs, read in the same query
LIST_RELATED = ("region", "township", "chain")


@dataclass(frozen=True)
class EnterpriseFilters:
    """The list's filters (the page's form and the API's parameters both give these)."""

    q: str = ""
    township: int | None = None
    in_dev_zone: bool | None = None
    chain: int | None = None
    scale: str = ""
    industry: str = ""
    srdi_level: str = ""
    listing_stage: str = ""
    hightech_valid: bool | None = None
    region: str = ""  # a county's code, for city and province users


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def hightech_valid_q(day: dt.date) -> Q:
    """Certificates valid on ``day``: issued on or before it, less than three years ago."""
    return Q(
        hightech_cert_date__lte=day,
        hightech_cert_date__gt=years_before(day, HIGHTECH_VALID_YEARS),
    )


def _search_q(q: str) -> Q:
    """By name, former name (曾用名; the JSON holds Chinese as ``\\uXXXX`` escapes on SQLite,
    so both spellings are tried) or the credit code's beginning."""
    import json

    escaped = json.dumps(q)[1:-1]
    where = Q(name__icontains=q) | Q(former_names__icontains=q)
    if escaped != q:
        where |= Q(former_names__icontains=escaped)
    code = q.upper().replace(" ", "")
    if code.isalnum() and code.isascii():
        where |= Q(credit_code__startswith=code)
    return where


def apply_filters(queryset: EnterpriseQuerySet, filters: EnterpriseFilters) -> EnterpriseQuerySet:
    f = filters
    if f.q:
        queryset = queryset.filter(_search_q(f.q))
    if f.township is not None:
        queryset = queryset.filter(township_id=f.township)
    if f.in_dev_zone is not None:
        queryset = queryset.filter(in_dev_zone=f.in_dev_zone)
    if f.chain is not None:
        queryset = queryset.filter(chain_id=f.chain)
    if f.scale:
        queryset = queryset.filter(scale=f.scale)
    if f.industry:
        queryset = queryset.filter(industry_code__startswith=f.industry.upper())
    if f.srdi_level:
        queryset = queryset.filter(srdi_level=f.srdi_level)
    if f.listing_stage:
        queryset = queryset.filter(listing_stage=f.listing_stage)
    if f.hightech_valid is not None:
        valid = hightech_valid_q(timezone.localdate())
        queryset = queryset.filter(valid if f.hightech_valid else ~valid)
    if f.region:
        queryset = queryset.filter(region__code=f.region)
    return queryset


def narrowed(queryset: Any, user: User | AnonymousUser) -> Any:
    """``queryset`` (already scoped by region path) also filtered by the region's id when the
    person acts for a county, which has no region below it: the same rows, but the database
    then walks the (region, name) index in name order and stops at the page, and counts on
    the index, instead of sorting the county's 100,000 enterprises (bench/enterprise_pages_bench.py)."""
    acting = acting_of(user)
    if acting is not None and acting.region.level == RegionLevel.COUNTY:
        return queryset.filter(region_id=acting.region_id)
    return queryset


def enterprise_list_for(
    user: User | AnonymousUser, filters: EnterpriseFilters | None = None
) -> EnterpriseQuerySet:
    """The enterprises ``user`` may open, filtered, by name; each row's region, township and
    chain read in the same query (page it: ``PAGE_SIZE`` a page)."""
    queryset = narrowed(enterprises_visible_to(user), user).select_related(*LIST_RELATED)
    return apply_filters(queryset, filters or EnterpriseFilters()).order_by("name", "id")


def label_rows(rows: Any) -> None:
    """Each row's choice labels, looked up once per value rather than per row and column
    (``get_FOO_display`` hashes the choices on every call: a 50-row page felt it)."""
    labels = {
        "scale": {k: str(v) for k, v in Scale.choices},
        "srdi_level": {k: str(v) for k, v in SrdiLevel.choices},
        "listing_stage": {k: str(v) for k, v in ListingStage.choices},
    }
    for row in rows:
        row.scale_label = labels["scale"].get(row.scale, row.scale)
        row.srdi_label = labels["srdi_level"].get(row.srdi_level, "") if row.srdi_level else ""
        row.listing_label = (
            labels["listing_stage"].get(row.listing_stage, "") if row.listing_stage else ""
        )


def enterprise_for(user: User | AnonymousUser, pk: Any) -> Enterprise:
    """One enterprise, with what its page shows beside it; 404 when ``user`` may not see it
    (or ``pk`` is no id at all)."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("未找到该企业，或不在您的管辖范围内。")) from None
    found = (
        enterprises_visible_to(user)
        .select_related(*LIST_RELATED, "paired_leader", "paired_unit")
        .filter(pk=key)
        .first()
    )
    if found is None:
        raise Http404(_("未找到该企业，或不在您的管辖范围内。"))
    return found


def shows_region_column(user: User | AnonymousUser) -> bool:
    """City and province users see many counties' enterprises: the list names each one's."""
    acting = acting_of(user)
    return acting is not None and acting.region.level != RegionLevel.COUNTY


def is_enterprise_user(user: User | AnonymousUser) -> bool:
    acting = acting_of(user)
    return acting is not None and acting.role == Role.ENTERPRISE


def own_enterprise_id(user: User | AnonymousUser) -> int | None:
    """The enterprise an enterprise user signs in for (it lands on that page)."""
    if not is_enterprise_user(user):
        return None
    return enterprises_visible_to(user).values_list("pk", flat=True).first()


def township_choices(user: User | AnonymousUser) -> list[tuple[int, str]]:
    """The townships and the development zone of the user's region, for the filter."""
    from gongye.enterprises.services.register import LOCATION_KINDS
    from gongye.orgs.models import Unit

    acting = acting_of(user)
    if acting is None:
        return []
    units = Unit.objects.filter(
        region__path__startswith=acting.region.path, kind__in=LOCATION_KINDS, is_active=True
    ).select_related("region")
    many = acting.region.level != RegionLevel.COUNTY
    return [
        (u.pk, f"{u.region.name} · {u.name}" if many else u.name)
        for u in units.order_by("region__code", "sort_order", "name")
    ]


def chain_choices(user: User | AnonymousUser) -> list[IndustryChain]:
    return list(IndustryChain.objects.in_scope(user).select_related("region"))


# ---------------------------------------------------------------- aggregates


@dataclass(frozen=True)
class Aggregates:
    """The region's register in counts and sums (the leaders' view of the rest, 汇总)."""

    total: int
    by_scale: list[tuple[str, int]]
    by_chain: list[tuple[str, int]]
    by_township: list[tuple[str, int]]
    year: int | None = None
    month: int | None = None
    reporting: int = 0
    sums: dict[str, str] = field(default_factory=dict)  # as the office writes them


SUMMED = ("output_value", "revenue", "tax", "profit", "rd_expense", "employees")


def aggregates_for(user: User | AnonymousUser, *, breakdown: bool = True) -> Aggregates | None:
    """Counts by scale (and, with ``breakdown``, by chain and township) and the sums of the
    latest month over the whole region (active enterprises), for whom ``can_see_aggregates``
    allows; None for the rest. The 工作台 asks without the breakdown: two fewer passes over
    the register on every visit to the home page."""
    if not can_see_aggregates(user):
        return None
    acting = acting_of(user)
    assert acting is not None
    active = narrowed(Enterprise.objects.within(acting.region.path), user).filter(is_active=True)
    scale_labels = dict(Scale.choices)
    by_scale = [
        (str(scale_labels.get(row["scale"], row["scale"])), row["n"])
        for row in active.values("scale").annotate(n=Count("id")).order_by("scale")
    ]
    by_chain: list[tuple[str, int]] = []
    by_township: list[tuple[str, int]] = []
    if breakdown:
        by_chain = [
            (row["chain__name"] or _("未归入产业链"), row["n"])
            for row in active.values("chain__name").annotate(n=Count("id")).order_by("-n")
        ]
        by_township = [
            (row["township__name"] or _("未填乡镇"), row["n"])
            for row in active.values("township__name").annotate(n=Count("id")).order_by("-n")
        ]
    total = sum(n for _label, n in by_scale)
    figures = narrowed(MonthlyFigure.objects.within(acting.region.path), user)
    latest = figures.order_by("-year", "-month").values("year", "month").first()
    if latest is None:
        return Aggregates(total, by_scale, by_chain, by_township)
    month_rows = figures.filter(year=latest["year"], month=latest["month"])
    sums = month_rows.aggregate(n=Count("id"), **{name: Sum(name) for name in SUMMED})
    reporting = sums.pop("n")
    return Aggregates(
        total,
        by_scale,
        by_chain,
        by_township,
        year=latest["year"],
        month=latest["month"],
        reporting=reporting,
        sums={name: number(value) for name, value in sums.items()},
    )


# ---------------------------------------------------------------- the leaders' 工作台


@dataclass(frozen=True)
class PairedRow:
    enterprise: Enterprise
    latest: MonthlyFigure | None
    libraries: int
    open_appeals: int


@dataclass(frozen=True)
class HomeEnterprises:
    """The 工作台 panel: a leader's paired enterprises (一对一联系) with their latest figures,
    library entries and open appeals; for the plan office and the bureau the counts."""

    kind: str  # "paired" or "counts"
    rows: list[PairedRow] = field(default_factory=list)
    paired_total: int = 0
    aggregates: Aggregates | None = None


HOME_LIMIT = 20


def latest_figures(enterprise_ids: list[int]) -> dict[int, MonthlyFigure]:
    """Each enterprise's latest month (one query; a panel's few enterprises)."""
    if not enterprise_ids:
        return {}
    latest: dict[int, MonthlyFigure] = {}
    rows = MonthlyFigure.objects.filter(enterprise_id__in=enterprise_ids)
    for row in rows.order_by("enterprise_id", "-year", "-month"):
        latest.setdefault(row.enterprise_id, row)
    return latest


def home_enterprises_for(user: User | AnonymousUser) -> HomeEnterprises | None:
    acting = acting_of(user)
    if acting is None:
        return None
    if acting.role == Role.LEADER:
        paired = enterprises_visible_to(user).select_related("township").order_by("name", "id")
        total = paired.count()
        if total == 0:
            return None
        enterprises = list(paired[:HOME_LIMIT])
        ids = [e.pk for e in enterprises]
        latest = latest_figures(ids)
        libraries = library_selectors.active_library_counts(user, ids)
        appeals = appeal_selectors.open_appeal_counts(user, ids)
        rows = [
            PairedRow(
                enterprise=e,
                latest=latest.get(e.pk),
                libraries=libraries.get(e.pk, 0),
                open_appeals=appeals.get(e.pk, 0),
            )
            for e in enterprises
        ]
        return HomeEnterprises(kind="paired", rows=rows, paired_total=total)
    if acting.role in {Role.PLAN_OFFICE, Role.STATISTICS}:
        return HomeEnterprises(kind="counts", aggregates=aggregates_for(user, breakdown=False))
    return None


LEVEL_LABELS = {
    "srdi": dict(SrdiLevel.choices),
    "listing": dict(ListingStage.choices),
}


def figures_for(enterprise: Enterprise, *, year: int | None = None) -> list[MonthlyFigure]:
    """An enterprise's monthly figures (the one it came from was read through
    ``enterprise_for``, so it is visible), by year and month."""
    rows = MonthlyFigure.objects.filter(enterprise=enterprise)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("year", "month"))


@dataclass(frozen=True)
class CockpitEnterprises:
    """The cockpit's part of the register (issue 12 item 5): a leader's paired enterprises
    (as on the 工作台) and the county's register summed up, for whoever may see the sums."""

    paired: HomeEnterprises | None
    aggregates: Aggregates | None


def cockpit_enterprises_for(user: User | AnonymousUser, plan: Plan) -> CockpitEnterprises | None:
    """Only on the cockpit of the person's own county (a city's leader looking at one county's
    plan sees that county's cockpit, not the city's register); None when nothing is there."""
    acting = acting_of(user)
    if acting is None or acting.region_id != plan.region_id:
        return None
    paired = home_enterprises_for(user) if acting.role == Role.LEADER else None
    aggregates = aggregates_for(user)
    if paired is None and (aggregates is None or not aggregates.total):
        return None
    return CockpitEnterprises(paired=paired, aggregates=aggregates)
