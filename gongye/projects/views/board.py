"""The region's picture of its projects (issue 13 items 2 and 4): the three-library board
(三库联动) and the monthly scheduling sheet (月30调度表) with its .xlsx and .docx — for the plan
office, the statistics bureau and the leaders (``can_see_region``), filtered by chain,
township or development zone, size and kind."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.forms.utils import flatatt
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gongye.core.http import DOCX, XLSX, AuthedRequest, attachment, chinese_document
from gongye.core.scope import require_acting
from gongye.projects.forms import FilterForm
from gongye.projects.permissions import can_see_region
from gongye.projects.schedule_files import schedule_export
from gongye.projects.selectors import projects as selectors
from gongye.projects.selectors.board import board_for, filter_query
from gongye.projects.selectors.returns import opening_month
from gongye.projects.selectors.schedule import Schedule, schedule_for
from gongye.projects.views.tabs import register_tabs

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
# a city's or province's sheet runs to thousands of rows: the page then shows the township
# subtotals and the first of each list, the files have everything
PAGE_ROWS = 1000
LIST_ROWS = 200


class QuickSelect(forms.Select):
    """A select of many options (a city's hundreds of townships and chains) written in one
    pass, where Django renders a template per option (a tenth of a millisecond each)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, mark_safe(" selected") if str(v) in chosen else "", label)
                for v, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class BoardFilterForm(FilterForm):
    """The project list's filters without the name and the stage: the board is by stage,
    the sheet by month."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["q"]
        del self.fields["stage"]
        for name in ("chain", "location"):
            field = self.fields[name]
            quick = QuickSelect(attrs=field.widget.attrs)
            quick.choices = field.widget.choices
            field.widget = quick

    def note(self) -> str:
        """The filters as the export's note says them (产业链：…；投资规模：…)."""
        if not self.is_valid():
            return ""
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            label = dict(getattr(field, "choices", ())).get(value, value)
            parts.append(_("%(label)s：%(value)s") % {"label": field.label, "value": label})
        return _("筛选条件：%(filters)s。") % {"filters": _("；").join(parts)} if parts else ""


def _form(request: AuthedRequest) -> BoardFilterForm:
    return BoardFilterForm(
        request.GET or None,
        locations=selectors.location_filter_choices(request.user),
        chains=selectors.chain_filter_choices(request.user),
    )


def _filters(form: BoardFilterForm) -> selectors.ProjectFilters:
    return form.filters() if form.is_bound else selectors.ProjectFilters()


def parse_month(raw: str | None, today: dt.date, user: Any = None) -> tuple[int, int]:
    """``YYYY-MM`` from the query string; when absent or wrong, the latest month with returns
    the month the pictures open on (``selectors.returns.opening_month``), else this month."""
    found = _MONTH.fullmatch(raw or "")
    if found:
        year, month = int(found[1]), int(found[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    if user is not None:
        return opening_month(user, today)
    return today.year, today.month


def _step(year: int, month: int, delta: int) -> str:
    index = year * 12 + month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@login_required
def board(request: AuthedRequest) -> HttpResponse:
    can_see_region(request.user).require()
    form = _form(request)
    # the year of the latest month filed: a past year's plan opens on its own year
    year, _month = opening_month(request.user, timezone.localdate())
    found = board_for(request.user, _filters(form), today=dt.date(year, 12, 31))
    return render(
        request,
        "projects/board.html",
        {"form": form, "board": found, "tabs": register_tabs(request)},
    )


def _schedule(request: AuthedRequest) -> tuple[Schedule, BoardFilterForm]:
    can_see_region(request.user).require()
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), today, request.user)
    form = _form(request)
    return schedule_for(request.user, year, month, _filters(form), today=today), form


@login_required
def schedule(request: AuthedRequest) -> HttpResponse:
    found, form = _schedule(request)
    query = filter_query(found.filters, month=found.month_value)
    return render(
        request,
        "projects/schedule.html",
        {
            "form": form,
            "schedule": found,
            "query": query,
            "previous": _step(found.year, found.month, -1),
            "next": _step(found.year, found.month, 1),
            "rows_hidden": len(found.rows) > PAGE_ROWS,
            "list_limit": LIST_ROWS,
            "list_max": f":{LIST_ROWS}",
            "tabs": register_tabs(request),
        },
    )


def _download(request: AuthedRequest, fmt: str) -> HttpResponse:
    found, form = _schedule(request)
    content = schedule_export(actor=request.user, schedule=found, fmt=fmt, note=form.note())
    return attachment(
        content,
        f"{found.title}.{fmt}",
        f"project-schedule-{found.month_value}.{fmt}",
        XLSX if fmt == "xlsx" else DOCX,
        region=require_acting(request.user).region,
    )


@login_required
@chinese_document
def schedule_xlsx(request: AuthedRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
@chinese_document
def schedule_docx(request: AuthedRequest) -> HttpResponse:
    return _download(request, "docx")


urlpatterns = [
    path("board/", board, name="board"),
    path("schedule/", schedule, name="schedule"),
    path("schedule.xlsx", schedule_xlsx, name="schedule_xlsx"),
    path("schedule.docx", schedule_docx, name="schedule_docx"),
]
