"""``/api/v1/enterprises/…``: the register part (issue 12 item 8): the list with the page's
filters (limit/offset pages), one enterprise, its monthly figures. Scoped as the pages are
(``enterprises_visible_to``: out of sight → 404; a role that reads no register → 403); every
read of one enterprise's data is recorded in the audit log (item 7)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.params import (
    MAX_ID,
    StrictChoiceField,
    StrictIntegerField,
    id_field,
    query_params,
    year_field,
)
from gongye.enterprises import credit_code
from gongye.enterprises.choices import ListingStage, Scale, SrdiLevel
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.permissions import can_read_register
from gongye.enterprises.selectors import register as selectors
from gongye.enterprises.services.register import enterprise_view_record

DEFAULT_LIMIT, MAX_LIMIT = selectors.PAGE_SIZE, 200
YES_NO = ("true", "false")


def _values(choices: Any) -> list[str]:
    return [v for v, _label in choices if v]


class EnterpriseFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,  # spaces alone search nothing: the whole list
        max_length=100,
        help_text="企业名称、曾用名或统一社会信用代码（开头）",
    )
    township = id_field("乡镇（园区）编号", required=False)
    in_dev_zone = StrictChoiceField(label="开发区内", choices=YES_NO, required=False)
    chain = id_field("产业链编号", required=False)
    scale = StrictChoiceField(label="规模", choices=_values(Scale.choices), required=False)
    industry = serializers.RegexField(
        r"^[A-Ta-t][0-9]{0,4}$",
        required=False,
        max_length=5,
        help_text="行业代码前缀（GB/T 4754-2017），如 C34",
        error_messages={
            "invalid": "参数 industry（行业代码）应为 GB/T 4754 代码或其前缀，如 C34。"
        },
    )
    srdi_level = StrictChoiceField(
        label="专精特新", choices=_values(SrdiLevel.choices), required=False
    )
    listing_stage = StrictChoiceField(
        label="上市进程", choices=_values(ListingStage.choices), required=False
    )
    hightech_valid = StrictChoiceField(label="高企证书有效", choices=YES_NO, required=False)
    region = serializers.RegexField(
        r"^[0-9]{2,12}$",
        required=False,
        help_text="县（区）区划代码（市、省用户）",
        error_messages={"invalid": "参数 region（区划代码）应为数字。"},
    )
    limit = StrictIntegerField(label="每页条数", min_value=1, max_value=MAX_LIMIT, required=False)
    offset = StrictIntegerField(label="起始位置", min_value=0, max_value=MAX_ID, required=False)


def _flag(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def filters_from(values: dict[str, Any]) -> selectors.EnterpriseFilters:
    return selectors.EnterpriseFilters(
        q=(values.get("q") or "").strip(),
        township=values.get("township"),
        in_dev_zone=_flag(values.get("in_dev_zone")),
        chain=values.get("chain"),
        scale=values.get("scale", ""),
        industry=values.get("industry", ""),
        srdi_level=values.get("srdi_level", ""),
        listing_stage=values.get("listing_stage", ""),
        hightech_valid=_flag(values.get("hightech_valid")),
        region=values.get("region", ""),
    )


class EnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise as the list gives it."""

    region = serializers.CharField(source="region.code", help_text="县（区）区划代码")
    region_name = serializers.CharField(source="region.name")
    township = serializers.IntegerField(source="township_id", allow_null=True)
    township_name = serializers.CharField(source="township.name", allow_null=True, default=None)
    chain = serializers.IntegerField(source="chain_id", allow_null=True)
    chain_name = serializers.CharField(source="chain.name", allow_null=True, default=None)
    former_names = serializers.ListField(child=serializers.CharField())
    scale = serializers.CharField(help_text="above（规上）或 below（规下）")
    srdi_level = serializers.CharField(
        help_text="专精特新：" + "、".join(_values(SrdiLevel.choices)) + "，空为无"
    )
    listing_stage = serializers.CharField(
        help_text="上市进程：" + "、".join(_values(ListingStage.choices)) + "，空为无"
    )
    above_scale_since = serializers.DateField(allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name",
            "former_names",
            "region",
            "region_name",
            "township",
            "township_name",
            "in_dev_zone",
            "industry_code",
            "industry_name",
            "chain",
            "chain_name",
            "chain_link",
            "scale",
            "above_scale_since",
            "srdi_level",
            "listing_stage",
            "is_active",
            "is_demo",
        ]
        read_only_fields = fields


class EnterpriseDetailSerializer(EnterpriseSerializer):
    """One enterprise's facts (一企一档)."""

    code_kind = serializers.SerializerMethodField(help_text="登记管理部门 · 机构类别")
    ownership = serializers.CharField(help_text="登记注册类型")
    established_on = serializers.DateField(allow_null=True)
    hightech_cert_date = serializers.DateField(allow_null=True)
    hightech_valid_until = serializers.DateField(allow_null=True)
    hightech_valid = serializers.SerializerMethodField(help_text="高企证书今日是否有效")
    paired_leader = serializers.IntegerField(source="paired_leader_id", allow_null=True)
    paired_leader_name = serializers.CharField(
        source="paired_leader.display_name", allow_null=True, default=None
    )
    paired_unit = serializers.IntegerField(source="paired_unit_id", allow_null=True)
    paired_unit_name = serializers.CharField(
        source="paired_unit.name", allow_null=True, default=None
    )

    class Meta(EnterpriseSerializer.Meta):
        fields = [
            *EnterpriseSerializer.Meta.fields,
            "code_kind",
            "ownership",
            "established_on",
            "land_owned_mu",
            "land_rented_mu",
            "hightech_cert_no",
            "hightech_cert_date",
            "hightech_valid_until",
            "hightech_valid",
            "paired_leader",
            "paired_leader_name",
            "paired_unit",
            "paired_unit_name",
            "address",
            "contact_name",
            "contact_phone",
            "updated_at",
        ]
        read_only_fields = fields

    def get_code_kind(self, obj: Enterprise) -> str:
        return credit_code.kind_of(obj.credit_code) if credit_code.is_valid(obj.credit_code) else ""

    def get_hightech_valid(self, obj: Enterprise) -> bool:
        return obj.hightech_valid_on(timezone.localdate())


class EnterprisePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="符合条件的企业总数")
    next = serializers.URLField(allow_null=True, help_text="下一页地址")
    previous = serializers.URLField(allow_null=True, help_text="上一页地址")
    results = EnterpriseSerializer(many=True)


class MonthlyFigureSerializer(serializers.ModelSerializer):
    """One month of an enterprise's figures: flows 本年累计 and 本月 (``*_month``), money in
    万元, electricity in 千瓦时, energy in 吨标准煤, employees at month end."""

    class Meta:
        model = MonthlyFigure
        fields = [
            "year",
            "month",
            "output_value",
            "value_added",
            "revenue",
            "tax",
            "profit",
            "rd_expense",
            "electricity_kwh",
            "energy_tce",
            "output_value_month",
            "value_added_month",
            "revenue_month",
            "tax_month",
            "profit_month",
            "rd_expense_month",
            "electricity_kwh_month",
            "energy_tce_month",
            "employees",
            "source",
        ]
        read_only_fields = fields


class FigureFilterSerializer(serializers.Serializer):
    year = year_field(required=False)


def _page_link(request: Request, limit: int, offset: int | None) -> str | None:
    if offset is None:
        return None
    url = replace_query_param(request.build_absolute_uri(), "limit", limit)
    if offset == 0:
        return remove_query_param(url, "offset")
    return replace_query_param(url, "offset", offset)


class EnterpriseListView(APIView):
    @extend_schema(
        parameters=[EnterpriseFilterSerializer],
        responses=EnterprisePageSerializer,
        operation_id="enterprises_list",
        summary="企业列表",
        description="本人可见的企业（企业用户只见本企业，乡镇只见本乡镇，计划办和统计局见全县，"
        "领导见所联系企业），可按名称、乡镇、开发区、产业链、规模、行业、专精特新、上市进程、"
        "高企证书筛选；每页 limit 条（默认 50，最多 200）。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_read_register(user).require()
        values = query_params(request, EnterpriseFilterSerializer)
        limit = values.get("limit", DEFAULT_LIMIT)
        offset = values.get("offset", 0)
        enterprises = selectors.enterprise_list_for(user, filters_from(values))
        count = enterprises.count()
        rows = list(enterprises[offset : offset + limit]) if offset < count else []
        following = offset + limit if offset + limit < count else None
        preceding = max(0, offset - limit) if offset > 0 else None
        return Response(
            {
                "count": count,
                "next": _page_link(request, limit, following),
                "previous": _page_link(request, limit, preceding),
                "results": EnterpriseSerializer(rows, many=True).data,
            }
        )


class EnterpriseDetailView(APIView):
    @extend_schema(
        responses=EnterpriseDetailSerializer,
        operation_id="enterprises_retrieve",
        summary="企业档案",
        description="一家企业的基本信息（一企一档）；每次读取记入审计日志。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_register(user).require()
        enterprise = selectors.enterprise_for(user, pk)
        enterprise_view_record(actor=user, enterprise=enterprise, what="api")
        return Response(EnterpriseDetailSerializer(enterprise).data)


class EnterpriseFiguresView(APIView):
    @extend_schema(
        parameters=[FigureFilterSerializer],
        responses=MonthlyFigureSerializer(many=True),
        operation_id="enterprises_figures_list",
        summary="企业月度数据",
        description="一家企业的月度数据（可按年度筛选），按年月排序；每次读取记入审计日志。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        can_read_register(user).require()
        values = query_params(request, FigureFilterSerializer)
        enterprise = selectors.enterprise_for(user, pk)
        enterprise_view_record(actor=user, enterprise=enterprise, what="api_figures")
        figures = selectors.figures_for(enterprise, year=values.get("year"))
        return Response(MonthlyFigureSerializer(figures, many=True).data)


urlpatterns: list[URLPattern] = [
    path("enterprises", EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/<id:pk>", EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path(
        "enterprises/<id:pk>/figures",
        EnterpriseFiguresView.as_view(),
        name="enterprise_figures",
    ),
]
