"""Pages of the plan's targets (issue 5): the target list and one target's line against its
pace. The leaders' cockpit (驾驶舱) is the shell's page (``gongye.front.cockpit``) and uses
the helpers here to read the same query.

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

from gongye.core.contrib import sections_for
from gongye.core.http import AuthedRequest
from gongye.indicators.selectors import (
    PlanPick,
    plan_pick,
    target_detail_page,
    target_list_page,
)
from gongye.indicators.selectors.home import data_links_for


def int_param(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if low <= number <= high else None


def pick_from_query(request: AuthedRequest) -> PlanPick:
    """The plan asked for by ?region= (a county's code) and ?year=."""
    return plan_pick(
        request.user,
        region=request.GET.get("region", ""),
        year=int_param(request.GET.get("year"), 2000, 2100),
    )


def page_context(*parts: Any) -> dict[str, Any]:
    """The pages' fields as the template's names (``plan``, ``rows``, …), with the picker's."""
    context: dict[str, Any] = {}
    for part in parts:
        context.update({f.name: getattr(part, f.name) for f in fields(part)})
        if isinstance(part, PlanPick):
            context["query"] = part.query
    return context


@login_required
def target_list(request: AuthedRequest) -> HttpResponse:
    pick = pick_from_query(request)
    page = target_list_page(pick.plan)
    context = {**page_context(pick, page), "data_links": data_links_for(request.user, pick.plan)}
    return render(request, "indicators/target_list.html", context)


@login_required
def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    page = target_detail_page(request.user, pk=pk)
    # what other apps add to a target's page (the register's "computed from the register")
    sections = sections_for("target_sections", request.user, page.target)
    return render(
        request,
        "indicators/target_detail.html",
        {**page_context(page), "latest": page.latest, "sections": sections},
    )
