"""``/api/v1/projects/problems…``: the problem lists (问题清单交办, issue 13 items 5 and 8): the
problems of the projects the reader sees, one problem with the steps the reader may take,
raising a problem on a project, and each step of ``PROBLEM_WORKFLOW`` (assign, reassign,
answer, close, reopen, withdraw). Out of sight → 404, not the reader's step → 403, a step
that does not fit or lacks what it needs → 400 in Chinese, nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.params import query_params
from gongye.projects.api.common import page, readable_project, service_errors, validated
from gongye.projects.api.serializers import (
    PROBLEM_HELP,
    ProblemFilterSerializer,
    ProjectProblemActionSerializer,
    ProjectProblemDetailSerializer,
    ProjectProblemPageSerializer,
    ProjectProblemRaiseSerializer,
    ProjectProblemSerializer,
)
from gongye.projects.models import ProjectProblem
from gongye.projects.permissions import can_raise_problem, can_read_projects
from gongye.projects.selectors import api as reads
from gongye.projects.services import problems as services

if TYPE_CHECKING:
    from gongye.accounts.models import User


def _detail_out(user: User, pk: int) -> Any:
    """The problem as the detail answers it, read again after a step (by its id: the step was
    the writer's to take, whatever it changed about who sees it)."""
    problem = ProjectProblem.objects.select_related(*reads.PROBLEM_RELATED).get(pk=pk)
    return ProjectProblemDetailSerializer(reads.problem_detail(user, problem)).data


class ProblemListView(APIView):
    @extend_schema(
        parameters=[ProblemFilterSerializer],
        responses=ProjectProblemPageSerializer,
        operation_id="projects_problems_list",
        summary="项目问题清单",
        description="本人可见项目的问题（谁能看到项目，谁就能看到它的问题），可按状态、项目、承办单位"
        "筛选，最新提出的在前；每页 limit 条（默认 50，最多 200）。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_projects(user).require()
        values = query_params(request, ProblemFilterSerializer)
        rows = reads.problem_list_for(
            user,
            status=values.get("status", ""),
            project=values.get("project"),
            unit=values.get("unit"),
        )
        found = page(request, rows, values)
        found["results"] = ProjectProblemSerializer(
            reads.with_overdue(found["results"], timezone.localdate()), many=True
        ).data
        return Response(found)


class ProblemDetailView(APIView):
    @extend_schema(
        responses=ProjectProblemDetailSerializer,
        operation_id="projects_problems_retrieve",
        summary="项目问题详情",
        description="一个项目问题的办理情况，以及当前用户现在可以执行的办理操作。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_projects(user).require()
        problem = reads.problem_for(user, pk)
        return Response(ProjectProblemDetailSerializer(reads.problem_detail(user, problem)).data)


class ProjectProblemRaiseView(APIView):
    @extend_schema(
        request=ProjectProblemRaiseSerializer,
        responses={201: ProjectProblemDetailSerializer},
        operation_id="projects_problems_create",
        summary="提出项目问题",
        description="项目所在单位、责任单位、领导或督办（计划办）提出项目问题，待督办交办；督办提出时"
        "可同时交办（unit 和 deadline）。其他人填写的 unit、deadline 不起作用。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        can_raise_problem(user, project).require()
        values = validated(ProjectProblemRaiseSerializer, request.data)
        problem = services.problem_raise(
            actor=user,
            project=project,
            title=values["title"],
            content=values["content"],
            unit=values.get("unit"),
            deadline=values.get("deadline"),
        )
        return Response(_detail_out(user, problem.pk), status=status.HTTP_201_CREATED)


class ProblemActionView(APIView):
    @extend_schema(
        request=ProjectProblemActionSerializer,
        responses=ProjectProblemDetailSerializer,
        operation_id="projects_problems_actions_create",
        summary="办理项目问题",
        description="问题清单交办的一步：" + PROBLEM_HELP + "。不是本人可办的操作返回 403；不适用于"
        "当前状态或缺少所需内容返回 400，不写入任何内容。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_projects(user).require()
        problem = reads.problem_for(user, pk)
        values = validated(ProjectProblemActionSerializer, request.data)
        with service_errors("action"):
            services.problem_act(
                actor=user,
                problem=problem,
                action=values["action"],
                unit=values.get("unit"),
                deadline=values.get("deadline"),
                answer=values.get("answer") or "",
                comment=values.get("comment") or "",
            )
        return Response(_detail_out(user, problem.pk))


urlpatterns: list[URLPattern] = [
    path("projects/problems", ProblemListView.as_view(), name="project_problem_list"),
    path("projects/problems/<id:pk>", ProblemDetailView.as_view(), name="project_problem_detail"),
    path(
        "projects/problems/<id:pk>/actions",
        ProblemActionView.as_view(),
        name="project_problem_actions",
    ),
    path("projects/<id:pk>/problems", ProjectProblemRaiseView.as_view(), name="project_problems"),
]
