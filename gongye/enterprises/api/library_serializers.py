"""Serializers of the libraries' API (``api/libraries.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gongye.core.params import StrictChoiceField, StrictJSONSerializer, id_field
from gongye.enterprises.library_choices import (
    DisposalMethod,
    EntryAction,
    EntryStatus,
    LibraryKind,
    SuggestionRule,
)


def _messages(message: str, *keys: str) -> dict[str, Any]:
    return {key: message for key in keys}


class StageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class LibrarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LibraryKind.choices)
    name = serializers.CharField()
    criteria = serializers.CharField(help_text="入库标准（书面）")
    stages = serializers.SerializerMethodField(help_text="培育阶段，由低到高")
    tags = serializers.SerializerMethodField(help_text="标签（数字化转型库：上云、5G+ 等）")
    suggests = serializers.BooleanField(help_text="是否按企业库数据自动建议入库")
    settings = serializers.DictField(
        child=serializers.IntegerField(), help_text="建议规则的参数（万元、月数、百分比）"
    )
    region_code = serializers.CharField(source="region.code")

    def get_stages(self, library: Any) -> list[dict[str, str]]:
        return [{"code": str(c), "name": str(n)} for c, n in library.stages]

    def get_tags(self, library: Any) -> list[dict[str, str]]:
        return [{"code": str(c), "name": str(n)} for c, n in library.tags]


class LibraryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    library = serializers.IntegerField(source="library_id")
    library_name = serializers.CharField(source="library.name")
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    credit_code = serializers.CharField(source="enterprise.credit_code")
    status = serializers.ChoiceField(choices=EntryStatus.choices)
    stage = serializers.CharField(help_text="培育阶段代码；不分阶段的库为空")
    stage_label = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    rule = serializers.ChoiceField(
        choices=[("", "—"), *SuggestionRule.choices], help_text="建议依据；直接登记的为空"
    )
    reason = serializers.CharField()
    suggested_on = serializers.DateField(allow_null=True)
    entered_on = serializers.DateField(allow_null=True)
    exited_on = serializers.DateField(allow_null=True, help_text="出库（或不予采纳）日期")
    exit_reason = serializers.CharField()
    disposal_method = serializers.ChoiceField(choices=[("", "—"), *DisposalMethod.choices])
    disposal_result = serializers.CharField()


class EntryFilterSerializer(serializers.Serializer):
    status = StrictChoiceField(label="状态", choices=EntryStatus.choices, required=False)
    stage = serializers.CharField(required=False, max_length=32, help_text="培育阶段代码")


class EntryCreateSerializer(StrictJSONSerializer):
    library = id_field("培育库编号")
    enterprise = id_field("企业编号")
    stage = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=10
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="入库日期（默认今天）",
        error_messages=_messages("日期格式应为 YYYY-MM-DD。", "invalid"),
    )


class EntryStepSerializer(StrictJSONSerializer):
    action = serializers.ChoiceField(
        choices=EntryAction.choices,
        help_text="confirm 确认入库；dismiss 不予采纳（须填原因）；restore 恢复为待确认；move 调整"
        "阶段或标签；exit 出库（须填原因）；reinstate 撤销出库；recover 确认脱困（困难企业，巩固阶段）；"
        "dispose 僵尸企业处置（须填方式和结果）。均由督办（计划办）办理。",
        error_messages=_messages(
            "操作应为 confirm、dismiss、restore、move、exit、reinstate、recover 或 dispose。",
            "required",
            "null",
            "invalid_choice",
        ),
    )
    stage = serializers.CharField(required=False, allow_blank=True, max_length=32, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=32),
        required=False,
        allow_null=True,
        default=None,
        max_length=10,
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="日期（默认今天）",
        error_messages=_messages("日期格式应为 YYYY-MM-DD。", "invalid"),
    )
    method = serializers.ChoiceField(
        choices=[("", "—"), *DisposalMethod.choices], required=False, default=""
    )
    result = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
