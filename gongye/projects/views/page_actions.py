"""What a project's page posts and serves (issue 13 items 1–3): a move of 三库联动 with its
date, reason or proof; a file added; a file downloaded (404 out of sight, always as an
attachment); and the 月30 return form with its photos.

A move or a file is posted from the project's page and comes back to it: what went wrong is
said there in Chinese naming the field, and nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.dates import month_local
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.projects.choices import ProjectAction
from gongye.projects.forms import DocumentForm, MoveForm, ReturnForm
from gongye.projects.models import Project, ProjectDocument, ProjectReturn
from gongye.projects.permissions import (
    can_edit_project,
    can_file_return,
    can_read_projects,
    projects_visible_to,
)
from gongye.projects.selectors import projects as selectors
from gongye.projects.selectors.project_page import months_owed
from gongye.projects.selectors.returns import opening_month
from gongye.projects.services import projects as services
from gongye.projects.services.returns import return_file as file_return
from gongye.projects.workflows import PROJECT_WORKFLOW

MOVED = {
    ProjectAction.START: gettext_lazy("已开工，项目进入在建库。"),
    ProjectAction.COMPLETE: gettext_lazy("已竣工投产，项目进入投产库。"),
    ProjectAction.SCALE: gettext_lazy("项目已纳规。"),
    ProjectAction.CANCEL: gettext_lazy("项目已终止。"),
}


def _say(request: AuthedRequest, form: Any, error: ValidationError | None = None) -> None:
    """The form's (or the service's) problems as messages, each naming its field."""
    problems = error.message_dict if error is not None and hasattr(error, "error_dict") else None
    if error is not None and problems is None:
        problems = {"": error.messages}
    for field, texts in (problems if problems is not None else form.errors).items():
        label = form.fields[field].label if field in form.fields else ""
        for text in texts:
            if label:
                text = _("%(label)s：%(message)s") % {"label": label, "message": text}
            messages.error(request, text)


def _back(project: Project, anchor: str) -> HttpResponse:
    return redirect(reverse("projects:project_detail", args=[project.pk]) + f"#{anchor}")


@login_required
@require_POST
def project_move(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    action = request.POST.get("action", "")
    if action not in ProjectAction.values:
        messages.error(request, _("无法识别的操作。"))
        return _back(project, "stage")
    edge = PROJECT_WORKFLOW.edge(project.stage, action)
    if edge is not None:
        edge.allowed(request.user, project).require()  # 403 with the reason
    form = MoveForm(request.POST, request.FILES, action=action, today=timezone.localdate())
    if not form.is_valid():
        _say(request, form)
        return _back(project, "stage")
    try:
        services.project_move(
            actor=request.user,
            project=project,
            action=action,
            on=form.cleaned_data.get("on"),
            produced_on=form.cleaned_data.get("produced_on"),
            reason=form.cleaned_data.get("reason") or "",
            proof=form.proof_files(),
        )
    except ValidationError as error:
        _say(request, form, error)
    else:
        label = edge.label if edge is not None else action
        messages.success(request, str(MOVED.get(ProjectAction(action), label)))
    return _back(project, "stage")


@login_required
@require_POST
def document_add(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    can_edit_project(request.user, project).require()
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        _say(request, form)
        return _back(project, "documents")
    try:
        services.project_document_add(
            actor=request.user,
            project=project,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
    except ValidationError as error:
        _say(request, form, error)
    else:
        messages.success(request, _("材料已上传。"))
    return _back(project, "documents")


@login_required
def document_download(request: AuthedRequest, pk: int) -> FileResponse:
    can_read_projects(request.user).require()
    document = get_object_or_404(
        ProjectDocument.objects.filter(project__in=projects_visible_to(request.user)), pk=pk
    )
    if not document.file.storage.exists(document.file.name):
        raise Http404(_("文件缺失，请联系管理员。"))
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )


def _default_month(user: Any, project: Project, today: Any) -> tuple[int, int]:
    """The newest month the project owes and has not filed, up to the month the region's
    pictures open on (as its page lists them); else that month."""
    until = opening_month(user, today)
    filed = set(ProjectReturn.objects.filter(project=project).values_list("year", "month"))
    owed = [m for m in months_owed(project, today, until) if m not in filed]
    return owed[-1] if owed else min(until, (today.year, today.month))


def _asked_month(request: AuthedRequest) -> tuple[int, int] | None:
    try:
        year, month = int(request.GET.get("year", "")), int(request.GET.get("month", ""))
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


@login_required
def return_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """月30: a project's return for a month, filed (or corrected) by its responsible unit or
    the plan office, with its photos."""
    can_read_projects(request.user).require()
    project = selectors.project_for(request.user, pk)
    can_file_return(request.user, project).require()
    today = timezone.localdate()
    year, month = _asked_month(request) or _default_month(request.user, project, today)
    existing = ProjectReturn.objects.filter(project=project, year=year, month=month).first()
    initial: dict[str, Any] = {"year": year, "month": month}
    if existing is not None:
        initial.update(
            investment_month=existing.investment_month,
            investment_total=existing.investment_total,
            progress=existing.progress,
            problems=existing.problems,
        )
    form = ReturnForm(request.POST or None, request.FILES or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = file_return(
                actor=request.user,
                project=project,
                year=data["year"],
                month=data["month"],
                investment_month=data["investment_month"],
                investment_total=data["investment_total"],
                progress=data["progress"],
                problems=data["problems"],
                photos=data["photos"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(month)s调度数据已报送。") % {"month": month_local(filed.year, filed.month)},
            )
            return _back(project, "returns")
    return render(
        request,
        "projects/project_return_form.html",
        {"form": form, "project": project, "existing": existing},
    )


urlpatterns = [
    path("<id:pk>/move/", project_move, name="project_move"),
    path("<id:pk>/documents/new/", document_add, name="document_add"),
    path("documents/<id:pk>/", document_download, name="document_download"),
    path("<id:pk>/returns/new/", return_file, name="return_file"),
]
