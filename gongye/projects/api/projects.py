"""``/api/v1/projects…``: the register part (issue 13 items 1, 2 and 8): the list with the
page's filters (limit/offset pages), one project with its returns and open problems,
registering and editing a project, its moves through 三库联动 and its files.

Scoped as the pages are: a role that reads no project → 403 (``can_read_projects``); a project
out of sight → 404 (``selectors.projects.project_for``); in sight but not allowed → 403 with
the reason; bad input → 400 with Chinese messages per field, nothing written. Every write goes
through one service, which authorises, validates and audits in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.params import query_params
from gongye.core.scope import require_acting
from gongye.enterprises.models import IndustryChain
from gongye.enterprises.permissions import enterprises_visible_to
from gongye.orgs.models import Unit
from gongye.projects.api.common import page, readable_project, service_errors, validated
from gongye.projects.api.serializers import (
    ProjectDetailSerializer,
    ProjectDocumentSerializer,
    ProjectDocumentUploadSerializer,
    ProjectFactsSerializer,
    ProjectFilterSerializer,
    ProjectMoveSerializer,
    ProjectPageSerializer,
    ProjectSerializer,
)
from gongye.projects.models import Project
from gongye.projects.permissions import can_edit_project, can_read_projects, can_register_project
from gongye.projects.selectors import projects as selectors
from gongye.projects.selectors.api import project_detail
from gongye.projects.services import projects as services
from gongye.projects.workflows import PROJECT_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Region

MOVE_NOTE = (
    "不适用于项目当前所处库的操作、缺少日期或原因、日期晚于今天或早于上一环节、缺少开工佐证时"
    "返回 400，不写入任何内容。"
)


def detail_out(user: User, pk: int) -> Any:
    """The project as the detail answers it, read again after a write: the writer was
    authorised by the service, so it is read by its id rather than through the reader's scope
    (a write never hides from its writer what it just wrote)."""
    project = Project.objects.select_related(*selectors.LIST_RELATED).get(pk=pk)
    return ProjectDetailSerializer(project_detail(user, project)).data


# the body's key for the project's enterprise (a field, not the enterprise role)
ENTERPRISE_FIELD = "enterprise"


def _facts(user: User, region: Region, values: dict[str, Any]) -> dict[str, Any]:
    """The checked body as the service's facts: ids become the objects they name. An
    enterprise out of the writer's sight is not found (404), as the register's API answers;
    a chain, a location or a unit that is not the county's is refused on its field."""
    facts = dict(values)
    enterprise_id = values.get(ENTERPRISE_FIELD)
    if enterprise_id is not None:
        found = enterprises_visible_to(user).filter(region=region, pk=enterprise_id).first()
        if found is None:
            raise Http404
        facts["enterprise"] = found
    if values.get("chain") is not None:
        chain = IndustryChain.objects.filter(region=region, pk=values["chain"]).first()
        if chain is None:
            raise DjangoValidationError({"chain": [_("产业链应为本县设置的产业链。")]})
        facts["chain"] = chain
    for name in ("location", "unit"):
        if name in values:
            # none (or one of another county): refused by the service on its field, in its words
            facts[name] = Unit.objects.filter(region=region, pk=values[name]).first()
    return facts


class ProjectListView(APIView):
    @extend_schema(
        parameters=[ProjectFilterSerializer],
        responses=ProjectPageSerializer,
        operation_id="projects_list",
        summary="项目列表",
        description="本人可见的项目（督办、统计局、领导见本区划全部；乡镇、开发区和部门见在本辖区建设、"
        "由本单位负责或有问题交本单位办理的项目；企业用户见本企业的项目），可按所处库、项目类型、"
        "产业链、建设地点、投资规模、名称筛选，按总投资由大到小；每页 limit 条（默认 50，最多 200）。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_projects(user).require()
        values = query_params(request, ProjectFilterSerializer)
        filters = selectors.ProjectFilters(
            q=(values.get("q") or "").strip(),
            stage=values.get("stage", ""),
            kind=values.get("kind", ""),
            chain=values.get("chain"),
            location=values.get("location"),
            size=values.get("size", ""),
        )
        found = page(request, selectors.project_list_for(user, filters), values)
        found["results"] = ProjectSerializer(found["results"], many=True).data
        return Response(found)

    @extend_schema(
        request=ProjectFactsSerializer,
        responses={201: ProjectDetailSerializer},
        operation_id="projects_create",
        summary="登记项目",
        description="督办（计划办）登记本县任一项目；乡镇、开发区联络员登记在本辖区建设的项目。登记后"
        "进入储备库。项目单位为企业库中的企业（enterprise，须为本人可见的本县企业，否则 404），或填写"
        "尚未入库的项目单位名称（enterprise_name）。",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        can_register_project(user).require()
        values = validated(ProjectFactsSerializer, request.data)
        region = require_acting(user).region
        project = services.project_create(
            actor=user, region=region, facts=_facts(user, region, values)
        )
        return Response(detail_out(user, project.pk), status=status.HTTP_201_CREATED)


class ProjectDetailView(APIView):
    @extend_schema(
        responses=ProjectDetailSerializer,
        operation_id="projects_retrieve",
        summary="项目详情",
        description="一个项目的基本信息、所处库及各环节日期、当前用户可执行的三库联动操作、项目材料、"
        "最近36个月的月30调度数据（含照片）和未销号的问题。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        return Response(ProjectDetailSerializer(project_detail(user, project)).data)

    @extend_schema(
        request=ProjectFactsSerializer,
        responses=ProjectDetailSerializer,
        operation_id="projects_partial_update",
        summary="修改项目信息",
        description="责任单位或督办（计划办）修改项目的基本信息（只改提交的字段）；更换责任单位（unit）"
        "仅督办。所处库及开工、竣工等日期只能通过 /moves 变更。",
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        can_edit_project(user, project).require()
        values = validated(ProjectFactsSerializer, request.data, partial=True)
        services.project_update(
            actor=user, project=project, facts=_facts(user, project.region, values)
        )
        return Response(detail_out(user, project.pk))


class ProjectMoveView(APIView):
    @extend_schema(
        request=ProjectMoveSerializer,
        responses=ProjectDetailSerializer,
        operation_id="projects_moves_create",
        summary="三库联动",
        description="按三库联动的流转图走一步：储备库 → 在建库 → 投产库 → 纳规，或终止、恢复、撤回误"
        "操作；记入审计日志，历史保留。开工须先上传施工许可或现场照片（POST /documents）。"
        + MOVE_NOTE,
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        values = validated(ProjectMoveSerializer, request.data)
        action = values["action"]
        edge = PROJECT_WORKFLOW.edge(project.stage, action)
        if edge is not None:
            edge.allowed(user, project).require()  # 403 with the reason, before the dates
        with service_errors("action", {"on": "date"}):
            services.project_move(
                actor=user,
                project=project,
                action=action,
                on=values.get("date"),
                produced_on=values.get("produced_on"),
                reason=values.get("reason") or "",
            )
        return Response(detail_out(user, project.pk))


class ProjectDocumentView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ProjectDocumentUploadSerializer},
        responses={201: ProjectDocumentSerializer},
        operation_id="projects_documents_create",
        summary="上传项目材料",
        description="责任单位或督办（计划办）上传项目材料（施工许可、现场照片、竣工验收等），按文件内容"
        "识别类型，超过大小或内容不符的拒收（400），不保存任何内容。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        can_edit_project(user, project).require()
        values = validated(ProjectDocumentUploadSerializer, request.data)
        with service_errors("file"):
            document = services.project_document_add(
                actor=user, project=project, upload=values["file"], kind=values["kind"]
            )
        return Response(ProjectDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern] = [
    path("projects", ProjectListView.as_view(), name="project_list"),
    path("projects/<id:pk>", ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<id:pk>/moves", ProjectMoveView.as_view(), name="project_moves"),
    path("projects/<id:pk>/documents", ProjectDocumentView.as_view(), name="project_documents"),
]
