"""Reads of the project register's API (issue 13 item 8), scoped exactly as the pages: every
read starts from ``permissions.projects_visible_to`` / ``problems_visible_to`` (out of sight
→ 404). One project with what its answer carries (moves available, files, returns with their
photos, open problems) in a fixed number of queries; the problem list and one problem."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.core.scope import acting_of
from gongye.orgs.choices import RegionLevel
from gongye.projects.choices import ProblemStatus
from gongye.projects.models import Project, ProjectDocument, ProjectProblem, ProjectReturn
from gongye.projects.permissions import problems_visible_to
from gongye.projects.workflows import PROBLEM_WORKFLOW, PROJECT_WORKFLOW

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from gongye.accounts.models import User

RETURN_MONTHS = 36  # a project's answer carries its last three years of returns
PROBLEM_RELATED = ("project", "raised_by", "raised_unit", "unit")


def returns_of(project: Project, *, year: int | None = None, limit: int | None = None) -> list:
    """The project's 月30 returns, newest first, each with its photos (``photo_list``)."""
    rows = ProjectReturn.objects.filter(project=project).select_related("unit", "filed_by")
    if year is not None:
        rows = rows.filter(year=year)
    rows = rows.order_by("-year", "-month")
    found = list(rows[:limit] if limit is not None else rows)
    photos: dict[int, list[ProjectDocument]] = {r.pk: [] for r in found}
    for document in ProjectDocument.objects.filter(project_return__in=found).order_by(
        "uploaded_at", "id"
    ):
        photos[document.project_return_id].append(document)  # type: ignore[index]
    for row in found:
        row.photo_list = photos[row.pk]  # type: ignore[attr-defined]
    return found


def with_overdue(problems: list[ProjectProblem], today: dt.date) -> list[ProjectProblem]:
    """Marks each problem ``overdue``: being done (办理中) past its deadline."""
    for problem in problems:
        problem.overdue = (  # type: ignore[attr-defined]
            problem.status == ProblemStatus.ASSIGNED
            and problem.deadline is not None
            and problem.deadline < today
        )
    return problems


def project_detail(user: User, project: Project) -> Project:
    """The project (from ``selectors.projects.project_for``) with what its answer carries."""
    p: Any = project
    p.actions = [str(e.action) for e in PROJECT_WORKFLOW.available(user, project)]
    p.documents_list = list(
        project.documents.filter(project_return__isnull=True).order_by("uploaded_at", "id")
    )
    p.returns_list = returns_of(project, limit=RETURN_MONTHS)
    p.open_problems = with_overdue(
        list(
            problems_visible_to(user)
            .open()
            .filter(project=project)
            .select_related(*PROBLEM_RELATED)
            .order_by("-created_at", "-id")
        ),
        timezone.localdate(),
    )
    return project


def problem_list_for(
    user: User | AnonymousUser,
    *,
    status: str = "",
    project: int | None = None,
    unit: int | None = None,
) -> QuerySet[ProjectProblem]:
    """The problems ``user`` may see (those of the projects they see), newest first."""
    rows = problems_visible_to(user)
    acting = acting_of(user)
    if acting is not None and acting.region.level == RegionLevel.COUNTY:
        rows = rows.filter(region_id=acting.region_id)  # the (region, status) index
    if status:
        rows = rows.filter(status=status)
    if project is not None:
        rows = rows.filter(project_id=project)
    if unit is not None:
        rows = rows.filter(unit_id=unit)
    return rows.select_related(*PROBLEM_RELATED).order_by("-created_at", "-id")


def problem_for(user: User | AnonymousUser, pk: int) -> ProjectProblem:
    """One problem ``user`` may see; 404 otherwise."""
    found = problems_visible_to(user).select_related(*PROBLEM_RELATED).filter(pk=pk).first()
    if found is None:
        raise Http404(_("未找到该问题，或不在您的管辖范围内。"))
    return found


def problem_detail(user: User, problem: ProjectProblem) -> ProjectProblem:
    """The problem with the steps ``user`` may take on it now."""
    with_overdue([problem], timezone.localdate())
    problem.actions = [  # type: ignore[attr-defined]
        str(e.action) for e in PROBLEM_WORKFLOW.available(user, problem)
    ]
    return problem
