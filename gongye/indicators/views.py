"""Pages of the plan's targets (issue 5): the target list, one target's line against its pace,
the leaders' cockpit (驾驶舱) and its spreadsheet and Word report.

Each view parses the query, asks one selector for its page (``plan_pick`` for which plan, then
``target_list_page``, ``target_detail_page`` or ``cockpit_page``) and renders it; the exports
write the very object the page is rendered from.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from gongye.core.http import DOCX, XLSX, AuthedRequest, attachment
from gongye.indicators.exports import cockpit_docx_export, cockpit_xlsx_export
from gongye.indicators.selectors import (
    CockpitPage,
    PlanPick,
    cockpit_page,
    plan_pick,
    target_detail_page,
    target_list_page,
)


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def _pick(request: AuthedRequest) -> PlanPick:
    """The plan asked for by ?region= (a county's code) and ?year=."""
    return plan_pick(
        request.user,
        region=request.GET.get("region", ""),
        year=_int(request.GET.get("year"), 2000, 2100),
    )


def _context(*parts: Any) -> dict[str, Any]:
    """The pages' fields as the template's names (``plan``, ``rows``, …), with the picker's."""
    context: dict[str, Any] = {}
    for part in parts:
        context.update({f.name: getattr(part, f.name) for f in fields(part)})
        if isinstance(part, PlanPick):
            context["query"] = part.query
    return context


@login_required
def target_list(request: AuthedRequest) -> HttpResponse:
    pick = _pick(request)
    page = target_list_page(pick.plan)
    return render(request, "indicators/target_list.html", _context(pick, page))


@login_required
def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    page = target_detail_page(request.user, pk=pk)
    return render(
        request, "indicators/target_detail.html", {**_context(page), "latest": page.latest}
    )


def _cockpit(request: AuthedRequest) -> tuple[PlanPick, CockpitPage]:
    pick = _pick(request)
    page = cockpit_page(
        request.user,
        plan=pick.plan,
        line=_int(request.GET.get("line"), 0, 10_000),
        indicator=request.GET.get("indicator", ""),
    )
    return pick, page


@login_required
def cockpit(request: AuthedRequest) -> HttpResponse:
    pick, page = _cockpit(request)
    context = {**_context(pick, page), "selected_line": page.selected_line}
    return render(request, "indicators/cockpit.html", context)


def _download(content: bytes, content_type: str, page: CockpitPage, ext: str) -> HttpResponse:
    plan = page.plan
    return attachment(
        content,
        f"{plan.region.name}{plan.year}年驾驶舱.{ext}",
        f"cockpit-{plan.region.code}-{plan.year}.{ext}",
        content_type,
    )


@login_required
def cockpit_xlsx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_xlsx_export(actor=request.user, page=page), XLSX, page, "xlsx")


@login_required
def cockpit_docx(request: AuthedRequest) -> HttpResponse:
    _pick_, page = _cockpit(request)
    return _download(cockpit_docx_export(actor=request.user, page=page), DOCX, page, "docx")
