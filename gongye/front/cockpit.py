"""The leaders' cockpit (驾驶舱, issue 5), the shell's page: indicators' ``cockpit_page``
assembles it (targets against pace, unit on-time rates, red tasks, deadlines, the county
comparison), and the page, its spreadsheet and its Word report all read that one object.
Mounted at ``/indicators/cockpit/``, where it has always been."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.contrib import sections_for
from gongye.core.http import DOCX, XLSX, AuthedRequest, attachment, chinese_document
from gongye.core.periods import default_year
from gongye.core.scope import require_acting
from gongye.indicators.comparison import chosen_indicator, compare_counties
from gongye.indicators.exports import cockpit_docx_export, cockpit_xlsx_export
from gongye.indicators.permissions import can_read_indicators
from gongye.indicators.selectors import CockpitPage, PlanPick, cockpit_page
from gongye.indicators.selectors.cockpit import (
    chart_labels,
    comparison_charts,
    county_figure_rows,
)
from gongye.indicators.selectors.home import data_links_for
from gongye.indicators.selectors.picker import is_upper
from gongye.indicators.views import int_param, page_context, pick_from_query
from gongye.orgs.choices import RegionLevel
from gongye.plans.models import Plan


def _cockpit(request: AuthedRequest) -> tuple[PlanPick, CockpitPage]:
    pick = pick_from_query(request)
    page = cockpit_page(
        request.user,
        plan=pick.plan,
        line=int_param(request.GET.get("line"), 0, 10_000),
        indicator=request.GET.get("indicator", ""),
    )
    return pick, page


@login_required
def cockpit(request: AuthedRequest) -> HttpResponse:
    if is_upper(request.user) and not request.GET.get("region"):
        # a city or province leader lands on its own level: the counties side by side
        return render(request, "front/cockpit_overview.html", _overview(request))
    pick, page = _cockpit(request)
    context = {
        **page_context(pick, page),
        "selected_line": page.selected_line,
        "data_links": data_links_for(request.user, pick.plan),
        "sections": sections_for("cockpit_sections", request.user, pick.plan),
    }
    return render(request, "front/cockpit.html", context)


def _overview(request: AuthedRequest) -> dict[str, Any]:
    can_read_indicators(request.user).require()
    region = require_acting(request.user).region
    years = sorted(
        set(
            Plan.objects.within(region.path)
            .filter(region__level=RegionLevel.COUNTY)
            .values_list("year", flat=True)
        ),
        reverse=True,
    )
    if not years:
        raise Http404(_("范围内尚无县级工作计划。"))
    asked = int_param(request.GET.get("year"), 2000, 2100)
    year = asked if asked in years else default_year(years, timezone.localdate())
    comparison = compare_counties(region, year)
    first = comparison.counties[0].plan_id if comparison.counties else 0
    chosen = chosen_indicator(comparison, first, request.GET.get("indicator", ""))
    rows = county_figure_rows(comparison, chosen) if chosen else []
    return {
        "region": region,
        "year": year,
        "years": years,
        "counties": comparison.counties,
        "comparison_month": comparison.month,
        "comparison_key": comparison.version_key,
        "indicators": comparison.indicators,
        "indicator": chosen,
        "indicator_name": dict(comparison.indicators).get(chosen, ""),
        "indicator_rows": rows,
        "charts": {"labels": chart_labels(), **comparison_charts(comparison.counties, rows)},
    }


def _download(content: bytes, content_type: str, page: CockpitPage, ext: str) -> HttpResponse:
    plan = page.plan
    return attachment(
        content,
        f"{plan.region.name}{plan.year}年驾驶舱.{ext}",
        f"cockpit-{plan.region.code}-{plan.year}.{ext}",
        content_type,
        region=plan.region,
    )


@login_required
@chinese_document
def cockpit_xlsx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_xlsx_export(actor=request.user, page=page), XLSX, page, "xlsx")


@login_required
@chinese_document
def cockpit_docx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_docx_export(actor=request.user, page=page), DOCX, page, "docx")
