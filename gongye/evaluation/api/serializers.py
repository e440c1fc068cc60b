"""Serializers of the evaluation's API: what each endpoint takes and gives. Input follows
``gongye.core.params`` (ids ASCII digits, values outside their choices refused, JSON values of
the wrong type refused with a 400 naming the field)."""

from __future__ import annotations

from rest_framework import serializers

from gongye.core.params import (
    MAX_ID,
    StrictChoiceField,
    StrictIntegerField,
    StrictJSONSerializer,
    year_field,
)
from gongye.evaluation.choices import AppealStatus, ResultStatus, RunStatus
from gongye.evaluation.engine.scheme import CLASSES, NOT_GRADED
from gongye.evaluation.services.appeals import APPEALABLE

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


class EvaluationPageQuerySerializer(serializers.Serializer):
    limit = StrictIntegerField(label="每页条数", min_value=1, max_value=MAX_LIMIT, required=False)
    offset = StrictIntegerField(label="起始位置", min_value=0, max_value=MAX_ID, required=False)


class EvaluationRunFilterSerializer(EvaluationPageQuerySerializer):
    year = year_field(required=False)
    status = StrictChoiceField(label="状态", choices=RunStatus.choices, required=False)


class EvaluationResultFilterSerializer(EvaluationPageQuerySerializer):
    group = serializers.CharField(label="分组", max_length=60, required=False)
    klass = StrictChoiceField(
        label="类别", choices=[(k, k) for k in (*CLASSES, NOT_GRADED)], required=False
    )
    status = StrictChoiceField(label="参评情况", choices=ResultStatus.choices, required=False)
    q = serializers.CharField(label="企业名称或代码", max_length=60, required=False)


class EvaluationAppealFilterSerializer(EvaluationPageQuerySerializer):
    status = StrictChoiceField(label="状态", choices=AppealStatus.choices, required=False)


class EvaluationSchemeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    version = serializers.IntegerField(source="current_number", allow_null=True)
    document = serializers.CharField(source="current_document", allow_null=True)


class EvaluationSchemeSaveSerializer(StrictJSONSerializer):
    document = serializers.CharField(
        label="方案文本（YAML 或 JSON）", max_length=200_000, trim_whitespace=False
    )
    year = year_field(required=False)
    note = serializers.CharField(label="修改说明", max_length=200, required=False, allow_blank=True)


class EvaluationSchemeVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheme = serializers.IntegerField(source="scheme_id")
    number = serializers.IntegerField()
    sha256 = serializers.CharField()


class EvaluationRunCreateSerializer(StrictJSONSerializer):
    year = year_field(required=False)


class EvaluationRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    scheme = serializers.CharField(source="version.scheme.name")
    version = serializers.IntegerField(source="version.number")
    status = serializers.CharField()
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    reason = serializers.CharField()
    appeal_until = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    results_sha256 = serializers.CharField()
    summary = serializers.JSONField()


class EvaluationRunPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvaluationRunSerializer(many=True)


class EvaluationRunActionSerializer(StrictJSONSerializer):
    action = StrictChoiceField(label="操作", choices=[("publish", "公示"), ("discard", "作废")])
    appeal_until = serializers.DateField(label="异议截止日期", required=False)


class EvaluationResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    run = serializers.IntegerField(source="run_id")
    enterprise = serializers.IntegerField(source="enterprise_id")
    credit_code = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    group = serializers.CharField()
    klass = serializers.CharField(label="类别")
    rank = serializers.IntegerField(allow_null=True)
    total = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    values = serializers.JSONField()
    scores = serializers.JSONField()
    adjustments = serializers.JSONField()
    reasons = serializers.JSONField()


class EvaluationResultDetailSerializer(EvaluationResultSerializer):
    inputs = serializers.JSONField()
    explanation = serializers.ListField(child=serializers.CharField())
    policies = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class EvaluationResultPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvaluationResultSerializer(many=True)


class EvaluationAppealCreateSerializer(StrictJSONSerializer):
    variable = StrictChoiceField(label="有异议的数据", choices=[(v, v) for v in APPEALABLE])
    claimed_value = serializers.DecimalField(
        label="应为", max_digits=18, decimal_places=4, min_value=0
    )
    statement = serializers.CharField(label="异议理由", max_length=2000)


class EvaluationAppealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    run = serializers.IntegerField(source="run_id")
    result = serializers.IntegerField(source="result_id")
    enterprise = serializers.CharField(source="result.name")
    variable = serializers.CharField()
    recorded_value = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    claimed_value = serializers.DecimalField(max_digits=18, decimal_places=4)
    statement = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.CharField()
    new_run = serializers.IntegerField(source="new_run_id", allow_null=True)
    filed_at = serializers.DateTimeField()


class EvaluationAppealPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvaluationAppealSerializer(many=True)


class EvaluationAppealActionSerializer(StrictJSONSerializer):
    action = StrictChoiceField(
        label="操作",
        choices=[("uphold", "异议成立"), ("reject", "异议不成立"), ("withdraw", "撤回")],
    )
    decision = serializers.CharField(
        label="处理意见", max_length=2000, required=False, allow_blank=True
    )
