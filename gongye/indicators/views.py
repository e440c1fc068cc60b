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
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.permissions import require_role_in
from gongye.core.scope import acting_of
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.indicators.comparison import (
    Comparison,
    change_text,
    compare_counties,
    compare_indicator,
    indicator_key,
    report_month,
)
from gongye.indicators.models import TargetOwner
from gongye.indicators.selectors import (
    SeriesPoint,
    TargetStatus,
    target_series,
    target_status_list,
)
from gongye.orgs.choices import RegionLevel
from gongye.orgs.models import Region
from gongye.plans.models import Plan, Target
from gongye.supervision.bulletin import bulletin_data, percent_text
from gongye.supervision.selectors import task_list_for

READERS = {"plan_office", "leader", "statistics", "liaison", "unit_head"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADLINE_COUNT = 3
RED_LIMIT = 10
BADGES = {"on_track": "success", "near": "warning", "behind": "danger"}


# --------------------------------------------------------------------------- scope


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def _pick_plan(request: HttpRequest) -> tuple[Plan, list[Region], list[int]]:
    """The plan a page is of: the county asked for (?region=, among the counties with a plan
    under the acting region), else the acting region, else the first such county; the year
    asked for (?year=), else the county's latest plan. Not a reader → 403; out of scope or no
    plan → 404."""
    require_role_in(request.user, READERS, "查看指标").require()
    acting = acting_of(request.user)
    plans = list(
        Plan.objects.filter(region__path__startswith=acting.region.path)
        .select_related("region")
        .order_by("region__path", "-year")
    )
    regions: dict[str, Region] = {}
    for plan in plans:
        regions.setdefault(plan.region.code, plan.region)
    code = request.GET.get("region", "")
    if code:
        region = regions.get(code)
    elif acting.region.code in regions:
        region = regions[acting.region.code]
    else:
        region = next(iter(regions.values()), None)
    if region is None:
        raise Http404("该区划不在您的范围内，或尚无工作计划。")
    years = [p.year for p in plans if p.region_id == region.pk]
    year = _int(request.GET.get("year"), 2000, 2100) or years[0]
    plan = next((p for p in plans if p.region_id == region.pk and p.year == year), None)
    if plan is None:
        raise Http404("该年度没有工作计划。")
    return plan, list(regions.values()), years


def _is_upper(user: Any) -> bool:
    acting = acting_of(user)
    return acting is not None and acting.region.level != RegionLevel.COUNTY


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pct(value: Decimal | Fraction | None) -> str:
    if value is None:
        return "—"
    return percent_text(Fraction(value))


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
        t, obs, a = s.target, s.observation, s.assessment
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
                expected=_num(a.expected) if a else "—",
                ratio=a.ratio if a else None,
                ratio_text=_pct(a.ratio) if a else "—",
                status=str(a.status) if a else "",
                status_label=a.status.label if a else "暂无数据",
                rule_text=a.rule_text if a else "尚无已审核的数据。",
                owner=owners.get(t.pk, ""),
                is_demo=bool(obs and obs.is_demo),
            )
        )
    return rows


def _picker(plan: Plan, regions: list[Region], years: list[int]) -> dict[str, Any]:
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
    rows = _rows(target_status_list(plan, as_of=timezone.localdate()), _owners(plan))
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
        obs, a = p.observation, p.assessment
        points.append(
            {
                "month": obs.month,
                "actual": _num(obs.value),
                "expected": _num(a.expected) if a else "—",
                "ratio": _pct(a.ratio) if a else "—",
                "status": a.status.label if a else "",
                "badge": BADGES.get(str(a.status) if a else "", "secondary"),
                "rule_text": a.rule_text if a else "",
                "is_demo": obs.is_demo,
            }
        )
    return points


def _line(target: Target, points: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": target.pk,
        "title": target.name,
        "unit": target.unit,
        "months": [f"{p['month']}月" for p in points],
        "actual": [p["actual"] for p in points],
        "expected": [None if p["expected"] == "—" else p["expected"] for p in points],
    }


@login_required
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_role_in(request.user, READERS, "查看指标").require()
    acting = acting_of(request.user)
    target = get_object_or_404(
        Target.objects.select_related("plan__region"),
        pk=pk,
        plan__region__path__startswith=acting.region.path,
    )
    today = timezone.localdate()
    series = target_series(target.plan, as_of=today, targets=[target]).get(target.pk, [])
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
            "latest": points[-1] if points else None,
            "chart": _line(target, points),
            "demo": any(p["is_demo"] for p in points),
        },
    )


# --------------------------------------------------------------------------- cockpit


def _indicator_table(
    request: HttpRequest, plan: Plan, comparison: Comparison
) -> tuple[str, list[dict[str, Any]]]:
    """The indicator asked for (?indicator=), else the first headline one the counties share;
    its rows as the page, the chart and the exports show them."""
    keys = [key for key, _name in comparison.indicators]
    if not keys:
        return "", []
    asked = request.GET.get("indicator", "")
    if asked not in keys:
        own = [indicator_key(s.target.name) for s in comparison.statuses.get(plan.pk, [])]
        headline = [
            indicator_key(s.target.name)
            for s in comparison.statuses.get(plan.pk, [])
            if not s.target.chapter
        ]
        asked = next((k for k in headline + own if k in keys), keys[0])
    rows = []
    for r in compare_indicator(comparison, asked):
        a = r.status.assessment
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
                "ratio_text": _pct(a.ratio) if a else "—",
                "status": str(a.status) if a else "",
                "status_label": a.status.label if a else "暂无数据",
                "rule_text": a.rule_text if a else "尚无已审核的数据。",
                "badge": BADGES.get(str(a.status) if a else "", "secondary"),
            }
        )
    return asked, rows


def _cockpit(request: HttpRequest) -> dict[str, Any]:
    plan, regions, years = _pick_plan(request)
    today = timezone.localdate()
    upper = _is_upper(request.user)
    month = report_month(plan.year, today)
    comparison = None
    if upper:
        comparison = compare_counties(acting_of(request.user).region, plan.year, today=today)
    statuses = (
        comparison.statuses.get(plan.pk)
        if comparison and plan.pk in comparison.statuses
        else target_status_list(plan, as_of=today)
    )
    rows = _rows(statuses, _owners(plan))
    series = target_series(plan, as_of=today, targets=[s.target for s in statuses])
    lines = [
        {"row": r, "points": _points(series.get(s.target.pk, []))}
        for r, s in zip(rows, statuses, strict=True)
    ]
    headline = [r for r in rows if not r.chapter] or rows[:HEADLINE_COUNT]
    bulletin = bulletin_data(plan.region, plan.year, month, today=today)
    tasks = task_list_for(request.user, today=today).filter(plan=plan)
    red = list(task_list_for(request.user, today=today, colour="red").filter(plan=plan)[:RED_LIMIT])
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
        "lines": [_line(s.target, line["points"]) for s, line in zip(statuses, lines, strict=True)],
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
        "headline": headline,
        "counts": counts,
        "bulletin": bulletin,
        "month": month,
        "red": red,
        "deadlines": deadlines,
        "counties": counties,
        "comparison_month": comparison.month if comparison else month,
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


TARGET_HEADERS = [
    "序号",
    "指标",
    "目标值",
    "最新数据",
    "月份",
    "序时要求",
    "完成序时比",
    "状态",
    "责任单位",
    "说明",
]
UNIT_HEADERS = ["排名", "牵头单位", "应完成", "已完成", "按时完成", "按时完成率"]


def cockpit_export(*, actor: Any, ctx: dict[str, Any]) -> bytes:
    """The cockpit's target status table and unit on-time rates as .xlsx, with an audit entry
    of who took which plan's figures (the same transaction as nothing else: an export changes
    no row, but every download is recorded)."""
    plan: Plan = ctx["plan"]
    rows: list[TargetRow] = ctx["rows"]
    demo = "（含演示数据）" if ctx["demo"] else ""
    targets = Sheet(
        title=f"{plan.region.name}{plan.year}年目标完成情况{demo}",
        headers=TARGET_HEADERS,
        rows=[
            [
                r.seq,
                r.name,
                r.goal,
                r.latest,
                f"{r.month}月" if r.month else "—",
                r.expected,
                r.ratio_text,
                r.status_label,
                r.owner,
                r.rule_text,
            ]
            for r in rows
        ],
        widths=[6, 30, 14, 12, 8, 12, 12, 10, 16, 60],
        note=f"制表日期：{ctx['today'].isoformat()}",
        name="目标",
        wide={1, 9},
    )
    bulletin = ctx["bulletin"]
    units = Sheet(
        title=f"{plan.region.name}{plan.year}年{ctx['month']}月各单位按时完成率",
        headers=UNIT_HEADERS,
        rows=[[u.rank, u.name, u.due, u.done, u.on_time, u.on_time_text] for u in bulletin.units],
        widths=[6, 24, 10, 10, 10, 12],
        note=f"截至{bulletin.as_of_text}",
        name="单位",
        wide={1},
    )
    content = xlsx_bytes([targets, units])
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target=plan,
            after={
                "view": "cockpit",
                "targets": len(rows),
                "units": len(bulletin.units),
                "bytes": len(content),
            },
        )
    return content


@login_required
def cockpit_xlsx(request: HttpRequest) -> HttpResponse:
    ctx = _cockpit(request)
    content = cockpit_export(actor=request.user, ctx=ctx)
    plan = ctx["plan"]
    response = HttpResponse(content, content_type=XLSX)
    name = f"{plan.region.name}{plan.year}年驾驶舱.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=cockpit-{plan.region.code}-{plan.year}.xlsx; "
        f"filename*=UTF-8''{quote(name)}"
    )
    return response
