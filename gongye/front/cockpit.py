"""The leaders' cockpit (驾驶舱, issue 5), the shell's page: indicators' ``cockpit_page``
assembles it (targets against pace, unit on-time rates, red tasks, deadlines, the county
comparison), and the page, its spreadsheet and its Word report all read that one object.
Mounted at ``/indicators/cockpit/``, where it has always been."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from gongye.core.http import DOCX, XLSX, AuthedRequest, attachment
from gongye.indicators.exports import cockpit_docx_export, cockpit_xlsx_export
from gongye.indicators.selectors import CockpitPage, PlanPick, cockpit_page
from gongye.indicators.views import int_param, page_context, pick_from_query


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
    pick, page = _cockpit(request)
    context = {**page_context(pick, page), "selected_line": page.selected_line}
    return render(request, "front/cockpit.html", context)


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
def cockpit_xlsx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_xlsx_export(actor=request.user, page=page), XLSX, page, "xlsx")


@login_required
def cockpit_docx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_docx_export(actor=request.user, page=page), DOCX, page, "docx")
