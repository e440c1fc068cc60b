"""The leaders' cockpit (驾驶舱) as one typed object: the page, its .xlsx and its .docx all read
``cockpit_page``, so no export says what the page does not.

A county's targets by status with their monthly lines, the key tasks' on-time rates by unit
(the bulletin's rule), the red and this month's tasks, and for a city or province user the
counties side by side (``comparison``). The charts read the same rows the tables show, passed
to the page's script once as JSON (``charts``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongye.core.scope import require_acting
from gongye.dispatch.board import default_month
from gongye.dispatch.bulletin import BulletinData, bulletin_data
from gongye.indicators.comparison import (
    Comparison,
    CountyRow,
    change_text,
    chosen_indicator,
    compare_counties,
    compare_indicator,
)
from gongye.indicators.selectors.figures import target_lines
from gongye.indicators.selectors.picker import is_upper
from gongye.indicators.selectors.words import (
    POINT_KINDS,
    Judged,
    LinePoint,
    TargetRow,
    figure_text,
    judged_words,
    line_chart,
    line_points,
    owners_of,
    target_rows,
)
from gongye.indicators.versions import CACHE_SECONDS, cache_key, data_version
from gongye.plans.models import Plan, Task
from gongye.supervision.selectors import task_list_for

if TYPE_CHECKING:
    from gongye.accounts.models import User

HEADLINE_COUNT = 3
RED_LIMIT = 10
STATUSES = ("on_track", "near", "behind")


@dataclass(frozen=True)
class CockpitLine:
    """A target's row with its monthly line (the table under the chart)."""

    row: TargetRow
    points: list[LinePoint]


@dataclass(frozen=True)
class CountyFigureRow(Judged):
    """One county's figure for the indicator compared (总量、速度、位次)."""

    code: str
    name: str
    goal: str
    total: str
    total_month: int | None
    rank_total: int | None
    change_total: str
    speed: str
    speed_month: int | None
    rank_speed: int | None
    change_speed: str


@dataclass(frozen=True)
class CockpitPage:
    """Everything the cockpit page, its spreadsheet and its Word report show."""

    plan: Plan
    today: dt.date
    month: int  # the month the bulletin reports on
    rows: list[TargetRow]
    headline: list[TargetRow]
    counts: Mapping[str, int]  # targets by status
    lines: list[CockpitLine]
    line_index: int
    bulletin: BulletinData
    red: list[Task]
    red_total: int
    deadlines: list[Task]
    upper: bool  # a city or province user: the counties side by side
    counties: list[CountyRow]
    comparison_month: int
    comparison_key: str  # the comparison's data version, keying the page's fragment cache
    plan_key: str  # the plan part's version (``PlanPart.version``), keying the same
    indicators: list[tuple[str, str]]  # (key, name) the counties' plans share
    indicator: str
    indicator_name: str
    indicator_rows: list[CountyFigureRow]
    charts: Mapping[str, Any]  # the JSON the page's script draws from
    demo: bool

    @property
    def selected_line(self) -> CockpitLine | None:
        return self.lines[self.line_index] if self.lines else None


def county_figure_rows(comparison: Comparison, key: str) -> list[CountyFigureRow]:
    return [
        CountyFigureRow(
            code=r.code,
            name=r.name,
            goal=f"{figure_text(r.goal)}{r.unit}",
            total=figure_text(r.total),
            total_month=r.total_month,
            rank_total=r.rank_total,
            change_total=change_text(r.change_total),
            speed=figure_text(r.speed),
            speed_month=r.speed_month,
            rank_speed=r.rank_speed,
            change_speed=change_text(r.change_speed),
            **judged_words(r.status, kind=r.kind),
        )
        for r in compare_indicator(comparison, key)
    ]


def _number_or_none(text: str) -> str | None:
    return None if text == "—" else text


@dataclass(frozen=True)
class PlanPart:
    """What the cockpit shows of the plan itself, the same for everyone who may see it:
    computed once per data version of the plan, the day and the language (``plan_part``)."""

    version: str  # keys the page's fragment cache too
    rows: list[TargetRow]
    headline: list[TargetRow]
    lines: list[CockpitLine]
    bulletin: BulletinData
    charts: Mapping[str, Any]  # the charts of the targets and the units


def _gauge(r: TargetRow) -> dict[str, Any]:
    """A headline target's gauge shows what its status is judged on: the share of pace reached
    (a total, a count) or, for a growth rate or a share, the figure itself against its goal —
    so the colour and the number a leader reads always agree."""
    gauge: dict[str, Any] = {
        "id": r.id,
        "name": r.name,
        "label": r.status_label,
        "status": r.status,
        "text": r.judged_text,
    }
    if r.kind in POINT_KINDS:
        actual = None if r.latest == "—" else float(r.latest)
        goal = None if r.expected == "—" else float(r.expected)
        return {**gauge, "mode": "points", "value": actual, "goal": goal}
    value = float(r.ratio * 100) if r.ratio is not None else None
    return {**gauge, "mode": "ratio", "value": value, "goal": 100.0}


def chart_labels() -> dict[str, str]:
    """The script's words, in the page's language."""
    return {
        "actual": _("实际"),
        "pace": _("序时要求"),
        "on_track": _("达标"),
        "near": _("接近"),
        "behind": _("落后"),
        "total": _("总量"),
        "speed": _("增速(%)"),
        "on_time": _("按时完成率"),
    }


def _plan_charts(
    headline: list[TargetRow], lines: list[CockpitLine], bulletin: BulletinData
) -> dict[str, Any]:
    return {
        "labels": chart_labels(),
        "gauges": [_gauge(r) for r in headline],
        "lines": [
            line_chart(ln.row.id, ln.row.name, ln.row.unit, ln.points, ln.row) for ln in lines
        ],
        "units": {
            "names": [u.name for u in bulletin.units],
            "on_time": [round(float(u.on_time_rate) * 100, 1) for u in bulletin.units],
        },
    }


def comparison_charts(
    counties: list[CountyRow], indicator_rows: list[CountyFigureRow]
) -> dict[str, Any]:
    return {
        "counties": {
            "names": [c.name for c in counties],
            "on_track": [c.on_track for c in counties],
            "near": [c.near for c in counties],
            "behind": [c.behind for c in counties],
        },
        "indicator": {
            "names": [r.name for r in indicator_rows],
            "total": [_number_or_none(r.total) for r in indicator_rows],
            "speed": [_number_or_none(r.speed) for r in indicator_rows],
        },
    }


def plan_part(plan: Plan, *, today: dt.date, month: int) -> PlanPart:
    """The plan's targets with their lines, the bulletin's unit rates and their charts, cached
    under the plan's data version (``versions.data_version``: any write to what they are
    computed from changes it), the day (pace moves with it), the month and the language.
    One query on a hit; about ten more on a miss."""
    version = cache_key(
        "cockpit",
        plan.pk,
        today.isoformat(),
        month,
        get_language(),
        data_version(Plan.objects.filter(pk=plan.pk), year=plan.year),
    )
    found = cache.get(version)
    if found is None:
        judged = target_lines(plan)
        rows = target_rows([status for status, _series in judged], owners_of(plan))
        lines = [
            CockpitLine(row, line_points(series, row.kind))
            for row, (_s, series) in zip(rows, judged, strict=True)
        ]
        headline = [r for r in rows if not r.chapter] or rows[:HEADLINE_COUNT]
        bulletin = bulletin_data(plan.region, plan.year, month, today=today)
        found = PlanPart(
            version=version,
            rows=rows,
            headline=headline,
            lines=lines,
            bulletin=bulletin,
            charts=_plan_charts(headline, lines, bulletin),
        )
        cache.set(version, found, CACHE_SECONDS)
    return found


def cockpit_page(
    user: User,
    *,
    plan: Plan,
    line: int | None = None,
    indicator: str = "",
    today: dt.date | None = None,
) -> CockpitPage:
    """The cockpit of ``plan`` (picked within the user's scope by ``plan_pick``) as ``user``
    sees it: ``line`` is the index of the target whose monthly table is shown (the first when
    out of range), ``indicator`` the key of the indicator the counties are compared by (the
    first headline one they share when empty or unknown). A fixed number of queries whatever
    the number of targets, months and counties."""
    today = today or timezone.localdate()
    month = default_month(plan.year, today)
    part = plan_part(plan, today=today, month=month)
    rows, lines, bulletin = part.rows, part.lines, part.bulletin
    line_index = line if line is not None and 0 <= line < len(lines) else 0
    tasks = task_list_for(user, today=today).filter(plan=plan)
    red_tasks = task_list_for(user, today=today, colour="red").filter(plan=plan)
    red = list(red_tasks[:RED_LIMIT])
    red_total = len(red) if len(red) < RED_LIMIT else red_tasks.count()
    month_start = today.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    deadlines = list(
        tasks.filter(supervision__due__gte=month_start, supervision__due__lt=next_month)
    )
    upper = is_upper(user)
    comparison = None
    if upper:
        comparison = compare_counties(require_acting(user).region, plan.year, today=today)
    counties = comparison.counties if comparison else []
    chosen = chosen_indicator(comparison, plan.pk, indicator) if comparison else ""
    indicator_rows = county_figure_rows(comparison, chosen) if comparison and chosen else []
    return CockpitPage(
        plan=plan,
        today=today,
        month=month,
        rows=rows,
        headline=part.headline,
        counts={key: sum(1 for r in rows if r.status == key) for key in STATUSES},
        lines=lines,
        line_index=line_index,
        bulletin=bulletin,
        red=red,
        red_total=red_total,
        deadlines=deadlines,
        upper=upper,
        counties=counties,
        comparison_month=comparison.month if comparison else month,
        comparison_key=comparison.version_key if comparison else "",
        indicators=comparison.indicators if comparison else [],
        indicator=chosen,
        indicator_name=dict(comparison.indicators).get(chosen, "") if comparison else "",
        indicator_rows=indicator_rows,
        charts={**part.charts, **comparison_charts(counties, indicator_rows)},
        plan_key=part.version,
        demo=any(r.is_demo for r in rows),
    )
