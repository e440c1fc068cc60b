"""Plans under /api/v1/: read-only, scoped like the pages (out of region → 404)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongye.core.http import request_user
from gongye.core.params import id_field, month_field, query_params
from gongye.plans import selectors
from gongye.plans.api.serializers import PlanSerializer, TargetSerializer, TaskSerializer
from gongye.plans.permissions import can_view_plans


class PlanListView(APIView):
    @extend_schema(responses=PlanSerializer(many=True), summary="工作计划")
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_view_plans(user).require()
        return Response(PlanSerializer(selectors.plan_list_for(user), many=True).data)


class PlanDetailView(APIView):
    @extend_schema(responses=PlanSerializer, summary="工作计划详情")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        plan = selectors.plan_get_for(user, pk)
        can_view_plans(user).require()
        return Response(PlanSerializer(plan).data)


class PlanTaskFilterSerializer(serializers.Serializer):
    month = month_field(required=False)
    unit = id_field("单位编号", required=False)


class PlanTaskListView(APIView):
    @extend_schema(
        responses=TaskSerializer(many=True),
        parameters=[PlanTaskFilterSerializer],
        summary="计划的重点工作",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        plan = selectors.plan_get_for(user, pk)
        can_view_plans(user).require()
        filters = query_params(request, PlanTaskFilterSerializer)
        tasks = selectors.task_list_for_plan(
            plan, month=filters.get("month"), unit_id=filters.get("unit")
        )
        return Response(TaskSerializer(tasks, many=True).data)


class PlanTargetListView(APIView):
    @extend_schema(responses=TargetSerializer(many=True), summary="计划的目标")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        plan = selectors.plan_get_for(user, pk)
        can_view_plans(user).require()
        return Response(TargetSerializer(selectors.target_list_for_plan(plan), many=True).data)
