"""Pages of the plan's targets (issue 5): the target list, one target's line against its pace,
the leaders' cockpit (驾驶舱) and its spreadsheet.

Every page reads through selectors (``target_status_list``, ``task_list_for``,
``bulletin_data``) and renders; the charts read the same rows the tables under them show
(passed once as ``json_script``), so a chart never says what its table does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.http import DOCX, XLSX, attachment
from gongye.core.numbers import plain
from gongye.core.permissions import require_role_in
from gongye.core.scope import acting_of
from gongye.dispatch.board import default_month
from gongye.dispatch.bulletin import bulletin_data, percent_text
from gongye.indicators.comparison import (
    Comparison,
    change_text,
    chosen_indicator,
    compare_counties,
    compare_indicator,
)
from gongye.indicators.exports import cockpit_docx_export, cockpit_xlsx_export
from gongye.indicators.models import TargetOwner
from gongye.indicators.pace import Assessment
from gongye.indicators.selectors import (
    SeriesPoint,
    TargetStatus,
    target_lines,
    target_part_status,
    target_series,
    target_status_list,
)
from gongye.orgs.choices import RegionLevel
from gongye.plans.models import Plan, Target
from gongye.supervision.selectors import task_list_for

READERS = {"plan_office", "leader", "statistics", "liaison", "unit_head"}
HEADLINE_COUNT = 3
RED_LIMIT = 10
BADGES = {"on_track": "success", "near": "warning", "behind": "danger"}


# --------------------------------------------------------------------------- scope


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


@dataclass(frozen=True)
class RegionChoice:
    """A county in the page's picker: what the picker shows, without loading the region."""

    pk: int
    code: str
    name: str


def _pick_plan(request: HttpRequest) -> tuple[Plan, list[RegionChoice], list[int]]:
    """The plan a page is of: the county asked for (?region=, among the counties with a plan
    under the acting region), else the acting region, else the first such county; the year
    asked for (?year=), else the county's latest plan. Not a reader → 403; out of scope or no
    plan → 404. Two queries however many plans the region holds."""
    require_role_in(request.user, READERS, "查看指标").require()
    acting = acting_of(request.user)
    found = (
        Plan.objects.filter(region__path__startswith=acting.region.path)
        .order_by("region__path", "-year")
        .values_list("pk", "year", "region_id", "region__code", "region__name")
    )
    regions: dict[str, RegionChoice] = {}
    years_of: dict[str, list[tuple[int, int]]] = {}
    for pk, year, region_id, code, name in found:
        regions.setdefault(code, RegionChoice(region_id, code, name))
        years_of.setdefault(code, []).append((year, pk))
    code = request.GET.get("region", "")
    if not code:
        code = acting.region.code if acting.region.code in regions else next(iter(regions), "")
    if code not in regions:
        raise Http404("该区划不在您的范围内，或尚无工作计划。")
    years = [year for year, _pk in years_of[code]]
    year = _int(request.GET.get("year"), 2000, 2100) or years[0]
    pk = dict(years_of[code]).get(year)
    if pk is None:
        raise Http404("该年度没有工作计划。")
    return Plan.objects.select_related("region").get(pk=pk), list(regions.values()), years


def _is_upper(user: Any) -> bool:
    acting = acting_of(user)
    return acting is not None and acting.region.level != RegionLevel.COUNTY


def _num(value: Decimal | None) -> str:
    """To two places as the office writes them (12.35, 200), "—" for nothing."""
    return "—" if value is None else plain(value.quantize(Decimal("0.01")))


def _pct(value: Decimal | Fraction | None) -> str:
    if value is None:
        return "—"
    return percent_text(Fraction(value))


def _judged(
    a: Assessment | None, *, none_label: str = "暂无数据", none_rule: str | None = None
) -> dict[str, Any]:
    """The words of one judged figure, the same on every table, chart and export: expected
    value, ratio to pace, status and the rule behind it; for no judgement, ``none_label``."""
    return {
        "expected": _num(a.expected) if a else "—",
        "ratio": a.ratio if a else None,
        "ratio_text": _pct(a.ratio) if a else "—",
        "status": str(a.status) if a else "",
        "status_label": a.status.label if a else none_label,
        "badge": BADGES.get(str(a.status) if a else "", "secondary"),
        "rule_text": a.rule_text
        if a
        else (_("尚无已审核的数据。") if none_rule is None else none_rule),
    }


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class TargetRow:
    """One target on a page, a chart and a spreadsheet: the same words everywhere."""

    id: int
    seq: int
    name: str
    chapter: str
    goal: str
    unit: str
    latest: str
    month: int | None
    expected: str
    ratio: Decimal | None
    ratio_text: str
    status: str
    status_label: str
    rule_text: str
    owner: str
    is_demo: bool

    @property
    def badge(self) -> str:
        return BADGES.get(self.status, "secondary")


def _owners(plan: Plan) -> dict[int, str]:
    return dict(
        TargetOwner.objects.filter(target__plan=plan).values_list("target_id", "unit__name")
    )


def _rows(statuses: list[TargetStatus], owners: dict[int, str]) -> list[TargetRow]:
    rows = []
    for s in statuses:
        t, obs = s.target, s.observation
        judged = _judged(s.assessment)
        del judged["badge"]  # a property of the row
        rows.append(
            TargetRow(
                id=t.pk,
                seq=t.seq,
                name=t.name,
                chapter=t.chapter,
                goal=f"{_num(t.value)}{t.unit}",
                unit=t.unit,
                latest=_num(obs.value) if obs else "—",
                month=obs.month if obs else None,
                owner=owners.get(t.pk, ""),
                is_demo=bool(obs and obs.is_demo),
                **judged,
            )
        )
    return rows


def _picker(plan: Plan, regions: list[RegionChoice], years: list[int]) -> dict[str, Any]:
    return {
        "plan": plan,
        "regions": regions,
        "years": years,
        "query": urlencode({"region": plan.region.code, "year": plan.year}),
    }


# --------------------------------------------------------------------------- target list


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    plan, regions, years = _pick_plan(request)
    rows = _rows(target_status_list(plan), _owners(plan))
    return render(
        request,
        "indicators/target_list.html",
        {**_picker(plan, regions, years), "rows": rows, "demo": any(r.is_demo for r in rows)},
    )


# --------------------------------------------------------------------------- target detail


def _points(series: list[SeriesPoint]) -> list[dict[str, Any]]:
    """A target's monthly line as rows of a table (and the chart drawn from them)."""
    points = []
    for p in series:
        # a figure that cannot be judged (a month not yet over) shows no status
        judged = _judged(p.assessment, none_label="", none_rule="")
        points.append(
            {
                "month": p.observation.month,
                "actual": _num(p.observation.value),
                "is_demo": p.observation.is_demo,
                **judged,
                "status": judged["status_label"],  # a point's status is read as its label
            }
        )
    return points


def _line(
    target: Target, points: list[dict[str, Any]], row: TargetRow | None = None
) -> dict[str, Any]:
    """A target's line for the chart; with its row, also what the table under it shows when
    another target is chosen (the script writes the table from this)."""
    line = {
        "id": target.pk,
        "title": target.name,
        "unit": target.unit,
        "months": [_("%(month)s月") % {"month": p["month"]} for p in points],
        "actual": [p["actual"] for p in points],
        "expected": [None if p["expected"] == "—" else p["expected"] for p in points],
    }
    if row is not None:
        line.update(
            caption=f"{row.seq}. {row.name}",
            goal=row.goal,
            month_numbers=[p["month"] for p in points],
            expected_text=[p["expected"] for p in points],
            status=[p["status_label"] for p in points],
            badge=[p["badge"] for p in points],
            rule=[p["rule_text"] for p in points],
        )
    return line


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role_in(request.user, READERS, "查看指标").require()
    acting = acting_of(request.user)
    target = get_object_or_404(
        Target.objects.select_related("plan__region"),
        pk=pk,
        plan__region__path__startswith=acting.region.path,
    )
    series = target_series(target.plan, targets=[target]).get(target.pk, [])
    points = _points(series)
    return render(
        request,
        "indicators/target_detail.html",
        {
            "target": target,
            "plan": target.plan,
            "goal": f"{_num(target.value)}{target.unit}",
            "owner": TargetOwner.objects.filter(target=target)
            .values_list("unit__name", flat=True)
            .first(),
            "points": points,
            "parts": [
                {
                    "unit": part.unit_name,
                    "goal": f"{_num(part.goal)}{target.unit}",
                    "latest": _num(part.observation.value) if part.observation else "—",
                    "month": part.observation.month if part.observation else None,
                    **_judged(part.assessment),
                }
                for part in target_part_status(target)
            ],
            "latest": points[-1] if points else None,
            "chart": {
                **_line(target, points),
                "labels": {"actual": _("实际"), "pace": _("序时要求")},
            },
            "demo": any(p["is_demo"] for p in points),
        },
    )


# --------------------------------------------------------------------------- cockpit


def _indicator_table(
    request: HttpRequest, plan: Plan, comparison: Comparison
) -> tuple[str, list[dict[str, Any]]]:
    """The indicator asked for (?indicator=), else the first headline one the counties share;
    its rows as the page, the chart and the exports show them."""
    asked = chosen_indicator(comparison, plan.pk, request.GET.get("indicator", ""))
    if not asked:
        return "", []
    rows = []
    for r in compare_indicator(comparison, asked):
        a = r.status
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "goal": f"{_num(r.goal)}{r.unit}",
                "total": _num(r.total),
                "total_month": r.total_month,
                "rank_total": r.rank_total,
                "change_total": change_text(r.change_total),
                "speed": _num(r.speed),
                "speed_month": r.speed_month,
                "rank_speed": r.rank_speed,
                "change_speed": change_text(r.change_speed),
                **_judged(a),
            }
        )
    return asked, rows


def _cockpit(request: HttpRequest) -> dict[str, Any]:
    plan, regions, years = _pick_plan(request)
    today = timezone.localdate()
    upper = _is_upper(request.user)
    month = default_month(plan.year, today)
    comparison = None
    if upper:
        comparison = compare_counties(acting_of(request.user).region, plan.year, today=today)
    judged = target_lines(plan)
    statuses = [status for status, _line in judged]
    rows = _rows(statuses, _owners(plan))
    lines = [
        {"row": r, "points": _points(line)} for r, (_s, line) in zip(rows, judged, strict=True)
    ]
    line_index = _int(request.GET.get("line"), 0, max(len(lines) - 1, 0)) or 0
    headline = [r for r in rows if not r.chapter] or rows[:HEADLINE_COUNT]
    bulletin = bulletin_data(plan.region, plan.year, month, today=today)
    tasks = task_list_for(request.user, today=today).filter(plan=plan)
    red_tasks = task_list_for(request.user, today=today, colour="red").filter(plan=plan)
    red = list(red_tasks[:RED_LIMIT])
    red_total = len(red) if len(red) < RED_LIMIT else red_tasks.count()
    month_start = today.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    deadlines = list(
        tasks.filter(supervision__due__gte=month_start, supervision__due__lt=next_month)
    )
    counts = {
        key: sum(1 for r in rows if r.status == key) for key in ("on_track", "near", "behind")
    }
    counties = comparison.counties if comparison else []
    indicator, indicator_rows = (
        _indicator_table(request, plan, comparison) if comparison else ("", [])
    )
    charts = {
        # the script's words, in the page's language
        "labels": {
            "actual": _("实际"),
            "pace": _("序时要求"),
            "on_track": _("达标"),
            "near": _("接近"),
            "behind": _("落后"),
            "total": _("总量"),
            "speed": _("增速(%)"),
            "on_time": _("按时完成率"),
        },
        "gauges": [
            {
                "id": r.id,
                "name": r.name,
                "value": float(r.ratio * 100) if r.ratio is not None else None,
                "label": r.status_label,
                "status": r.status,
            }
            for r in headline
        ],
        "lines": [
            _line(s.target, line["points"], line["row"])
            for s, line in zip(statuses, lines, strict=True)
        ],
        "units": {
            "names": [u.name for u in bulletin.units],
            "on_time": [round(float(u.on_time_rate) * 100, 1) for u in bulletin.units],
        },
        "counties": {
            "names": [c.name for c in counties],
            "on_track": [c.on_track for c in counties],
            "near": [c.near for c in counties],
            "behind": [c.behind for c in counties],
        },
        "indicator": {
            "names": [r["name"] for r in indicator_rows],
            "total": [None if r["total"] == "—" else r["total"] for r in indicator_rows],
            "speed": [None if r["speed"] == "—" else r["speed"] for r in indicator_rows],
        },
    }
    return {
        **_picker(plan, regions, years),
        "today": today,
        "rows": rows,
        "lines": lines,
        "line_index": line_index,
        "selected_line": lines[line_index] if lines else None,
        "headline": headline,
        "counts": counts,
        "bulletin": bulletin,
        "month": month,
        "red": red,
        "red_total": red_total,
        "deadlines": deadlines,
        "counties": counties,
        "comparison_month": comparison.month if comparison else month,
        "comparison_key": comparison.version_key if comparison else "",
        "indicators": comparison.indicators if comparison else [],
        "indicator": indicator,
        "indicator_name": dict(comparison.indicators).get(indicator, "") if comparison else "",
        "indicator_rows": indicator_rows,
        "upper": upper,
        "charts": charts,
        "demo": any(r.is_demo for r in rows),
    }


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/cockpit.html", _cockpit(request))


def _download(content: bytes, content_type: str, plan: Plan, ext: str) -> HttpResponse:
    return attachment(
        content,
        f"{plan.region.name}{plan.year}年驾驶舱.{ext}",
        f"cockpit-{plan.region.code}-{plan.year}.{ext}",
        content_type,
    )


@login_required
def cockpit_xlsx(request: HttpRequest) -> HttpResponse:
    ctx = _cockpit(request)
    content = cockpit_xlsx_export(actor=request.user, ctx=ctx)
    return _download(content, XLSX, ctx["plan"], "xlsx")


@login_required
def cockpit_docx(request: HttpRequest) -> HttpResponse:
    ctx = _cockpit(request)
    content = cockpit_docx_export(actor=request.user, ctx=ctx)
    return _download(content, DOCX, ctx["plan"], "docx")
