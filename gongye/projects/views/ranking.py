"""投资"赛马" (issue 13 item 7): ``/projects/ranking/?month=YYYY-MM&measure=…`` — a city's or
province's counties, or a county's townships and development zones, ranked on 工业投资,
技改投资 or 积树成林纳规 (``selectors.ranking``), with its ``.xlsx``. For the plan office, the
statistics bureau and the leaders (``can_see_region``, else 403). A month or measure that
cannot be read is said on the page (in Chinese, by the field) and the race of the default month
and measure shown."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin
from gongye.core.http import XLSX, AuthedRequest, attachment, chinese_document
from gongye.projects.permissions import can_see_region
from gongye.projects.ranking_files import (
    change_text,
    growth_text,
    place_label,
    ranking_export,
    ranking_title,
)
from gongye.projects.selectors.ranking import MEASURES, Ranking, RankRow, county_ranking
from gongye.projects.selectors.returns import opening_month
from gongye.projects.views.tabs import register_tabs

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
DEFAULT_MEASURE = "industrial_investment"


class RankingForm(StyledFormMixin, forms.Form):
    month = forms.CharField(
        label=_("月份"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    measure = forms.ChoiceField(
        label=_("赛马指标"),
        required=False,
        choices=[(m.key, m.label) for m in MEASURES.values()],
    )

    def clean_month(self) -> tuple[int, int] | None:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return None
        found = _MONTH.fullmatch(raw)
        if found:
            year, month = int(found[1]), int(found[2])
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return year, month
        raise forms.ValidationError(_("月份应写作“年-月”，如 2022-06。"))


def default_period(request: AuthedRequest) -> tuple[int, int]:
    """The month the race opens on: the plans' year in the reader's reach (as the board and
    the 调度表, ``selectors.returns.opening_month``)."""
    return opening_month(request.user, timezone.localdate())


def _chosen(request: AuthedRequest) -> tuple[RankingForm, int, int, str]:
    form = RankingForm(request.GET or None)
    period: tuple[int, int] | None = None
    measure = DEFAULT_MEASURE
    if form.is_bound:
        form.is_valid()
        period = form.cleaned_data.get("month")
        measure = form.cleaned_data.get("measure") or DEFAULT_MEASURE
    year, month = period or default_period(request)
    return form, year, month, measure


def _ranking(request: AuthedRequest) -> tuple[Ranking, RankingForm]:
    can_see_region(request.user).require()
    form, year, month, measure = _chosen(request)
    return county_ranking(request.user, year, month, measure), form


def _step(year: int, month: int, delta: int) -> str:
    index = year * 12 + month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _rows(found: Ranking) -> list[dict[str, Any]]:
    fast = {r.key for r in found.fast}
    slow = {r.key for r in found.slow}
    return [
        {
            "row": r,
            "change": change_text(r.change),
            "growth": growth_text(r.growth) or "—",
            "growth_change": change_text(r.growth_change),
            "mark": "fast" if r.key in fast else "slow" if r.key in slow else "",
        }
        for r in found.rows
    ]


def _named(rows: list[RankRow], text: Any) -> list[dict[str, Any]]:
    return [{"key": r.key, "name": r.name, "text": text(r)} for r in rows]


@login_required
def ranking(request: AuthedRequest) -> HttpResponse:
    found, form = _ranking(request)
    value = f"{found.year}-{found.month:02d}"
    if not form.is_bound:
        form = RankingForm(initial={"month": value, "measure": found.measure.key})
    return render(
        request,
        "projects/ranking.html",
        {
            "form": form,
            "ranking": found,
            "title": ranking_title(found),
            "place_label": place_label(found),
            "rows": _rows(found),
            "unit": gettext(found.measure.unit),
            "fast": _named(found.fast, lambda r: growth_text(r.growth)),
            "slow": _named(found.slow, lambda r: growth_text(r.growth)),
            "rising": _named(found.rising, lambda r: change_text(r.change)),
            "falling": _named(found.falling, lambda r: change_text(r.change)),
            "month_value": value,
            "previous": _step(found.year, found.month, -1),
            "next": _step(found.year, found.month, 1),
            "measures": list(MEASURES.values()),
            "tabs": register_tabs(request),
        },
    )


@login_required
@chinese_document
def ranking_xlsx(request: AuthedRequest) -> HttpResponse:
    found, _form = _ranking(request)
    content = ranking_export(actor=request.user, ranking=found)
    return attachment(
        content,
        f"{ranking_title(found)}.xlsx",
        f"project-ranking-{found.measure.key}-{found.year}-{found.month:02d}.xlsx",
        XLSX,
        region=found.region,
    )


urlpatterns = [
    path("ranking/", ranking, name="ranking"),
    path("ranking.xlsx", ranking_xlsx, name="ranking_xlsx"),
]
