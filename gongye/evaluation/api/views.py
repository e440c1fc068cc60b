"""``/api/v1/evaluation/…``: schemes (read, save a version), runs (list, one, its results, make
one, publish or discard it), one result explained, appeals (list, one, file one, decide or
withdraw). Scoped as the pages: out of sight → 404, not the caller's to do → 403, wrong input
→ 400 in Chinese, nothing written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.api_support import page, service_errors, validated
from gongye.core.http import request_user
from gongye.core.params import query_params
from gongye.core.scope import require_acting
from gongye.evaluation.api import serializers as s
from gongye.evaluation.permissions import (
    can_file_appeal,
    can_manage_evaluation,
    can_read_evaluation,
    can_read_own_result,
)
from gongye.evaluation.selectors import runs as reads
from gongye.evaluation.selectors.explained import explain
from gongye.evaluation.services import appeals as appeal_services
from gongye.evaluation.services import runs as run_services
from gongye.evaluation.services.schemes import scheme_save


def _paged(request: Request, rows: Any, values: dict[str, Any], serializer: Any) -> Response:
    """One page of ``rows`` (limit/offset from the checked query) written by ``serializer``."""
    found = page(request, rows, values, s.DEFAULT_LIMIT)
    found["results"] = serializer(found["results"], many=True).data
    return Response(found)


def _scheme_out(scheme: Any) -> dict[str, Any]:
    current = scheme.current
    return s.EvaluationSchemeSerializer(
        {
            "id": scheme.pk,
            "name": scheme.name,
            "year": scheme.year,
            "current_number": current.number if current else None,
            "current_document": current.document if current else None,
        }
    ).data


class SchemeListView(APIView):
    @extend_schema(
        responses=s.EvaluationSchemeSerializer(many=True),
        operation_id="evaluation_schemes_list",
        summary="评价方案",
        description="本区划的亩均效益评价方案及其当前版本的文本。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_evaluation(user).require()
        return Response([_scheme_out(scheme) for scheme in reads.schemes_for(user)[:200]])

    @extend_schema(
        request=s.EvaluationSchemeSaveSerializer,
        responses={201: s.EvaluationSchemeVersionSerializer},
        operation_id="evaluation_schemes_create",
        summary="保存评价方案",
        description="督办（计划办）保存方案文本（YAML 或 JSON）为新版本（方案名称和年度取自文本）；"
        "文本有误时返回 400，document 下逐条列出有误的行，不写入任何内容。",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        can_manage_evaluation(user).require()
        values = validated(s.EvaluationSchemeSaveSerializer, request.data)
        version = scheme_save(
            actor=user,
            region=require_acting(user).region,
            document=values["document"],
            year=values.get("year"),
            note=values.get("note") or "",
        )
        return Response(
            s.EvaluationSchemeVersionSerializer(version).data, status=status.HTTP_201_CREATED
        )


class SchemeRunView(APIView):
    @extend_schema(
        request=s.EvaluationRunCreateSerializer,
        responses={201: s.EvaluationRunSerializer},
        operation_id="evaluation_schemes_runs_create",
        summary="评价试算",
        description="用方案的当前版本对企业库中该年度（默认方案年度）的数据试算，结果为待公示的批次。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_manage_evaluation(user).require()
        scheme = reads.scheme_for(user, pk)
        values = validated(s.EvaluationRunCreateSerializer, request.data)
        version = scheme.current
        if version is None:
            raise DjangoValidationError({"scheme": ["方案还没有保存过版本。"]})
        with service_errors("year"):
            run = run_services.run_create(actor=user, version=version, year=values.get("year"))
        return Response(s.EvaluationRunSerializer(run).data, status=status.HTTP_201_CREATED)


class RunListView(APIView):
    @extend_schema(
        parameters=[s.EvaluationRunFilterSerializer],
        responses=s.EvaluationRunPageSerializer,
        operation_id="evaluation_runs_list",
        summary="评价批次",
        description="本区划的评价批次，最新的在前，可按年度、状态筛选。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_evaluation(user).require()
        values = query_params(request, s.EvaluationRunFilterSerializer)
        rows = reads.runs_for(user)
        if "year" in values:
            rows = rows.filter(year=values["year"])
        if "status" in values:
            rows = rows.filter(status=values["status"])
        return _paged(request, rows, values, s.EvaluationRunSerializer)


class RunDetailView(APIView):
    @extend_schema(
        responses=s.EvaluationRunSerializer,
        operation_id="evaluation_runs_retrieve",
        summary="评价批次详情",
        description="一个批次：方案版本、状态、异议截止日期、结果摘要（每组各类数、基准值）。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_evaluation(user).require()
        return Response(s.EvaluationRunSerializer(reads.run_for(user, pk)).data)


class RunActionView(APIView):
    @extend_schema(
        request=s.EvaluationRunActionSerializer,
        responses=s.EvaluationRunSerializer,
        operation_id="evaluation_runs_actions_create",
        summary="公示或作废评价批次",
        description="publish：公示（此后不可更改，异议截止日期默认7天后）；discard：作废试算。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_evaluation(user).require()
        run = reads.run_for(user, pk)
        values = validated(s.EvaluationRunActionSerializer, request.data)
        with service_errors("action"):
            if values["action"] == "publish":
                run = run_services.run_publish(
                    actor=user, run=run, appeal_until=values.get("appeal_until")
                )
            else:
                run = run_services.run_discard(actor=user, run=run)
        return Response(s.EvaluationRunSerializer(run).data)


class RunResultsView(APIView):
    @extend_schema(
        parameters=[s.EvaluationResultFilterSerializer],
        responses=s.EvaluationResultPageSerializer,
        operation_id="evaluation_runs_results_list",
        summary="评价结果",
        description="一个批次的企业结果，按分组、组内排名排列，可按分组、类别、参评情况、名称或代码筛选。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_evaluation(user).require()
        run = reads.run_for(user, pk)
        values = query_params(request, s.EvaluationResultFilterSerializer)
        filters = reads.ResultFilters(
            group=values.get("group", ""),
            klass=values.get("klass", ""),
            status=values.get("status", ""),
            q=values.get("q", ""),
        )
        return _paged(request, reads.results_of(run, filters), values, s.EvaluationResultSerializer)


class ResultDetailView(APIView):
    @extend_schema(
        responses=s.EvaluationResultDetailSerializer,
        operation_id="evaluation_results_retrieve",
        summary="企业评价结果",
        description="一家企业的结果逐项说明：评价所用数据、各指标值与得分、说明、所属类别的差别化政策。"
        "企业用户只能看到本企业已公示的结果。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_own_result(user).require()
        result = reads.result_for(user, pk)
        explained = explain(result)
        data = dict(s.EvaluationResultSerializer(result).data)
        data["inputs"] = result.inputs
        data["explanation"] = explained.notes + [
            f"{item.name}：{note}" for item in explained.items for note in item.notes
        ]
        data["policies"] = [[item, measure] for item, measure in explained.policies]
        return Response(data)


class AppealListView(APIView):
    @extend_schema(
        parameters=[s.EvaluationAppealFilterSerializer],
        responses=s.EvaluationAppealPageSerializer,
        operation_id="evaluation_appeals_list",
        summary="评价异议",
        description="本区划的异议（企业用户：本企业的异议），最新的在前。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_own_result(user).require()
        values = query_params(request, s.EvaluationAppealFilterSerializer)
        rows = reads.appeals_for(user)
        if "status" in values:
            rows = rows.filter(status=values["status"])
        return _paged(request, rows, values, s.EvaluationAppealSerializer)


class ResultAppealView(APIView):
    @extend_schema(
        request=s.EvaluationAppealCreateSerializer,
        responses={201: s.EvaluationAppealSerializer},
        operation_id="evaluation_results_appeals_create",
        summary="提出异议",
        description="企业用户在公示期内对本企业结果中的一项数据提出异议（应为多少、理由）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_own_result(user).require()
        result = reads.result_for(user, pk)
        can_file_appeal(user, result).require()
        values = validated(s.EvaluationAppealCreateSerializer, request.data)
        appeal = appeal_services.appeal_file(
            actor=user,
            result=result,
            variable=values["variable"],
            claimed_value=values["claimed_value"],
            statement=values["statement"],
        )
        return Response(s.EvaluationAppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class AppealDetailView(APIView):
    @extend_schema(
        responses=s.EvaluationAppealSerializer,
        operation_id="evaluation_appeals_retrieve",
        summary="异议详情",
        description="一项异议及其处理结果。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_own_result(user).require()
        return Response(s.EvaluationAppealSerializer(reads.appeal_for(user, pk)).data)


class AppealActionView(APIView):
    @extend_schema(
        request=s.EvaluationAppealActionSerializer,
        responses=s.EvaluationAppealSerializer,
        operation_id="evaluation_appeals_actions_create",
        summary="处理或撤回异议",
        description="uphold：异议成立（以企业所报数值重新试算，生成新的待公示批次）；reject：异议不成立"
        "（须填处理意见）；withdraw：提出异议的企业用户撤回。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_own_result(user).require()
        appeal = reads.appeal_for(user, pk)
        values = validated(s.EvaluationAppealActionSerializer, request.data)
        with service_errors("action"):
            appeal = appeal_services.appeal_act(
                actor=user,
                appeal=appeal,
                action=values["action"],
                decision=values.get("decision") or "",
            )
        return Response(s.EvaluationAppealSerializer(appeal).data)


urlpatterns: list[URLPattern] = [
    path("evaluation/schemes", SchemeListView.as_view(), name="evaluation_schemes"),
    path("evaluation/schemes/<id:pk>/runs", SchemeRunView.as_view(), name="evaluation_scheme_runs"),
    path("evaluation/runs", RunListView.as_view(), name="evaluation_runs"),
    path("evaluation/runs/<id:pk>", RunDetailView.as_view(), name="evaluation_run_detail"),
    path("evaluation/runs/<id:pk>/actions", RunActionView.as_view(), name="evaluation_run_actions"),
    path(
        "evaluation/runs/<id:pk>/results", RunResultsView.as_view(), name="evaluation_run_results"
    ),
    path("evaluation/results/<id:pk>", ResultDetailView.as_view(), name="evaluation_result_detail"),
    path(
        "evaluation/results/<id:pk>/appeals",
        ResultAppealView.as_view(),
        name="evaluation_result_appeals",
    ),
    path("evaluation/appeals", AppealListView.as_view(), name="evaluation_appeals"),
    path("evaluation/appeals/<id:pk>", AppealDetailView.as_view(), name="evaluation_appeal_detail"),
    path(
        "evaluation/appeals/<id:pk>/actions",
        AppealActionView.as_view(),
        name="evaluation_appeal_actions",
    ),
]
