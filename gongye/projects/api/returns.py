"""``/api/v1/projects/{id}/returns``: the 月30 part (issue 13 items 3 and 8): a project's
monthly returns, and filing (or correcting) a month's return with its photos. A bad return
(negative or falling cumulative investment, cumulative above the total, a month still to
come, a photo that is not an image) is refused whole (400, per field) and changes nothing."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.params import query_params
from gongye.projects.api.common import readable_project, service_errors, validated
from gongye.projects.api.serializers import (
    ProjectReturnFileSerializer,
    ProjectReturnSerializer,
    ProjectReturnUploadSerializer,
    ReturnFilterSerializer,
)
from gongye.projects.models import ProjectReturn
from gongye.projects.permissions import can_file_return
from gongye.projects.selectors.api import returns_of
from gongye.projects.services.returns import return_file

# the service's names for the figures, and the API's
RENAMED = {"investment_month": "this_month", "investment_total": "cumulative"}


def _is_json(data: Any) -> bool:
    return isinstance(data, dict) and not hasattr(data, "getlist")


class ProjectReturnsView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        parameters=[ReturnFilterSerializer],
        responses=ProjectReturnSerializer(many=True),
        operation_id="projects_returns_list",
        summary="项目月30调度数据",
        description="一个项目已报送的月度调度数据（可按年度筛选），最近的月份在前，含现场照片。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        values = query_params(request, ReturnFilterSerializer)
        rows = returns_of(project, year=values.get("year"))
        return Response(ProjectReturnSerializer(rows, many=True).data)

    @extend_schema(
        request={
            "application/json": ProjectReturnFileSerializer,
            "multipart/form-data": ProjectReturnUploadSerializer,
        },
        responses={
            201: OpenApiResponse(ProjectReturnSerializer, description="报送了该月的调度数据"),
            200: OpenApiResponse(ProjectReturnSerializer, description="更正了该月已报的调度数据"),
        },
        operation_id="projects_returns_create",
        summary="报送月30调度数据",
        description="责任单位（或督办代报）报送项目某月的本月完成投资、开工以来累计完成投资、形象进度"
        "和存在问题，可附现场照片（multipart 的 photos，可多张，须为图片）。同一月份再次报送即更正"
        "（200），是否按时以首次报送为准。累计为负、低于此前已报、超过总投资，月份未到，本月与累计之差"
        "不符，照片不是图片时整份拒收（400），不写入任何内容。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = readable_project(request, pk)
        can_file_return(user, project).require()
        form = (
            ProjectReturnFileSerializer if _is_json(request.data) else ProjectReturnUploadSerializer
        )
        values = validated(form, request.data)
        filed_before = ProjectReturn.objects.filter(
            project=project, year=values["year"], month=values["month"]
        ).exists()
        with service_errors("photos", RENAMED):
            row = return_file(
                actor=user,
                project=project,
                year=values["year"],
                month=values["month"],
                investment_month=values["this_month"],
                investment_total=values["cumulative"],
                progress=values["progress"],
                problems=values["problems"],
                photos=values.get("photos") or [],
            )
        row = ProjectReturn.objects.select_related("unit", "filed_by").get(pk=row.pk)
        row.photo_list = list(row.photos.order_by("uploaded_at", "id"))  # type: ignore[attr-defined]
        return Response(
            ProjectReturnSerializer(row).data,
            status=status.HTTP_200_OK if filed_before else status.HTTP_201_CREATED,
        )


urlpatterns: list[URLPattern] = [
    path("projects/<id:pk>/returns", ProjectReturnsView.as_view(), name="project_returns"),
]
