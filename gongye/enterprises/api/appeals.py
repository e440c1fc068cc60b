"""``/api/v1/enterprises/appeals…``: the appeals part (诉求, 绿色通道). The same rules as the
pages: out of scope → 404 (the selectors), in scope but not allowed → 403 (the ``can_*``
rules), bad input → 400 with Chinese messages; every write goes through one service."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.params import (
    StrictChoiceField,
    StrictJSONSerializer,
    id_field,
    month_field,
    query_params,
    year_field,
)
from gongye.core.scope import require_acting
from gongye.enterprises.appeal_choices import (
    AppealAction,
    AppealCategory,
    AppealRating,
    AppealStatus,
)
from gongye.enterprises.appeal_permissions import (
    can_log_appeal,
    can_raise_appeal,
    can_see_monthly_table,
    can_view_appeals,
)
from gongye.enterprises.appeal_workflow import APPEAL_WORKFLOW
from gongye.enterprises.models import Appeal
from gongye.enterprises.permissions import enterprises_visible_to
from gongye.enterprises.selectors import appeals as selectors
from gongye.enterprises.selectors.appeals_monthly import appeals_month_table
from gongye.enterprises.services import appeals as services
from gongye.supervision.api.serializers import _request_data, _validated

ACTION_HELP = (
    "assign：督办交办（unit、deadline 必填）；reassign：督办改派或调整时限；return：督办退回提出方"
    "补充（comment 必填）；resubmit：提出方补充后重新提交（可改 title、content、category）；"
    "withdraw：提出方在交办前撤回；answer：承办单位联络员或负责人答复（answer 必填）；accept：企业"
    "评价满意或基本满意并办结（rating）；reopen：企业评价不满意，退回承办单位重新办理（comment 必填）；"
    "close：督办办结无人评价或逾期未评价的答复"
)


# ----- input -----


class AppealFilterSerializer(serializers.Serializer):
    status = StrictChoiceField(label="状态", choices=AppealStatus.choices, required=False)


class AppealCreateSerializer(StrictJSONSerializer):
    enterprise = id_field(
        "企业编号（单位联络员登记走访诉求时必填；企业用户为本企业提出时不填）", required=False
    )
    title = serializers.CharField(max_length=services.TITLE_MAX, help_text="诉求标题")
    content = serializers.CharField(max_length=services.TEXT_MAX, help_text="诉求内容")
    category = StrictChoiceField(label="诉求类别", choices=AppealCategory.choices, required=False)


class AppealActionSerializer(StrictJSONSerializer):
    action = StrictChoiceField(
        label="办理操作", choices=AppealAction.choices, help_text=ACTION_HELP
    )
    unit = id_field("承办单位编号", required=False)
    deadline = serializers.DateField(required=False, help_text="办理时限（YYYY-MM-DD）")
    answer = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    rating = StrictChoiceField(label="满意度", choices=AppealRating.choices, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    title = serializers.CharField(required=False, max_length=services.TITLE_MAX)
    content = serializers.CharField(required=False, max_length=services.TEXT_MAX)
    category = StrictChoiceField(label="诉求类别", choices=AppealCategory.choices, required=False)


class MonthFilterSerializer(serializers.Serializer):
    year = year_field()
    month = month_field()


# ----- output -----


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AppealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise = NamedSerializer()
    title = serializers.CharField()
    content = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    source = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.source
    source_label = serializers.CharField(source="get_source_display")
    raised_unit = NamedSerializer(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    return_comment = serializers.CharField()
    unit = NamedSerializer(allow_null=True, help_text="承办单位")
    deadline = serializers.DateField(allow_null=True)
    colour = serializers.SerializerMethodField(
        help_text="办理中的红黄绿：green、yellow、red；其他状态为空"
    )
    answer = serializers.CharField()
    rating = serializers.CharField(
        help_text="satisfied（满意）、basic（基本满意）、unsatisfied（不满意）或空"
    )
    rating_comment = serializers.CharField()
    reopen_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    assigned_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    rated_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_colour(self, obj: Appeal) -> str:
        return selectors.appeal_colour(obj)


class TimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    unit_name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    note = serializers.CharField()


class AppealDetailSerializer(AppealSerializer):
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="当前用户现在可以执行的操作"
    )
    timeline = TimelineSerializer(many=True)


class MonthRowSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True, help_text="空为待交办")
    unit_name = serializers.CharField()
    raised = serializers.IntegerField()
    assigned = serializers.IntegerField()
    answered = serializers.IntegerField()
    closed = serializers.IntegerField()
    overdue = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    satisfaction = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="满意率（%）"
    )


class MonthTableSerializer(serializers.Serializer):
    region_name = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    rows = MonthRowSerializer(many=True)
    total = MonthRowSerializer()


def _detail(user: Any, appeal: Appeal) -> Any:
    appeal = selectors.appeal_get_for(user, appeal.pk)
    appeal.actions = [str(e.action) for e in APPEAL_WORKFLOW.available(user, appeal)]  # type: ignore[attr-defined]
    appeal.timeline = selectors.appeal_timeline(appeal)  # type: ignore[attr-defined]
    return AppealDetailSerializer(appeal).data


class AppealListView(APIView):
    @extend_schema(
        responses=AppealSerializer(many=True),
        parameters=[AppealFilterSerializer],
        summary="企业诉求列表",
        description="按知情范围：企业用户只看本企业的；单位看交办给本单位和本单位登记的；督办、统计局看"
        "本区划全部；领导看联系企业的。已撤回的诉求只在按状态 withdrawn 筛选时列出。按提出时间倒序，"
        "最多 500 条。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_view_appeals(user).require()
        filters = query_params(request, AppealFilterSerializer)
        rows = selectors.appeal_list_for(user, status=filters.get("status", ""))[:500]
        return Response(AppealSerializer(rows, many=True).data)

    @extend_schema(
        request=AppealCreateSerializer,
        responses={201: AppealDetailSerializer},
        summary="提出或登记诉求",
        description="企业用户为本企业提出诉求（不填 enterprise）；单位联络员登记走访（四送一服）中"
        "收集的诉求（enterprise 为其可见的企业）。",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        values = _validated(AppealCreateSerializer, _request_data(request))
        enterprise_id = values.pop("enterprise", None)
        if enterprise_id is None:
            can_raise_appeal(user).require()
            appeal = services.appeal_raise(actor=user, **values)
        else:
            enterprise = get_object_or_404(enterprises_visible_to(user), pk=enterprise_id)
            can_log_appeal(user, enterprise).require()
            appeal = services.appeal_log(actor=user, enterprise=enterprise, **values)
        return Response(_detail(user, appeal), status=status.HTTP_201_CREATED)


class AppealDetailView(APIView):
    @extend_schema(
        responses=AppealDetailSerializer,
        summary="企业诉求详情",
        description="诉求、答复与评价，当前用户可执行的操作，以及办理过程（审计日志）。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        appeal = selectors.appeal_get_for(user, pk)
        can_view_appeals(user).require()
        return Response(_detail(user, appeal))


class AppealActionView(APIView):
    @extend_schema(
        request=AppealActionSerializer,
        responses=AppealDetailSerializer,
        summary="办理企业诉求",
        description="诉求流程的一步：" + ACTION_HELP + "。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        appeal = selectors.appeal_get_for(user, pk)
        can_view_appeals(user).require()
        values = _validated(AppealActionSerializer, _request_data(request))
        action = values.pop("action")
        appeal = services.appeal_act(actor=user, appeal=appeal, action=action, **values)
        return Response(_detail(user, appeal))


class AppealMonthlyView(APIView):
    @extend_schema(
        responses=MonthTableSerializer,
        parameters=[MonthFilterSerializer],
        summary="企业诉求办理情况月报",
        description="各承办单位当月新提、交办、答复、办结、逾期诉求数和满意率，含合计（供调度通报）。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_see_monthly_table(user).require()
        filters = query_params(request, MonthFilterSerializer)
        table = appeals_month_table(
            region=require_acting(user).region, year=filters["year"], month=filters["month"]
        )
        return Response(MonthTableSerializer(table).data)


urlpatterns = [
    path("enterprises/appeals", AppealListView.as_view(), name="enterprise_appeal_list"),
    path(
        "enterprises/appeals/monthly",
        AppealMonthlyView.as_view(),
        name="enterprise_appeal_monthly",
    ),
    path(
        "enterprises/appeals/<id:pk>",
        AppealDetailView.as_view(),
        name="enterprise_appeal_detail",
    ),
    path(
        "enterprises/appeals/<id:pk>/actions",
        AppealActionView.as_view(),
        name="enterprise_appeal_action",
    ),
]
