"""督办 views over many tasks: the month board by state, the month and quarter calendars, the
filtered list, the year timeline — each with its .xlsx — and the monthly dispatch bulletin.

Every page reads its tasks once through ``selectors.task_list_for`` (which scopes them: a
liaison or unit head sees its unit's duties only) and hands the list to ``board``'s pure
functions; the spreadsheet of a page is built from the very list the page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.dates import month_name, weekday_names
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.scope import acting_of, require_acting
from gongye.dispatch import board as b
from gongye.dispatch.bulletin import (
    CONTENT_TYPES,
    Totals,
    bulletin_data,
    bulletin_export,
    bulletin_totals,
    next_steps,
    overview_paragraphs,
)
from gongye.dispatch.permissions import can_read_bulletin, can_view_board
from gongye.orgs.choices import RegionLevel
from gongye.orgs.models import Region, Unit
from gongye.plans.choices import UnitRole
from gongye.plans.models import Plan, Task
from gongye.supervision.choices import Colour, TaskProgressState
from gongye.supervision.permissions import is_unit_scoped
from gongye.supervision.selectors import task_list_for

if TYPE_CHECKING:
    from gongye.accounts.models import User

# --------------------------------------------------------------------------- input


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


@dataclass
class Filters:
    """What a board page was asked for; unknown or malformed values fall back to defaults."""

    year: int
    years: list[int]
    month: int | None  # None: the whole year
    quarter: int
    unit_id: int | None = None
    role: str = ""
    colour: str = ""
    state: str = ""
    mode: str = "month"  # calendar: month or quarter

    def query(self, **override: Any) -> str:
        values = {
            "year": self.year,
            "month": self.month if self.month else "all",
            "quarter": self.quarter,
            "unit": self.unit_id or "",
            "role": self.role,
            "colour": self.colour,
            "state": self.state,
            "mode": self.mode,
        }
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def audit(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in {
                "year": self.year,
                "month": self.month,
                "quarter": self.quarter if self.mode == "quarter" else None,
                "unit": self.unit_id,
                "role": self.role,
                "colour": self.colour,
                "state": self.state,
            }.items()
            if v not in ("", None)
        }


def _plan_years(user: User) -> list[int]:
    return sorted(
        set(Plan.objects.in_scope(user).values_list("year", flat=True)),
        reverse=True,
    )


def _filters(request: AuthedRequest, today: dt.date) -> Filters:
    get = request.GET
    years = _plan_years(request.user)
    year = _int(get.get("year"), 2000, 2100) or b.default_year(years, today)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    month = None if get.get("month") == "all" else _int(get.get("month"), 1, 12)
    if month is None and get.get("month") != "all":
        month = b.default_month(year, today)
    quarter = _int(get.get("quarter"), 1, 4) or b.quarter_of(month or b.default_month(year, today))
    role = get.get("role", "")
    colour = get.get("colour", "")
    state = get.get("state", "")
    return Filters(
        year=year,
        years=years,
        month=month,
        quarter=quarter,
        unit_id=_int(get.get("unit"), 1, 2**31 - 1),
        role=role if role in UnitRole.values else "",
        colour=colour if colour in Colour.values else "",
        state=state if state in TaskProgressState.values else "",
        mode="quarter" if get.get("mode") == "quarter" else "month",
    )


def _scope_name(user: User) -> str:
    acting = acting_of(user)
    if acting is None:
        return ""
    if is_unit_scoped(user) and acting.unit is not None:
        return _("%(region)s%(unit)s") % {"region": acting.region.name, "unit": acting.unit.name}
    return acting.region.name


def _common(request: AuthedRequest, f: Filters, today: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "f": f,
        "today": today,
        "months": range(1, 13),
        "quarters": range(1, 5),
        "scope_name": _scope_name(request.user),
        "state_labels": b.STATE_LABELS,
        "colour_labels": b.COLOUR_LABELS,
        "unit_scoped": is_unit_scoped(request.user),
        **extra,
    }


def _acts_above_county(user: User) -> bool:
    acting = acting_of(user)
    return acting is not None and acting.region.level in (RegionLevel.CITY, RegionLevel.PROVINCE)


def _start(request: AuthedRequest) -> tuple[dt.date, Filters]:
    """Every board page: may this person see 督办 at all (else 403), today, the filters."""
    can_view_board(request.user).require()
    today = timezone.localdate()
    return today, _filters(request, today)


def _tasks(user: User, today: dt.date, **kwargs: Any) -> QuerySet[Task]:
    return task_list_for(user, today=today, **kwargs)


# --------------------------------------------------------------------------- exports


def board_export(*, actor: User, view: str, sheet: b.Sheet, filters: dict[str, Any]) -> bytes:
    """A board page's spreadsheet, with an audit entry of who took which view with which
    filters and how many rows."""
    content = b.xlsx_bytes([sheet])
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.EXPORT,
            target_type="supervision.board",
            target_id=view,
            target_repr=sheet.title,
            after={
                "view": view,
                "filters": filters,
                "rows": len(sheet.rows),
                "bytes": len(content),
            },
        )
    return content


def _xlsx(
    request: AuthedRequest, view: str, sheet: b.Sheet, f: Filters, today: dt.date
) -> HttpResponse:
    sheet.note = f"制表日期：{today.isoformat()}　{sheet.note}".strip()
    content = board_export(actor=request.user, view=view, sheet=sheet, filters=f.audit())
    region = require_acting(request.user).region  # the page's scope, named in its title
    return attachment(content, f"{sheet.title}.xlsx", f"{view}-{f.year}.xlsx", region=region)


# --------------------------------------------------------------------------- month board


def _board(request: AuthedRequest) -> dict[str, Any]:
    today, f = _start(request)
    tasks = list(_tasks(request.user, today, month=f.month).filter(plan__year=f.year))
    columns = b.board_columns(tasks)
    period = month_name(f.month) if f.month else _("全年")
    return _common(
        request,
        f,
        today,
        tasks=tasks,
        columns=columns,
        counts=b.colour_counts(tasks),
        title=_("%(scope)s%(year)s年%(period)s重点工作看板")
        % {"scope": _scope_name(request.user), "year": f.year, "period": period},
    )


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    return render(request, "dispatch/board.html", _board(request))


@login_required
@chinese_document
def board_xlsx(request: AuthedRequest) -> HttpResponse:
    ctx = _board(request)
    sheet = b.board_sheet(ctx["columns"])
    sheet.title, sheet.name = ctx["title"], "看板"
    return _xlsx(request, "board", sheet, ctx["f"], ctx["today"])


# --------------------------------------------------------------------------- calendar


def _calendar(request: AuthedRequest) -> dict[str, Any]:
    today, f = _start(request)
    if f.mode == "quarter":
        start, end = b.quarter_bounds(f.year, f.quarter)
        f.month = start.month  # switching to the month view opens the quarter's first month
        period = _("第%(quarter)s季度") % {"quarter": f.quarter}
    else:
        f.month = f.month or b.default_month(f.year, today)
        start, end = b.month_bounds(f.year, f.month)
        period = month_name(f.month)
    tasks = list(_tasks(request.user, today).filter(supervision__due__range=(start, end)))
    if f.mode == "quarter":
        grids = b.quarter_grids(f.year, f.quarter, tasks)
    else:
        grids = [b.month_grid(f.year, f.month, tasks)]
    shown = b.by_due(t for g in grids for t in g.tasks)
    return _common(
        request,
        f,
        today,
        grids=grids,
        tasks=shown,
        groups=b.due_groups(shown),
        counts=b.colour_counts(shown),
        weekdays=weekday_names(),
        title=_("%(scope)s%(year)s年%(period)s重点工作日历")
        % {"scope": _scope_name(request.user), "year": f.year, "period": period},
        prev=_step(f, -1),
        next=_step(f, 1),
    )


def _step(f: Filters, delta: int) -> str:
    """The query of the previous or next month (or quarter)."""
    if f.mode == "quarter":
        index = f.year * 4 + f.quarter - 1 + delta
        return f.query(year=index // 4, quarter=index % 4 + 1, month="")
    index = f.year * 12 + (f.month or 1) - 1 + delta
    return f.query(year=index // 12, month=index % 12 + 1, quarter="")


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    return render(request, "dispatch/calendar.html", _calendar(request))


@login_required
@chinese_document
def calendar_xlsx(request: AuthedRequest) -> HttpResponse:
    ctx = _calendar(request)
    sheet = b.task_table(ctx["tasks"])
    sheet.title, sheet.name = ctx["title"], "日历"
    return _xlsx(request, "calendar", sheet, ctx["f"], ctx["today"])


# --------------------------------------------------------------------------- list


def _list(request: AuthedRequest) -> dict[str, Any]:
    today, f = _start(request)
    if request.GET.get("month", "") == "":
        f.month = None  # the list opens on the whole year
    scoped = _tasks(request.user, today).filter(plan__year=f.year)
    units = list(
        Unit.objects.filter(task_duties__task__in=scoped.values("pk"))
        .distinct()
        .order_by("region__path", "sort_order", "name")
    )
    if f.unit_id and f.unit_id not in {u.pk for u in units}:
        f.unit_id = None
    tasks = list(
        task_list_for(
            request.user,
            today=today,
            month=f.month,
            unit_id=f.unit_id,
            role=f.role or None,
            colour=f.colour or None,
            state=f.state or None,
        ).filter(plan__year=f.year)
    )
    unit = next((u for u in units if u.pk == f.unit_id), None)
    role_ignored = bool(f.role) and unit is None and not _unit_scoped(request.user)
    parts = [month_name(f.month) if f.month else _("全年")]
    if unit:
        parts.append(unit.name)
    if f.role and not role_ignored:
        parts.append(str(b.ROLE_LABELS[f.role]))
    if f.colour:
        parts.append(_("%(colour)s灯") % {"colour": b.COLOUR_LABELS[f.colour]})
    if f.state:
        parts.append(str(b.STATE_LABELS[f.state]))
    return _common(
        request,
        f,
        today,
        tasks=tasks,
        units=units,
        unit=unit,
        role_ignored=role_ignored,
        colour_counts=b.colour_counts(tasks),
        state_counts=b.state_counts(tasks),
        lead_count=sum(1 for t in tasks if getattr(t, "my_duty", None) == UnitRole.LEAD),
        show_duty=_unit_scoped(request.user),
        # a city's or province's list names each task's county (县区), whatever it holds
        show_region=_acts_above_county(request.user) or len({t.plan.region_id for t in tasks}) > 1,
        filter_text="·".join(parts),
        title=_("%(scope)s%(year)s年重点工作清单")
        % {"scope": _scope_name(request.user), "year": f.year},
    )


def _unit_scoped(user: User) -> bool:
    return is_unit_scoped(user)


@login_required
def task_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "dispatch/list.html", _list(request))


@login_required
@chinese_document
def task_list_xlsx(request: AuthedRequest) -> HttpResponse:
    ctx = _list(request)
    sheet = b.task_table(ctx["tasks"])
    sheet.title, sheet.name = ctx["title"], "清单"
    sheet.note = f"筛选：{ctx['filter_text']}；共{len(ctx['tasks'])}项"
    return _xlsx(request, "list", sheet, ctx["f"], ctx["today"])


# --------------------------------------------------------------------------- timeline


def _timeline(request: AuthedRequest) -> dict[str, Any]:
    today, f = _start(request)
    f.month = None
    tasks = list(_tasks(request.user, today).filter(plan__year=f.year))
    rows = b.timeline_rows(tasks, f.year)
    return _common(
        request,
        f,
        today,
        rows=rows,
        tasks=[r.task for r in rows],
        counts=b.colour_counts(tasks),
        this_month=today.month if today.year == f.year else None,
        title=_("%(scope)s%(year)s年重点工作时间轴")
        % {"scope": _scope_name(request.user), "year": f.year},
    )


@login_required
def timeline(request: AuthedRequest) -> HttpResponse:
    return render(request, "dispatch/timeline.html", _timeline(request))


@login_required
@chinese_document
def timeline_xlsx(request: AuthedRequest) -> HttpResponse:
    ctx = _timeline(request)
    sheet = b.timeline_sheet(ctx["rows"])
    sheet.title, sheet.name = ctx["title"], "时间轴"
    sheet.note = "▬ 计划期间　到期：当前完成时限所在月　办结：验收办结所在月　→ 时限在次年"
    return _xlsx(request, "timeline", sheet, ctx["f"], ctx["today"])


# --------------------------------------------------------------------------- bulletin


def _bulletin(request: AuthedRequest) -> dict[str, Any]:
    """The region (a county plan) the bulletin is of: asked for by code, else the acting
    region, else the first county in scope with a plan. A region out of scope is a 404."""
    can_read_bulletin(request.user).require()
    today = timezone.localdate()
    acting = require_acting(request.user)
    plans = list(
        Plan.objects.within(acting.region.path)
        .select_related("region")
        .order_by("region__path", "-year")
    )
    regions: dict[str, Region] = {}
    for plan in plans:
        regions.setdefault(plan.region.code, plan.region)
    code = request.GET.get("region", "")
    counties: list[tuple[Region, Totals]] = []
    if code:
        region = regions.get(code)
        if region is None:
            raise Http404(_("该区划不在您的范围内，或尚无工作计划。"))
    elif acting.region.code not in regions and _acts_above_county(request.user):
        # a city or province without a bulletin of its own: its counties' month side by side,
        # each opening its own bulletin
        region = acting.region
    else:
        region = (
            acting.region
            if acting.region.code in regions
            else next(iter(regions.values()), acting.region)
        )
    city = region.pk == acting.region.pk and region.code not in regions
    years = sorted({p.year for p in plans if city or p.region_id == region.pk}, reverse=True)
    year = _int(request.GET.get("year"), 2000, 2100) or b.default_year(years, today)
    month = _int(request.GET.get("month"), 1, 12) or b.default_month(year, today)
    data = None
    if city:
        of_year = [p for p in plans if p.year == year and p.region.level == RegionLevel.COUNTY]
        totals = bulletin_totals(of_year, year=year, months=[month], today=today)
        counties = [(p.region, totals[p.pk][month]) for p in of_year]
    elif year in years:
        data = bulletin_data(region, year, month, today=today)
    query = urlencode({"region": region.code, "year": year, "month": month})
    return {
        "data": data,
        "region": region,
        "regions": list(regions.values()),
        "years": years or [year],
        "year": year,
        "month": month,
        "months": range(1, 13),
        "query": query,
        "today": today,
        "overview": overview_paragraphs(data) if data else [],
        "counties": counties,
        "above": _acts_above_county(request.user),
        "next_steps": next_steps(data) if data else [],
    }


@login_required
def bulletin(request: AuthedRequest) -> HttpResponse:
    return render(request, "dispatch/bulletin.html", _bulletin(request))


@login_required
@chinese_document
def bulletin_download(request: AuthedRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    ctx = _bulletin(request)
    data = ctx["data"]
    if data is None:
        raise Http404(_("该年度没有工作计划。"))
    content = bulletin_export(actor=request.user, data=data, fmt=fmt)
    return attachment(
        content,
        f"{data.title}.{fmt}",
        f"bulletin-{data.year}-{data.month:02d}.{fmt}",
        CONTENT_TYPES[fmt],
        region=ctx["region"],
    )
