"""What the project register's API parts share: input checked as the services answer (a
Django ``ValidationError``, which the API's exception handler turns into a 400 with Chinese
messages per field), limit/offset pages as the enterprise register's, and a service's error
that names no field put on the field it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rest_framework.request import Request

from gongye.core.api_support import page as core_page
from gongye.core.api_support import service_errors, validated
from gongye.core.http import request_user
from gongye.projects.api.serializers import DEFAULT_LIMIT
from gongye.projects.permissions import can_read_projects
from gongye.projects.selectors.projects import project_for

__all__ = ["page", "readable_project", "service_errors", "validated"]

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.projects.models import Project


def page(request: Request, rows: QuerySet[Any], values: dict[str, Any]) -> dict[str, Any]:
    """One page of ``rows`` at the register's page size (``core.api_support.page``)."""
    return core_page(request, rows, values, DEFAULT_LIMIT)


def readable_project(request: Request, pk: Any) -> tuple[User, Project]:
    """The caller and the project it asks for: a role that reads projects (403 otherwise), a
    project in its sight (404 otherwise) — what every per-project operation starts with."""
    user = request_user(request)
    can_read_projects(user).require()
    return user, project_for(user, pk)
