"""``/api/v1/enterprises/…``: the figures part — an enterprise's months with year-on-year
growth, and the statistics bureau's sheet checked without writing (the page's preview, the
command's --dry-run). Out of scope → 404, not allowed → 403, a bad upload → 400 in Chinese."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.scope import require_acting
from gongye.core.sheets import DEFAULT_LIMITS, MB
from gongye.core.uploads import too_large
from gongye.enterprises.permissions import can_import_figures, can_read_register
from gongye.enterprises.selectors import register as register_selectors
from gongye.enterprises.selectors.figures import figures_series
from gongye.enterprises.services.figures import figures_import_prepare
from gongye.enterprises.services.register import enterprise_view_record
from gongye.enterprises.views.figures import parse_month


class MonthSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    # DRF's metaclass takes declared fields off the class: these names shadow nothing at runtime
    source = serializers.CharField(help_text="来源：企业填报、统计局导入、演示数据")  # type: ignore[assignment]
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True),
        help_text="本年累计（员工为月末人数）：金额万元，用电千瓦时，能耗吨标准煤",
    )
    monthly = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True),
        help_text="本月",
    )
    yoy = serializers.DictField(
        child=serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True),
        help_text="同比增速（%），与上年同月比；无上年数据时为 null",
    )


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="统计局企业月度数据表（.xlsx/.xls/.csv，不超过 20 MB）")
    month = serializers.CharField(required=False, help_text="数据月份 YYYY-MM（默认取表题）")


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()


class ImportPreviewSerializer(serializers.Serializer):
    month = serializers.CharField(allow_null=True)
    rows = serializers.IntegerField()
    new_enterprises = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)  # type: ignore[assignment]
    data = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]


class EnterpriseFiguresView(APIView):
    @extend_schema(
        responses=MonthSerializer(many=True),
        operation_id="enterprise_figures_series",
        summary="企业月度数据及同比",
        description="一家企业近三年的月度数据（本年累计、本月）及同比增速；每次读取记入审计日志。",
    )
    def get(self, request: Request, pk: int) -> Response:
        # as the register's own reads: a role that reads no enterprise is told so (403),
        # an enterprise out of reach is not found (404), and the read is audited
        user = request_user(request)
        can_read_register(user).require()
        enterprise = register_selectors.enterprise_for(user, pk)
        enterprise_view_record(actor=user, enterprise=enterprise, what="api_figures")
        rows = figures_series(enterprise)
        return Response(
            MonthSerializer(
                [
                    {
                        "year": r.year,
                        "month": r.month,
                        "source": r.source,
                        "values": r.values,
                        "monthly": r.monthly,
                        "yoy": r.yoy,
                    }
                    for r in rows
                ],
                many=True,
            ).data
        )


class FiguresImportPreviewView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={200: ImportPreviewSerializer},
        summary="统计月报导入预览（不写入）",
        description="逐格校验统计局企业月度数据表，返回识别的月份、行数、新企业数、错误（行号、列名、原因）"
        "和换算后的数据；不写入任何数据。表内有错误时仍返回 200，错误列在 errors 中（与"
        "import_enterprise_data --json 相同）；未上传文件、文件过大或月份格式不对时返回 400。",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        can_import_figures(user).require()
        upload: Any = request.data.get("file")
        if upload is None or not hasattr(upload, "read"):
            raise DjangoValidationError({"file": [_("请选择要上传的统计月报文件。")]})
        if too_large(upload, DEFAULT_LIMITS.max_bytes):
            raise DjangoValidationError(
                {
                    "file": [
                        _("文件“%(name)s”超过 %(limit)s MB，已拒收。")
                        % {"name": upload.name, "limit": DEFAULT_LIMITS.max_bytes // MB}
                    ]
                }
            )
        month_text = str(request.data.get("month") or "")
        found = parse_month(month_text) if month_text.strip() else None
        if month_text.strip() and found is None:
            raise DjangoValidationError({"month": [_("月份格式应为 YYYY-MM，如 2022-06。")]})
        year, month = found or (None, None)
        prepared = figures_import_prepare(
            region=require_acting(user).region,
            data=upload.read(),
            filename=str(upload.name or ""),
            year=year,
            month=month,
        )
        # the sheet's errors are the preview's content (as the command's --json), not a bad request
        return Response(prepared.as_json())


urlpatterns: list[URLPattern] = [
    path(
        "enterprises/<id:pk>/figures/series",
        EnterpriseFiguresView.as_view(),
        name="enterprise_figures_series",
    ),
    path(
        "enterprises/imports",
        FiguresImportPreviewView.as_view(),
        name="enterprise_figures_import_preview",
    ),
]
