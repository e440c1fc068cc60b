"""Counties side by side for city and province users (县区对比): ranked by total, speed and the
change of place (总量、速度、位次). Issue 5 item 5.

Two tables, both read in a fixed number of queries whatever the number of counties:

- **综合 (overall)**: each county's targets by status, its share on track and its key tasks'
  on-time rate (the bulletin's rule), ranked by share on track then on-time rate; the place is
  compared with the same ranking a month earlier (位次变化). Both are taken as of the latest
  month with figures (the bureau publishes a month in the middle of the next), so mid-November
  compares 1–10月 with 1–9月, as the bureau's own tables do.
- **分指标 (by indicator)**: one indicator that the counties' plans share (matched by name, as
  the city's comparison tables match them): each county's latest total (累计/期末/占比/位次
  figure) and year-on-year speed (同比增速), each ranked, each with its change of place since
  the month before, and its completion against pace.

Ranks are competition ranks (1, 2, 2, 4): counties with equal figures share a place. Which way
is better follows the target: more is better, except for ceilings (能耗…, upper bounds) and
positions (位次: 1 is first). A county without a figure has no place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from gongye.core.numbers import percent
from gongye.dispatch.board import default_month
from gongye.dispatch.bulletin import bulletin_totals
from gongye.indicators.choices import ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import MEASURES_FOR_KIND, RANK_CHANGE, UPPER_BOUND, Assessment, Measure
from gongye.indicators.selectors.figures import Brief, judge, latest_figure_month, target_briefs
from gongye.indicators.versions import CACHE_SECONDS, cache_key
from gongye.indicators.versions import data_version as plans_data_version
from gongye.orgs.choices import RegionLevel
from gongye.plans.models import Plan, Target

if TYPE_CHECKING:
    from gongye.orgs.models import Region

TOTAL_MEASURES = (Measure.CUMULATIVE, Measure.LEVEL, Measure.SHARE, Measure.RANK)
_NOT_WORD = re.compile(r"[\s\W_]+")


# --------------------------------------------------------------------------- pure ranking


def competition_ranks(
    values: dict[str, Any], *, higher_is_better: bool = True
) -> dict[str, int | None]:
    """Places by value (1, 2, 2, 4); a key whose value is None has no place."""
    present = [(k, v) for k, v in values.items() if v is not None]
    present.sort(key=lambda kv: kv[1], reverse=higher_is_better)
    ranks: dict[str, int | None] = {k: None for k in values}
    for i, (key, value) in enumerate(present):
        if i and present[i - 1][1] == value:
            ranks[key] = ranks[present[i - 1][0]]
        else:
            ranks[key] = i + 1
    return ranks


def rank_change(now: int | None, before: int | None) -> int | None:
    """Places gained since before (positive = moved up); None when either has no place."""
    if now is None or before is None:
        return None
    return before - now


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return gettext("持平")


def indicator_key(name: str) -> str:
    """Names match when they differ only in spaces and punctuation."""
    return _NOT_WORD.sub("", name)


# --------------------------------------------------------------------------- reads


def county_plans(region: Region, year: int) -> QuerySet[Plan]:
    return (
        Plan.objects.within(region.path)
        .filter(region__level=RegionLevel.COUNTY, year=year)
        .select_related("region")
        .order_by("region__path")
    )


# --------------------------------------------------------------------------- overall


@dataclass
class CountyRow:
    code: str
    name: str
    plan_id: int
    targets: int
    on_track: int
    near: int
    behind: int
    none: int
    share: Fraction | None
    on_time: Fraction | None
    share_before: Fraction | None = None
    on_time_before: Fraction | None = None
    rank: int | None = None
    rank_before: int | None = None
    rank_share: int | None = None
    rank_on_time: int | None = None

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def on_time_text(self) -> str:
        return percent(self.on_time)

    @property
    def change(self) -> int | None:
        return rank_change(self.rank, self.rank_before)

    @property
    def change_text(self) -> str:
        return change_text(self.change)


def _counts(briefs: list[Brief], *, before: bool) -> dict[str, int]:
    counts = {"on_track": 0, "near": 0, "behind": 0, "none": 0}
    for b in briefs:
        a = b.previous if before else b.status
        counts[str(a.status) if a else "none"] += 1
    return counts


def _overall_key(share: Fraction | None, on_time: Fraction | None) -> tuple | None:
    if share is None and on_time is None:
        return None
    return (share if share is not None else -1, on_time if on_time is not None else -1)


@dataclass
class Comparison:
    year: int
    month: int
    counties: list[CountyRow]
    # per plan (by id): its targets as (indicator key, target id, headline?), in seq order
    targets: dict[int, list[tuple[str, int, bool]]]
    plans: list[Plan]
    indicators: list[tuple[str, str]] = field(default_factory=list)
    version_key: str = ""


def data_version(region: Region, year: int) -> tuple:
    """What the comparison of ``region``'s counties for ``year`` is computed from, in brief
    (``versions.data_version`` of their plans): any write to it — a new plan, an approval, an
    import, a deleted figure, a closed task, a report — changes it. One query."""
    return plans_data_version(county_plans(region, year), year=year)


def compare_counties(region: Region, year: int, *, today: dt.date | None = None) -> Comparison:
    """Every county under ``region`` with a plan of ``year``, ranked (overall table).

    Judging every target of a hundred counties twice takes a few hundred milliseconds, so the
    result is cached under the region, the year, the day and ``data_version`` — a key that
    changes with any write to what it is computed from, so a cached comparison is never stale.
    Cost: four queries on a hit; four more, for any number of counties, on a miss."""
    today = today or timezone.localdate()
    key = cache_key("counties", region.pk, year, today.isoformat(), data_version(region, year))
    found = cache.get(key)
    if found is None:
        found = _compare_counties(region, year, today)
        found.version_key = key
        cache.set(key, found, CACHE_SECONDS)
    return found


def _compare_counties(region: Region, year: int, today: dt.date) -> Comparison:
    plans = list(county_plans(region, year))
    # compared as of the latest month with figures (the bureau publishes a month's figures in
    # the middle of the next), against the month before it: "1–10月 … 较1–9月上升2位"
    reported = default_month(year, today)
    month = latest_figure_month(plans, reported) or reported
    briefs = target_briefs(plans, month=month)
    months = (month, month - 1) if month > 1 else (month,)
    totals = bulletin_totals(plans, year=year, months=months, today=today)
    rows: list[CountyRow] = []
    for plan in plans:
        mine = briefs.get(plan.pk, [])
        now, then = _counts(mine, before=False), _counts(mine, before=True)
        n = len(mine)
        row = CountyRow(
            code=plan.region.code,
            name=plan.region.name,
            plan_id=plan.pk,
            targets=n,
            on_track=now["on_track"],
            near=now["near"],
            behind=now["behind"],
            none=now["none"],
            share=Fraction(now["on_track"], n) if n and now["none"] < n else None,
            on_time=totals[plan.pk][month].on_time,
        )
        if month > 1:
            row.share_before = Fraction(then["on_track"], n) if n and then["none"] < n else None
            row.on_time_before = totals[plan.pk][month - 1].on_time
        rows.append(row)
    by_code = {r.code: r for r in rows}
    places = competition_ranks({r.code: _overall_key(r.share, r.on_time) for r in rows})
    before = competition_ranks(
        {r.code: _overall_key(r.share_before, r.on_time_before) for r in rows}
    )
    share_places = competition_ranks({r.code: r.share for r in rows})
    on_time_places = competition_ranks({r.code: r.on_time for r in rows})
    for code, row in by_code.items():
        row.rank, row.rank_before = places[code], before[code] if month > 1 else None
        row.rank_share, row.rank_on_time = share_places[code], on_time_places[code]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.code))
    return Comparison(
        year=year,
        month=month,
        counties=rows,
        targets={
            plan_id: [(indicator_key(b.name), b.target_id, not b.chapter) for b in mine]
            for plan_id, mine in briefs.items()
        },
        plans=plans,
        indicators=shared_indicators(plans, briefs),
    )


def shared_indicators(plans: list[Plan], briefs: dict[int, list[Brief]]) -> list[tuple[str, str]]:
    """(key, name) of the indicators two or more of the plans share (one plan: all of its
    own), in the order of the first plan that has each."""
    seen: dict[str, tuple[str, set[int]]] = {}
    for plan in plans:
        for b in briefs.get(plan.pk, []):
            key = indicator_key(b.name)
            seen.setdefault(key, (b.name, set()))[1].add(plan.pk)
    least = 2 if len(plans) > 1 else 1
    return [(key, name) for key, (name, owners) in seen.items() if len(owners) >= least]


# --------------------------------------------------------------------------- by indicator


def chosen_indicator(comparison: Comparison, plan_id: int, asked: str = "") -> str:
    """The indicator to compare: ``asked`` when the counties share it, else the viewed plan's
    first headline target they share, else its first shared target, else the first shared;
    "" when they share none."""
    keys = [key for key, _name in comparison.indicators]
    if asked in keys or not keys:
        return asked if asked in keys else ""
    mine = comparison.targets.get(plan_id, [])
    headline = [k for k, _pk, is_headline in mine if is_headline]
    own = [k for k, _pk, _headline in mine]
    return next((k for k in headline + own if k in keys), keys[0])


@dataclass
class IndicatorRow:
    code: str
    name: str
    target_id: int
    goal: Decimal
    unit: str
    kind: str
    status: Assessment | None
    total: Decimal | None = None
    total_month: int | None = None
    total_before: Decimal | None = None
    speed: Decimal | None = None
    speed_month: int | None = None
    speed_before: Decimal | None = None
    rank_total: int | None = None
    rank_total_before: int | None = None
    rank_speed: int | None = None
    rank_speed_before: int | None = None

    @property
    def change_total(self) -> int | None:
        return rank_change(self.rank_total, self.rank_total_before)

    @property
    def change_speed(self) -> int | None:
        return rank_change(self.rank_speed, self.rank_speed_before)


def _of_measures(measures: frozenset[Measure]) -> Callable[[Observation], bool]:
    """Accepts the figures of one of ``measures`` (a filter for ``_latest``)."""
    return lambda o: o.measure in measures


def _latest(
    figures: list[Observation], accept: Callable[[Observation], bool], month: int
) -> Observation | None:
    """The newest figure of month ``month`` or before that ``accept`` takes (figures are in
    month order)."""
    found = None
    for obs in figures:
        if obs.month <= month and accept(obs):
            found = obs
    return found


def compare_indicator(comparison: Comparison, key: str) -> list[IndicatorRow]:
    """Each county's figures of the indicator ``key`` (see ``indicator_key``), ranked by total
    and by speed, with the change of place since the month before. One query, cached with
    the comparison it belongs to."""
    stored_as = cache_key("indicator", comparison.version_key, key)
    if comparison.version_key:
        found = cache.get(stored_as)
        if found is not None:
            return found
    rows = _compare_indicator(comparison, key)
    if comparison.version_key:
        cache.set(stored_as, rows, CACHE_SECONDS)
    return rows


def _compare_indicator(comparison: Comparison, key: str) -> list[IndicatorRow]:
    month = comparison.month
    plans: dict[int, Plan] = {}
    for plan in comparison.plans:
        for k, target_id, _headline in comparison.targets.get(plan.pk, []):
            if k == key:
                plans[target_id] = plan
                break
    chosen = {
        t.pk: (plans[t.pk], t)
        for t in Target.objects.filter(pk__in=list(plans)).only(
            "pk", "kind", "comparator", "value", "unit"
        )
    }
    figures: dict[int, list[Observation]] = {pk: [] for pk in chosen}
    for obs in Observation.objects.filter(
        target_id__in=list(chosen),
        status=ObservationStatus.APPROVED,
        part_unit=None,
        year=F("target__plan__year"),
        month__lte=month,
    ).order_by("month", "pk"):
        figures[obs.target_id].append(obs)

    def is_total(o: Observation) -> bool:
        return o.measure in TOTAL_MEASURES

    def is_speed(o: Observation) -> bool:
        return o.measure == Measure.GROWTH

    # from this indicator's own latest month: a quarterly figure is compared with the quarter
    # before it, not with a month that has no figure
    month = max((o.month for mine in figures.values() for o in mine), default=month)
    rows: list[IndicatorRow] = []
    for target_id, (plan, t) in sorted(chosen.items(), key=lambda kv: kv[1][0].region.path):
        mine = figures[target_id]
        judging = MEASURES_FOR_KIND.get(t.kind, frozenset())
        status = judge(
            t,
            _latest(mine, _of_measures(judging), comparison.month),
            checkpoints=plan.checkpoint_shares(),
        )
        row = IndicatorRow(
            plan.region.code, plan.region.name, target_id, t.value, t.unit, t.kind, status
        )
        if total := _latest(mine, is_total, month):
            row.total, row.total_month = total.value, total.month
        if speed := _latest(mine, is_speed, month):
            row.speed, row.speed_month = speed.value, speed.month
        if month > 1:
            before = _latest(mine, is_total, month - 1)
            row.total_before = before.value if before else None
            before = _latest(mine, is_speed, month - 1)
            row.speed_before = before.value if before else None
        rows.append(row)

    def better(row: IndicatorRow, *, speed: bool) -> bool:
        if row.kind == UPPER_BOUND:
            return False  # a ceiling: less is better
        return speed or row.kind != RANK_CHANGE  # a position: 1 is first

    higher_total = all(better(r, speed=False) for r in rows)
    higher_speed = all(better(r, speed=True) for r in rows)
    for attr, before_attr, higher in (
        ("total", "total_before", higher_total),
        ("speed", "speed_before", higher_speed),
    ):
        now = competition_ranks({r.code: getattr(r, attr) for r in rows}, higher_is_better=higher)
        then = competition_ranks(
            {r.code: getattr(r, before_attr) for r in rows}, higher_is_better=higher
        )
        for r in rows:
            setattr(r, f"rank_{attr}", now[r.code])
            setattr(r, f"rank_{attr}_before", then[r.code] if month > 1 else None)
    rows.sort(
        key=lambda r: (
            r.rank_total is None and r.rank_speed is None,
            r.rank_total or r.rank_speed or 0,
            r.code,
        )
    )
    return rows
