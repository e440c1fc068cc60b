"""Serializers of the project register's API (``api/projects.py``, ``api/returns.py``,
``api/problems.py``): what each endpoint takes and gives.

Input follows ``gongye.core.params``: ids are ASCII digits in 1 … 2^63−1, a value outside its
choices is refused, a JSON value of the wrong type is refused (400 naming the field). Money is
text in 万元 with at most two decimals ("5000", "1234.56"), as the output gives it, so what
the document says is what is accepted."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongye.core.params import (
    MAX_ID,
    StrictChoiceField,
    StrictIntegerField,
    StrictJSONSerializer,
    id_field,
    month_field,
    year_field,
)
from gongye.projects.choices import (
    DocumentKind,
    ProblemAction,
    ProblemStatus,
    ProjectAction,
    ProjectKind,
    ProjectStage,
)
from gongye.projects.selectors.projects import PAGE_SIZE, SIZE_BANDS

DEFAULT_LIMIT, MAX_LIMIT = PAGE_SIZE, 200
MONEY = r"[0-9]{1,12}(\.[0-9]{1,2})?"
_MONEY = re.compile(MONEY)
CENT = Decimal("0.01")
DATE_MESSAGE = _("日期应为 YYYY-MM-DD 格式，例如 2022-03-31。")


def _values(choices: Any) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


@extend_schema_field(
    {"type": "string", "pattern": f"^{MONEY}$", "example": "5000.00", "description": "万元"}
)
class MoneyField(serializers.Field):
    """An amount in 万元 written as text: digits, at most two decimals, not negative."""

    default_error_messages = {
        "invalid": _("应填写数字（万元），最多两位小数，如 5000 或 1234.56。"),
    }

    def to_internal_value(self, data: Any) -> Decimal:
        # fullmatch, not match with "$": "5000\n" is not an amount
        if not isinstance(data, str) or not _MONEY.fullmatch(data):
            self.fail("invalid")
        return Decimal(data).quantize(CENT)  # as stored: the audit's before and after agree

    def to_representation(self, value: Any) -> str:
        return str(value)


def _date(help_text: str, **kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        help_text=help_text,
        error_messages={"invalid": DATE_MESSAGE, "datetime": DATE_MESSAGE},
        **kwargs,
    )


def _optional_date(help_text: str) -> serializers.DateField:
    return _date(help_text, required=False, allow_null=True)


def _text(max_length: int, help_text: str, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, help_text=help_text, **kwargs)


# ----- input


class ProjectFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,  # spaces alone search nothing: the whole list
        max_length=100,
        help_text="项目名称或项目单位名称（包含）",
    )
    stage = StrictChoiceField(label="所处库", choices=ProjectStage.values, required=False)
    kind = StrictChoiceField(label="项目类型", choices=ProjectKind.values, required=False)
    chain = id_field("产业链编号", required=False)
    location = id_field("建设地点（乡镇或开发区）编号", required=False)
    size = StrictChoiceField(
        label="投资规模",
        choices=[value for value, _label in SIZE_BANDS],
        required=False,
        help_text="large：5000万元及以上（大项目）；medium：500万–5000万元；small：500万元以下",
    )
    limit = StrictIntegerField(label="每页条数", min_value=1, max_value=MAX_LIMIT, required=False)
    offset = StrictIntegerField(label="起始位置", min_value=0, max_value=MAX_ID, required=False)


class ProjectFactsSerializer(StrictJSONSerializer):
    """A project's facts: all required ones on registering (POST), any of them on editing
    (PATCH). The stage and its dates move only through ``/moves``."""

    name = _text(200, "项目名称")
    enterprise = id_field(
        "项目单位（企业库中的企业编号）；尚未入库的填 enterprise_name",
        required=False,
        allow_null=True,
    )
    enterprise_name = _text(
        200, "项目单位名称（企业尚未入库时填写）", required=False, allow_blank=True
    )
    kind = StrictChoiceField(
        label="项目类型", choices=ProjectKind.choices, help_text=_values(ProjectKind.choices)
    )
    chain = id_field("产业链编号", required=False, allow_null=True)
    chain_link = _text(60, "链条环节（应为所选产业链的环节之一）", required=False, allow_blank=True)
    location = id_field("建设地点：本县乡镇或开发区的单位编号")
    unit = id_field("责任单位编号（报送月30调度数据的单位；修改时仅督办）")
    total_investment = MoneyField(help_text="总投资（万元）")
    fixed_asset_investment = MoneyField(required=False, help_text="固定资产投资（万元）")
    equipment_investment = MoneyField(required=False, help_text="设备投资（万元）")
    year_plan_investment = MoneyField(required=False, help_text="本年计划投资（万元）")
    description = _text(4000, "建设内容", required=False, allow_blank=True)
    planned_sign_on = _optional_date("计划签约日期")
    planned_start_on = _optional_date("计划开工日期")
    planned_complete_on = _optional_date("计划竣工日期")
    planned_produce_on = _optional_date("计划投产日期")
    signed_on = _optional_date("签约日期（不晚于今天）")


MOVE_HELP = (
    "start：开工入在建库（须已上传施工许可或现场照片，见 /documents）；complete：竣工投产入投产库；"
    "scale：项目单位已为规上企业，纳规；cancel：终止项目（须填 reason）；revert_start、"
    "revert_complete、revert_scale：督办撤回误操作（须填 reason）；restore：恢复已终止的项目"
    "（须填 reason）。开工、竣工由责任单位或督办办理，其余由督办（计划办）办理。"
)


class ProjectMoveSerializer(StrictJSONSerializer):
    action = StrictChoiceField(
        label="三库联动操作", choices=ProjectAction.choices, help_text=MOVE_HELP
    )
    date = _optional_date("日期（开工、竣工、纳规、终止时必填，不晚于今天）")
    produced_on = _optional_date("投产日期（竣工时可填，默认与竣工同日）")
    reason = _text(2000, "原因（终止、撤回、恢复时必填）", required=False, allow_blank=True)


class ProjectDocumentUploadSerializer(serializers.Serializer):
    kind = StrictChoiceField(
        label="材料类型", choices=DocumentKind.choices, help_text=_values(DocumentKind.choices)
    )
    file = serializers.FileField(
        allow_empty_file=True,  # the evidence check says "空文件" in its own words
        help_text="图片、PDF、Word、Excel，不超过 20 MB，按文件内容识别类型（现场照片须为图片）",
    )


class ReturnFilterSerializer(serializers.Serializer):
    year = year_field(required=False)


class ProjectReturnFileSerializer(StrictJSONSerializer):
    year = year_field()
    month = month_field()
    this_month = MoneyField(help_text="本月完成投资（万元）")
    cumulative = MoneyField(
        help_text="开工以来累计完成投资（万元）：不低于此前已报的累计，不超过总投资；本年累计由各月相加"
    )
    progress = _text(2000, "形象进度")
    problems = _text(2000, "存在问题", required=False, allow_blank=True, default="")


class ProjectReturnUploadSerializer(ProjectReturnFileSerializer):
    photos = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text="现场照片（可多张，最多 9 张），按文件内容识别，须为图片",
    )


class ProblemFilterSerializer(serializers.Serializer):
    status = StrictChoiceField(label="状态", choices=ProblemStatus.values, required=False)
    project = id_field("项目编号", required=False)
    unit = id_field("承办单位编号", required=False)
    limit = StrictIntegerField(label="每页条数", min_value=1, max_value=MAX_LIMIT, required=False)
    offset = StrictIntegerField(label="起始位置", min_value=0, max_value=MAX_ID, required=False)


class ProjectProblemRaiseSerializer(StrictJSONSerializer):
    title = _text(100, "问题（如用地报批、资金到位、用工）")
    content = _text(4000, "问题描述")
    unit = id_field("承办单位编号（仅督办提出时可同时交办）", required=False, allow_null=True)
    deadline = _optional_date("办理时限（与 unit 一同填写）")


PROBLEM_HELP = (
    "assign：督办交办（unit、deadline 必填）；reassign：督办改派或调整时限；answer：承办单位联络员或"
    "负责人答复（answer 必填）；close：督办核实销号；reopen：督办退回重办（comment、deadline 必填）；"
    "withdraw：提出人在交办前撤回"
)


class ProjectProblemActionSerializer(StrictJSONSerializer):
    action = StrictChoiceField(
        label="办理操作", choices=ProblemAction.choices, help_text=PROBLEM_HELP
    )
    unit = id_field("承办单位编号", required=False, allow_null=True)
    deadline = _optional_date("办理时限（YYYY-MM-DD，不早于今天，不超过一年）")
    answer = _text(4000, "办理情况", required=False, allow_blank=True, default="")
    comment = _text(4000, "意见（退回重办时必填）", required=False, allow_blank=True, default="")


# ----- output


def _amount(help_text: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, help_text=help_text, **kwargs)


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProjectSerializer(serializers.Serializer):
    """A project as the list gives it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    region = serializers.CharField(source="region.code", help_text="县（区）区划代码")
    region_name = serializers.CharField(source="region.name")
    enterprise = serializers.IntegerField(
        source="enterprise_id", allow_null=True, help_text="企业库中的项目单位编号"
    )
    enterprise_name = serializers.CharField(help_text="尚未入库的项目单位名称")
    builder = serializers.CharField(help_text="项目单位：企业库中的名称，或填写的名称")
    chain = serializers.IntegerField(source="chain_id", allow_null=True)
    chain_name = serializers.CharField(source="chain.name", allow_null=True, default=None)
    chain_link = serializers.CharField()
    kind = serializers.CharField(help_text=_values(ProjectKind.choices))
    kind_label = serializers.CharField(source="get_kind_display")
    location = serializers.IntegerField(source="location_id", help_text="建设地点（单位编号）")
    location_name = serializers.CharField(source="location.name")
    unit = serializers.IntegerField(source="unit_id", help_text="责任单位编号")
    unit_name = serializers.CharField(source="unit.name")
    paired_leader = serializers.IntegerField(source="paired_leader_id", allow_null=True)
    paired_leader_name = serializers.CharField(
        source="paired_leader.display_name", allow_null=True, default=None
    )
    total_investment = _amount("总投资（万元）")
    fixed_asset_investment = _amount("固定资产投资（万元）")
    equipment_investment = _amount("设备投资（万元）")
    year_plan_investment = _amount("本年计划投资（万元）")
    stage = serializers.CharField(help_text=_values(ProjectStage.choices))
    stage_label = serializers.CharField(source="get_stage_display")
    planned_sign_on = serializers.DateField(allow_null=True)
    planned_start_on = serializers.DateField(allow_null=True)
    planned_complete_on = serializers.DateField(allow_null=True)
    planned_produce_on = serializers.DateField(allow_null=True)
    signed_on = serializers.DateField(allow_null=True)
    started_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    produced_on = serializers.DateField(allow_null=True)
    scaled_on = serializers.DateField(allow_null=True)
    cancelled_on = serializers.DateField(allow_null=True)
    is_demo = serializers.BooleanField()


class ProjectPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="符合条件的项目总数")
    next = serializers.URLField(allow_null=True, help_text="下一页地址")
    previous = serializers.URLField(allow_null=True, help_text="上一页地址")
    results = ProjectSerializer(many=True)


class ProjectDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=_values(DocumentKind.choices))
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    content_type = serializers.CharField(help_text="按文件内容识别的类型")
    size = serializers.IntegerField(help_text="字节")
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="下载地址（登录后可用）")

    def get_url(self, document: Any) -> str:
        return reverse("projects:document_download", args=[document.pk])


class ProjectReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    this_month = _amount("本月完成投资（万元）", source="investment_month")
    year_to_date = _amount("本年累计完成投资（万元），由本年各月相加", source="investment_year")
    cumulative = _amount("开工以来累计完成投资（万元）", source="investment_total")
    progress = serializers.CharField(help_text="形象进度")
    problems = serializers.CharField(help_text="存在问题")
    unit = serializers.IntegerField(source="unit_id", help_text="报送单位编号")
    unit_name = serializers.CharField(source="unit.name")
    filed_by_name = serializers.CharField(source="filed_by.display_name")
    filed_at = serializers.DateTimeField()
    on_time = serializers.BooleanField(help_text="是否在当月30日（小月为月末）前首次报送")
    photos = ProjectDocumentSerializer(many=True, source="photo_list")


class ProjectProblemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = ProjectRefSerializer()
    title = serializers.CharField()
    content = serializers.CharField()
    status = serializers.CharField(help_text=_values(ProblemStatus.choices))
    status_label = serializers.CharField(source="get_status_display")
    raised_by_name = serializers.CharField(source="raised_by.display_name")
    raised_unit_name = serializers.CharField(
        source="raised_unit.name", allow_null=True, default=None
    )
    unit = serializers.IntegerField(source="unit_id", allow_null=True, help_text="承办单位编号")
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    deadline = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(help_text="办理中且已过办理时限")
    was_overdue = serializers.BooleanField(help_text="曾逾期")
    answer = serializers.CharField()
    reopen_comment = serializers.CharField()
    reopen_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    assigned_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ProjectProblemDetailSerializer(ProjectProblemSerializer):
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="当前用户现在可以执行的办理操作"
    )


class ProjectProblemPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="符合条件的问题总数")
    next = serializers.URLField(allow_null=True, help_text="下一页地址")
    previous = serializers.URLField(allow_null=True, help_text="上一页地址")
    results = ProjectProblemSerializer(many=True)


class ProjectDetailSerializer(ProjectSerializer):
    """One project: its facts, the moves the reader may take now, its files, its 月30
    returns (newest first) and its open problems."""

    description = serializers.CharField()
    cancel_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    actions = serializers.ListField(
        child=serializers.CharField(), help_text="当前用户现在可以执行的三库联动操作"
    )
    documents = ProjectDocumentSerializer(
        many=True, source="documents_list", help_text="项目材料（不含月报照片）"
    )
    returns = ProjectReturnSerializer(
        many=True, source="returns_list", help_text="月30调度数据，最近的在前（最多36个月）"
    )
    open_problems = ProjectProblemSerializer(many=True, help_text="未销号的问题")
