"""The problem lists' pages (问题清单交办, issue 13 item 5): the list (scoped, filtered by status,
unit and overdue, with its counts; above it the office's problems to assign or a unit's own),
one problem with its history and the steps its reader may take (forms posting to its action
URL), and raising a problem on a project.

Order of the checks, as on the project pages: whoever may not read projects at all gets a 403;
a problem or project out of their sight a 404; in sight but not theirs to act on a 403 with
the reason; bad input the page again (200) with the field's error in Chinese, nothing
written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.projects.choices import ProblemAction, ProblemStatus
from gongye.projects.models import ProjectProblem
from gongye.projects.permissions import can_raise_problem, can_read_projects
from gongye.projects.problem_forms import ProblemFilterForm, ProblemRaiseForm, action_form
from gongye.projects.selectors import problems as selectors
from gongye.projects.selectors.projects import project_for
from gongye.projects.services.problems import problem_act, problem_raise
from gongye.projects.views.tabs import register_tabs
from gongye.projects.workflows import PROBLEM_WORKFLOW

DONE: dict[str, Any] = {
    ProblemAction.ASSIGN: gettext_lazy("已交办，承办单位已收到提醒。"),
    ProblemAction.REASSIGN: gettext_lazy("已改派，承办单位已收到提醒。"),
    ProblemAction.ANSWER: gettext_lazy("已答复，等待督办（计划办）核实销号。"),
    ProblemAction.CLOSE: gettext_lazy("问题已核实销号。"),
    ProblemAction.REOPEN: gettext_lazy("已退回承办单位重新办理。"),
    ProblemAction.WITHDRAW: gettext_lazy("问题已撤回。"),
}


@login_required
def problem_list(request: AuthedRequest) -> HttpResponse:
    can_read_projects(request.user).require()
    today = timezone.localdate()
    form = ProblemFilterForm(request.GET or None, units=selectors.unit_filter_choices(request.user))
    filters = form.filters() if request.GET else selectors.ProblemFilters()
    rows = selectors.problem_list_for(request.user, filters, today)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tabs = request.GET.copy()
    for name in ("page", "status", "overdue"):
        tabs.pop(name, None)
    counts = selectors.problem_counts(request.user, filters.unit, today)
    return render(
        request,
        "projects/problem_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "problems": selectors.with_colours(list(page.object_list), today),
            "counts": counts,
            "tabs": [(value, label, counts[value]) for value, label in ProblemStatus.choices],
            "waiting": selectors.waiting_for(request.user, today),
            "query": query.urlencode(),
            "tab_query": tabs.urlencode(),
            "register_tabs": register_tabs(request),
        },
    )


def _detail(
    request: AuthedRequest,
    problem: ProjectProblem,
    bound: tuple[str, forms.Form] | None = None,
) -> HttpResponse:
    """The problem's page; ``bound`` is the step just posted with its errors (shown in place)."""
    page = selectors.problem_page(request.user, problem)
    units = selectors.assignable_units(problem.region_id)
    initial = {"unit": problem.unit_id, "deadline": problem.deadline}
    step_forms: dict[str, forms.Form] = {}
    for action in page.actions:
        if bound is not None and bound[0] == action:
            step_forms[action] = bound[1]
        else:
            given = initial if action in (ProblemAction.ASSIGN, ProblemAction.REASSIGN) else None
            step_forms[action] = action_form(action, units=units, initial=given)
    errors = bound[1].non_field_errors() if bound is not None else []
    return render(
        request,
        "projects/problem_detail.html",
        {
            "page": page,
            "problem": problem,
            "project": problem.project,
            "forms": step_forms,
            "step_errors": errors,
        },
    )


@login_required
def problem_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    problem = selectors.problem_for(request.user, pk)
    return _detail(request, problem)


def _told() -> forms.Form:
    """An empty form to carry a message for the top of the page."""
    form = forms.Form(data={})
    form.is_valid()
    return form


@login_required
@require_POST
def problem_step(request: AuthedRequest, pk: int) -> HttpResponse:
    """One step of ``PROBLEM_WORKFLOW`` posted from the problem's page (``action`` names it)."""
    can_read_projects(request.user).require()
    problem = selectors.problem_for(request.user, pk)
    action = request.POST.get("action", "")
    if action not in ProblemAction.values:
        form: forms.Form = _told()
        form.add_error(None, _("未知的办理操作。"))
        return _detail(request, problem, ("", form))
    edge = PROBLEM_WORKFLOW.edge(problem.status, action)
    if edge is None:  # not a step of its status: the workflow says why, nothing is written
        form = _told()
        try:
            problem_act(actor=request.user, problem=problem, action=action)
        except ValidationError as error:
            add_service_errors(form, error)
        return _detail(request, selectors.problem_for(request.user, pk), ("", form))
    edge.allowed(request.user, problem).require()  # 403 with the reason
    units = selectors.assignable_units(problem.region_id)
    form = action_form(action, request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            problem_act(
                actor=request.user,
                problem=problem,
                action=action,
                unit=data.get("unit"),
                deadline=data.get("deadline"),
                answer=data.get("answer") or "",
                comment=data.get("comment") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(DONE[action]))
            return redirect("projects:problem_detail", pk=problem.pk)
    return _detail(request, problem, (action, form))


@login_required
def problem_create(request: AuthedRequest, project_pk: int) -> HttpResponse:
    """A problem raised on a project by its unit, a leader or the plan office (who may assign
    it at once)."""
    can_read_projects(request.user).require()
    project = project_for(request.user, project_pk)
    can_raise_problem(request.user, project).require()
    office = require_acting(request.user).role == Role.PLAN_OFFICE
    units = selectors.assignable_units(project.region_id) if office else None
    form = ProblemRaiseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = problem_raise(
                actor=request.user,
                project=project,
                title=data["title"],
                content=data["content"],
                unit=data.get("unit"),
                deadline=data.get("deadline"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if problem.status == ProblemStatus.ASSIGNED:
                messages.success(request, _("问题已提出并交办，承办单位已收到提醒。"))
            else:
                messages.success(request, _("问题已提出，等待督办（计划办）交办。"))
            return redirect("projects:problem_detail", pk=problem.pk)
    return render(request, "projects/problem_form.html", {"form": form, "project": project})


urlpatterns = [
    path("problems/", problem_list, name="problem_list"),
    path("problems/<id:pk>/", problem_detail, name="problem_detail"),
    path("problems/<id:pk>/act/", problem_step, name="problem_act"),
    path("<id:project_pk>/problems/new/", problem_create, name="problem_raise"),
]
