"""The project register's own pages (issue 13 items 1–2): the list (filters, 50 a page), one
project's page (its 三库 steps and the moves the reader may take, files, 月30 returns,
problems, history), the create and edit forms, and pairing (一对一, the plan office).

Order of the checks: whoever may not read projects at all gets a 403; a project out of their
sight a 404; in sight but not theirs to change a 403 with the reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.accounts.models import User
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.scope import require_acting
from gongye.enterprises.models import IndustryChain
from gongye.enterprises.services.register import leader_choices
from gongye.projects.choices import ProjectStage
from gongye.projects.forms import DocumentForm, FilterForm, MoveForm, PairForm, ProjectForm
from gongye.projects.models import Project
from gongye.projects.permissions import (
    can_edit_project,
    can_manage_project,
    can_read_projects,
    can_register_project,
)
from gongye.projects.selectors import projects as selectors
from gongye.projects.selectors.project_page import project_page
from gongye.projects.services import projects as services
from gongye.projects.views.tabs import register_tabs

LIBRARIES = (
    ProjectStage.RESERVE,
    ProjectStage.BUILDING,
    ProjectStage.PRODUCING,
    ProjectStage.SCALED,
)
# the register's names offered to the builder field as the reader types (no script needed)
ENTERPRISE_NAMES_MAX = 500


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    can_read_projects(request.user).require()
    form = FilterForm(
        request.GET or None,
        locations=selectors.location_filter_choices(request.user),
        chains=selectors.chain_filter_choices(request.user),
    )
    filters = form.filters() if request.GET else selectors.ProjectFilters()
    projects = selectors.project_list_for(request.user, filters)
    page = Paginator(projects, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "region_column": selectors.shows_region_column(request.user),
            "can_register": bool(can_register_project(request.user)),
            "tabs": register_tabs(request),
        },
    )


def detail_context(request: AuthedRequest, project: Project) -> dict[str, Any]:
    today = timezone.localdate()
    page = project_page(request.user, project, today)
    moves = [
        (move, None if move.blocked else MoveForm(action=move.action, today=today))
        for move in page.moves
    ]
    return {
        "project": project,
        "page": page,
        "moves": moves,
        "document_form": DocumentForm() if page.can_edit else None,
        "libraries": [(s.value, s.label) for s in LIBRARIES],
    }


@login_required
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    return render(request, "projects/project_detail.html", detail_context(request, project))


def _project_form(request: AuthedRequest, region: Any, **kwargs: Any) -> ProjectForm:
    enterprises = selectors.enterprises_for_form(request.user, region)
    form = ProjectForm(
        request.POST or None,
        enterprises=enterprises,
        chains=IndustryChain.objects.filter(region=region).order_by("sort_order", "name"),
        **kwargs,
    )
    form.enterprise_names = list(  # type: ignore[attr-defined]
        enterprises.order_by("name").values_list("name", flat=True)[:ENTERPRISE_NAMES_MAX]
    )
    return form


@login_required
def project_create(request: AuthedRequest) -> HttpResponse:
    can_register_project(request.user).require()
    acting = require_acting(request.user)
    region = acting.region
    form = _project_form(
        request,
        region,
        locations=selectors.locations_of(region, request.user, registering=True),
        units=selectors.units_of(region),
        initial={"unit": acting.unit_id, "location": acting.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, region=region, facts=form.facts())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("项目已登记，进入储备库。"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    can_edit_project(request.user, project).require()
    form = _project_form(
        request,
        project.region,
        locations=selectors.locations_of(project.region, request.user),
        units=None,
        initial=ProjectForm.initial_for(project),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, facts=form.facts())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("项目信息已保存。"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def project_pair(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    can_manage_project(request.user, project).require()
    form = PairForm(
        request.POST or None,
        initial={"leader": project.paired_leader_id, "unit": project.unit_id},
        leaders=leader_choices(project.region),
        units=selectors.units_of(project.region),
    )
    if request.method == "POST" and form.is_valid():
        leader: User | None = form.cleaned_data["leader"]
        try:
            services.project_pair(
                actor=request.user,
                project=project,
                leader=leader,
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("联系领导和责任单位已保存。"))
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_pair.html", {"form": form, "project": project})


urlpatterns = [
    path("", project_list, name="project_list"),
    path("new/", project_create, name="project_create"),
    path("<id:pk>/", project_detail, name="project_detail"),
    path("<id:pk>/edit/", project_edit, name="project_edit"),
    path("<id:pk>/pair/", project_pair, name="project_pair"),
]
