"""The evaluation's pages under /evaluation/: the home (schemes, runs, appeals waiting), the
scheme editor with its preview, a run with its class distribution and results, publishing,
and the changes between two runs.

As on every page of the house: whoever may not read the evaluation at all gets a 403; a run
or scheme out of their region a 404; a step not theirs a 403 with the reason; bad input the
page again with the error in Chinese, nothing written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.scope import require_acting
from gongye.evaluation.choices import AppealStatus, RunStatus
from gongye.evaluation.forms import PublishForm, ResultFilterForm, RunForm, SchemeForm, default_year
from gongye.evaluation.permissions import (
    can_manage_evaluation,
    can_read_evaluation,
    can_read_own_result,
)
from gongye.evaluation.selectors import runs as selectors
from gongye.evaluation.selectors.preview import preview
from gongye.evaluation.selectors.scheme_view import scheme_view
from gongye.evaluation.services.runs import run_create, run_discard, run_publish
from gongye.evaluation.services.schemes import scheme_save
from gongye.evaluation.workflows import RUN_WORKFLOW


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Readers see the region's schemes and runs; an enterprise user its own results."""
    can_read_own_result(request.user).require()
    if not can_read_evaluation(request.user):
        # the result in force first in each year, those a re-evaluation replaced after it
        results = (
            selectors.results_visible_to(request.user)
            .annotate(replaced=selectors.replaced("run__"))
            .order_by("-run__year", "replaced", "-run__published_at")
        )
        return render(request, "evaluation/own_results.html", {"results": results[:20]})
    return render(
        request,
        "evaluation/home.html",
        {
            "schemes": selectors.schemes_for(request.user).prefetch_related("versions")[:50],
            "runs": selectors.runs_for(request.user).annotate(replaced=selectors.replaced())[:50],
            "waiting": selectors.appeals_for(request.user)
            .filter(status=AppealStatus.FILED)
            .count(),
            "can_manage": can_manage_evaluation(request.user).allowed,
        },
    )


def _scheme_page(
    request: AuthedRequest, form: SchemeForm, scheme: Any = None, shown: Any = None
) -> HttpResponse:
    return render(
        request,
        "evaluation/scheme_form.html",
        {
            "form": form,
            "scheme": scheme,
            "preview": shown,
            "run_form": RunForm(initial={"year": scheme.year}) if scheme else None,
        },
    )


@login_required
def scheme_new(request: AuthedRequest) -> HttpResponse:
    can_manage_evaluation(request.user).require()
    return _scheme_edit(request, None)


@login_required
def scheme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_evaluation(request.user).require()
    scheme = selectors.scheme_for(request.user, pk)
    if request.method == "POST" or can_manage_evaluation(request.user):
        return _scheme_edit(request, scheme)
    current = scheme.current
    return render(
        request,
        "evaluation/scheme_detail.html",
        {
            "scheme": scheme,
            "current": current,
            "view": scheme_view(current) if current else None,
        },
    )


def _scheme_edit(request: AuthedRequest, scheme: Any) -> HttpResponse:
    if request.method != "POST":
        current = scheme.current if scheme else None
        initial = {
            "document": current.document if current else "",
            "year": scheme.year if scheme else default_year() + 1,
        }
        return _scheme_page(request, SchemeForm(initial=initial), scheme)
    can_manage_evaluation(request.user).require()
    form = SchemeForm(request.POST, request.FILES)
    if not form.is_valid():
        return _scheme_page(request, form, scheme)
    acting = require_acting(request.user)
    document = form.cleaned_data["document"]
    year = form.cleaned_data.get("year") or (scheme.year if scheme else None)
    if "preview" in request.POST:
        shown = preview(acting.region, document, (year or default_year() + 1) - 1)
        return _scheme_page(request, form, scheme, shown)
    try:
        version = scheme_save(
            actor=request.user,
            region=acting.region,
            document=document,
            year=year,
            note=form.cleaned_data.get("note") or "",
            scheme=scheme,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _scheme_page(request, form, scheme)
    messages.success(request, _("方案已保存为第%(n)s版。") % {"n": version.number})
    return redirect("evaluation:scheme_detail", version.scheme_id)


@login_required
@require_POST
def run_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """A draft run of the scheme's current version."""
    can_manage_evaluation(request.user).require()
    scheme = selectors.scheme_for(request.user, pk)
    form = RunForm(request.POST, request.FILES)
    version = scheme.current
    if form.is_valid() and version is not None:
        upload = form.cleaned_data.get("supplement")
        try:
            run = run_create(
                actor=request.user,
                version=version,
                year=form.cleaned_data["year"],
                supplement=upload.read() if upload else None,
                supplement_name=upload.name if upload else "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("试算完成，请核对结果后公示。"))
            return redirect("evaluation:run_detail", run.pk)
    current = scheme.current
    return render(
        request,
        "evaluation/scheme_form.html",
        {
            "form": SchemeForm(
                initial={"document": current.document if current else "", "year": scheme.year}
            ),
            "scheme": scheme,
            "run_form": form,
        },
        status=200,
    )


def _filters(
    request: AuthedRequest, groups: list[str]
) -> tuple[ResultFilterForm, selectors.ResultFilters]:
    form = ResultFilterForm(request.GET or None, groups=groups)
    if request.GET and form.is_valid():
        return form, selectors.ResultFilters(
            group=form.cleaned_data["group"],
            klass=form.cleaned_data["klass"],
            status=form.cleaned_data["status"],
            q=form.cleaned_data["q"].strip(),
        )
    return form, selectors.ResultFilters()


@login_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_evaluation(request.user).require()
    run = selectors.run_for(request.user, pk)
    groups = list(run.summary.get("classes", {}))
    form, filters = _filters(request, groups)
    page = Paginator(selectors.results_of(run, filters), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    last = selectors.previous_published(run)
    return render(
        request,
        "evaluation/run_detail.html",
        {
            "run": run,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "distribution": (distribution := _distribution(run)),
            "distribution_chart": _distribution_chart(distribution),
            "steps": [e.action for e in RUN_WORKFLOW.available(request.user, run)],
            "publish_form": PublishForm(
                initial={"appeal_until": dt.date.today() + dt.timedelta(days=7)}
            ),
            "superseded_by": run.superseded_by.filter(status=RunStatus.PUBLISHED).first(),
            "stale": (newer := selectors.stale(run)),
            "stale_reason": selectors.stale_reason(newer) if newer else "",
            "last": last,
            "class_changes": selectors.class_changes(run, last) if last else None,
            "appeals": run.appeals.filter(status=AppealStatus.FILED).count(),
        },
    )


def _distribution(run: Any) -> list[dict[str, Any]]:
    """Per group the count of each class (the chart's data and its table)."""
    rows = []
    for group, counts in run.summary.get("classes", {}).items():
        rows.append(
            {
                "group": group,
                "counts": [counts.get(k, 0) for k in "ABCDT"],
                "total": sum(counts.values()),
            }
        )
    return rows


CLASS_COLOURS = {"A": "#2e7d32", "B": "#1976d2", "C": "#f9a825", "D": "#c62828", "T": "#9e9e9e"}


def _distribution_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The distribution as core's stacked bars (gongye/charts.js): a bar per group."""
    return {
        "categories": [r["group"] for r in rows],
        "series": [
            {"name": k, "color": CLASS_COLOURS[k], "data": [r["counts"][i] for r in rows]}
            for i, k in enumerate("ABCDT")
        ],
    }


@login_required
@require_POST
def run_step(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_evaluation(request.user).require()
    run = selectors.run_for(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            form = PublishForm(request.POST)
            until = form.cleaned_data.get("appeal_until") if form.is_valid() else None
            run_publish(actor=request.user, run=run, appeal_until=until)
            messages.success(request, _("评价结果已公示，企业可在异议截止日期前提出异议。"))
        elif action == "discard":
            run_discard(actor=request.user, run=run)
            messages.success(request, _("试算已作废。"))
        else:
            messages.error(request, _("未知的操作。"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("evaluation:run_detail", run.pk)


@login_required
def run_compare(request: AuthedRequest, pk: int, other: int) -> HttpResponse:
    """Per enterprise, what differs between two runs and why (the inputs that moved)."""
    can_read_evaluation(request.user).require()
    run = selectors.run_for(request.user, pk)
    earlier = selectors.run_for(request.user, other)
    changes = selectors.run_changes(run, earlier)
    page = Paginator(changes, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/run_compare.html",
        {"run": run, "other": earlier, "page": page, "count": len(changes)},
    )


urlpatterns = [
    path("", home, name="home"),
    path("schemes/new/", scheme_new, name="scheme_new"),
    path("schemes/<id:pk>/", scheme_detail, name="scheme_detail"),
    path("schemes/<id:pk>/run/", run_new, name="run_new"),
    path("runs/<id:pk>/", run_detail, name="run_detail"),
    path("runs/<id:pk>/step/", run_step, name="run_step"),
    path("runs/<id:pk>/compare/<id:other>/", run_compare, name="run_compare"),
]
