"""The 督办 API's serializers and the helpers that turn their errors into Chinese messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from rest_framework import serializers
from rest_framework.request import Request

from gongye.core.params import StrictChoiceField, StrictJSONSerializer, id_field, month_field
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task
from gongye.supervision.choices import Colour, ReviewAction, TaskProgressState
from gongye.supervision.selectors import colour_of

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

STATE_HELP = "状态：" + "、".join(f"{v}（{label}）" for v, label in TaskProgressState.choices)
PERCENT_ERROR = "完成百分比应为 0 到 100 之间的整数。"


# ----- input -----


def _request_data(request: Request) -> Any:
    """Form and multipart lists may be sent as ``name`` repeated or as ``name[]``."""
    data = request.data
    if not hasattr(data, "getlist"):
        return data
    merged: MultiValueDict[str, Any] = MultiValueDict()
    for key in data:
        for value in data.getlist(key):
            merged.appendlist(key[:-2] if key.endswith("[]") else key, value)
    return merged


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(errors, dict):
        out: dict[str, list[str]] = {}
        for key, value in errors.items():
            name = str(key)
            if prefix:
                name = f"{prefix}[{key}]" if isinstance(key, int) else f"{prefix}.{key}"
            out.update(_flatten(value, name))
        return out
    if isinstance(errors, list) and all(isinstance(e, str) for e in errors):
        return {prefix or "non_field_errors": [str(e) for e in errors]}
    if isinstance(errors, list):
        out = {}
        for index, value in enumerate(errors):
            if value:
                out.update(_flatten(value, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [str(errors)]}


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validates with DRF, but answers as the services do (a Django ValidationError), so that
    the 400 carries the Chinese messages themselves in ``detail`` and ``errors``."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise DjangoValidationError(_flatten(serializer.errors))
    return dict(serializer.validated_data)


def _messages(message: str, *keys: str) -> dict[str, str | StrPromise]:
    return {key: message for key in keys}


class ReportSubmitSerializer(StrictJSONSerializer):
    text = serializers.CharField(
        help_text="工作进展",
        error_messages=_messages("请填写工作进展。", "required", "blank", "null", "invalid"),
    )
    percent = serializers.IntegerField(
        min_value=0,
        max_value=100,
        help_text="完成百分比（0–100 的整数）",
        error_messages=_messages(
            PERCENT_ERROR,
            "required",
            "null",
            "invalid",
            "min_value",
            "max_value",
            "max_string_length",
        ),
    )
    state = serializers.ChoiceField(
        choices=TaskProgressState.choices,
        help_text=STATE_HELP,
        error_messages=_messages(
            "状态应为 not_started（未开始）、in_progress（推进中）、done（已完成）或 late（滞后）。",
            "required",
            "null",
            "invalid_choice",
        ),
    )
    delay_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="滞后原因（状态为 late 时必填）"
    )
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text="佐证材料：图片、PDF、Word、Excel，每个不超过 20 MB，按内容识别类型。",
    )


class ReportReviewSerializer(StrictJSONSerializer):
    action = serializers.ChoiceField(
        choices=ReviewAction.choices,
        help_text="approve：单位负责人审核通过；accept：督办验收牵头单位报告（已完成的报告办结任务）；"
        "adopt：牵头单位（或督办）采纳配合单位的报送；return：退回（须填意见，已审核的牵头报告退回后"
        "任务恢复原进展）；withdraw：联络员在负责人审核前撤回本单位报告；supersede：任务办结后结束"
        "仍在审核中的报告",
        error_messages=_messages(
            "操作应为 approve（审核通过）、accept（验收）、adopt（采纳）、return（退回）、"
            "withdraw（撤回）或 supersede（随任务办结）。",
            "required",
            "null",
            "invalid_choice",
        ),
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="意见（退回时必填）"
    )


_DATE_ERROR = "日期应为 YYYY-MM-DD 格式，例如 2022-03-31。"


class TaskPostponeSerializer(StrictJSONSerializer):
    new_due = serializers.DateField(
        help_text="新的完成时限（YYYY-MM-DD）",
        error_messages=_messages("请填写新的完成时限（YYYY-MM-DD）。", "required", "null")
        | _messages(_DATE_ERROR, "invalid", "datetime"),
    )
    reason = serializers.CharField(
        help_text="延期原因",
        error_messages=_messages("延期须说明原因。", "required", "blank", "null", "invalid"),
    )


def _unit_names(help_text: str, *, required: bool) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=required,
        default=list if not required else serializers.empty,
        help_text=help_text,
        error_messages=_messages("请填写单位名称列表。", "required", "not_a_list", "null"),
    )


class TaskReassignSerializer(StrictJSONSerializer):
    lead_units = _unit_names("牵头单位名称（至少一个）", required=True)
    cooperating_units = _unit_names("配合单位名称", required=False)
    reason = serializers.CharField(
        help_text="调整原因",
        error_messages=_messages("调整责任单位须说明原因。", "required", "blank", "null"),
    )


class TaskSplitPartSerializer(StrictJSONSerializer):
    text = serializers.CharField(
        help_text="工作内容",
        error_messages=_messages("每一项都须填写工作内容。", "required", "blank", "null"),
    )
    lead_units = _unit_names("牵头单位名称（省略则沿用原任务的牵头单位）", required=False)
    cooperating_units = _unit_names("配合单位名称", required=False)
    due = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="完成时限（YYYY-MM-DD，省略则沿用原任务）",
        error_messages=_messages(_DATE_ERROR, "invalid", "datetime"),
    )


class TaskSplitSerializer(StrictJSONSerializer):
    parts = TaskSplitPartSerializer(
        many=True,
        help_text="拆分后的各项（至少两项）",
        error_messages=_messages(
            "请以列表形式提交拆分后的各项。", "required", "not_a_list", "null"
        ),
    )
    reason = serializers.CharField(
        help_text="拆分原因",
        error_messages=_messages("拆分任务须说明原因。", "required", "blank", "null"),
    )


class ProgressSheetUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="填好的进展报送表（.xlsx，不超过 20 MB）",
        error_messages=_messages(
            "请选择要上传的进展报送表（.xlsx）。", "required", "null", "invalid", "empty"
        ),
    )


class TaskFilterSerializer(serializers.Serializer):
    month = month_field(required=False)
    unit = id_field("单位编号", required=False)
    role = StrictChoiceField(
        label="该单位的职责：牵头或配合", choices=UnitRole.choices, required=False
    )
    colour = StrictChoiceField(label="红黄绿", choices=Colour.choices, required=False)
    state = StrictChoiceField(label="状态", choices=TaskProgressState.choices, required=False)


# ----- output -----


class SupervisionEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="字节")
    sha256 = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="下载地址（登录后可用）")

    def get_url(self, evidence) -> str:
        return reverse("supervision:evidence_download", args=[evidence.pk])


class ProgressReportBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    task_text = serializers.CharField(source="task.text")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    kind = serializers.CharField(help_text="lead（牵头单位报告）或 contribution（配合单位报送）")
    kind_label = serializers.CharField(source="get_kind_display")
    percent = serializers.IntegerField()
    state = serializers.CharField(help_text=STATE_HELP)
    state_label = serializers.CharField(source="get_state_display")
    status = serializers.CharField(
        help_text="submitted（待单位审核）、approved（待督办验收；配合单位报送：待牵头单位采纳）、"
        "accepted（已验收 / 已采纳）、returned（已退回）、withdrawn（已撤回）、"
        "superseded（随任务办结）"
    )
    status_label = serializers.CharField()
    created_by_name = serializers.CharField(source="created_by.display_name")
    created_at = serializers.DateTimeField()


class ProgressReportSerializer(ProgressReportBriefSerializer):
    text = serializers.CharField()
    delay_reason = serializers.CharField()
    approved_by_name = serializers.CharField(
        source="approved_by.display_name", allow_null=True, default=None
    )
    approved_at = serializers.DateTimeField(allow_null=True)
    reviewed_by_name = serializers.CharField(
        source="reviewed_by.display_name", allow_null=True, default=None
    )
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    evidence = SupervisionEvidenceSerializer(many=True, source="evidence.all")


class SupervisionTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    region = serializers.CharField(source="plan.region.code")
    month = serializers.IntegerField(allow_null=True)
    period_label = serializers.CharField()
    seq = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()
    lead_units = serializers.ListField(source="lead_names", child=serializers.CharField())
    cooperating_units = serializers.ListField(
        source="cooperating_names", child=serializers.CharField()
    )
    original_due = serializers.DateField(source="due", allow_null=True, help_text="计划原定时限")
    due = serializers.DateField(
        source="supervision.due", allow_null=True, help_text="当前完成时限（含延期）"
    )
    state = serializers.CharField(source="supervision.state", help_text=STATE_HELP)
    state_label = serializers.CharField(source="supervision.get_state_display")
    percent = serializers.IntegerField(source="supervision.percent")
    delay_reason = serializers.CharField(source="supervision.delay_reason")
    colour = serializers.CharField(help_text="red（红）、yellow（黄）或 green（绿）")
    colour_label = serializers.SerializerMethodField()
    was_overdue = serializers.BooleanField(source="supervision.was_overdue")
    closed_at = serializers.DateTimeField(source="supervision.closed_at", allow_null=True)
    closed_on_time = serializers.BooleanField(source="supervision.closed_on_time", allow_null=True)
    last_reported_at = serializers.DateTimeField(
        source="supervision.last_reported_at", allow_null=True
    )
    my_duty = serializers.SerializerMethodField(
        help_text="本单位的职责：lead（牵头）或 cooperating（配合）；督办、领导为 null"
    )
    split_from = serializers.IntegerField(source="parent_id", allow_null=True)

    def get_colour_label(self, task: Task) -> str:
        return str(Colour(colour_of(task)).label)

    def get_my_duty(self, task: Task) -> str | None:
        return getattr(task, "my_duty", None)


class TimelineEntrySerializer(serializers.Serializer):
    """A ``timeline.TimelineEntry``: the audit entry and what happened, read from its verb."""

    at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    unit_name = serializers.CharField()
    verb = serializers.CharField(
        help_text="report.submit、report.approve、report.accept、report.return、task.progress、"
        "task.close、task.postpone，或通用的 create、update 等"
    )
    verb_label = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_repr = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)
    text = serializers.CharField(help_text="发生了什么，如“退回：请补充佐证”")
    subject = serializers.CharField(help_text="报告的步骤：哪一份报告（单位 · 类型）")
    note = serializers.CharField(help_text="补充说明，如滞后原因")


class ReviewStepSerializer(serializers.Serializer):
    action = serializers.CharField(
        help_text="approve、accept、adopt、return、withdraw 或 supersede"
    )
    verb = serializers.CharField()
    # declared fields are moved into ``_declared_fields`` by the serializer's metaclass, so
    # they never replace ``Field.label`` / ``Serializer.errors``; the stubs see class attributes
    label = serializers.CharField()  # type: ignore[assignment]


class TaskDetailReportSerializer(ProgressReportSerializer):
    """A ``selectors.ReportRow``: the report, and the review steps open to this person now."""

    actions = ReviewStepSerializer(many=True, help_text="当前用户现在可以对这份报告做的审核步骤")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            **ProgressReportSerializer(instance.report, context=self.context).data,
            "actions": ReviewStepSerializer(instance.actions, many=True).data,
        }


class TaskActionsSerializer(serializers.Serializer):
    report = serializers.BooleanField(help_text="可以报送进展（或配合情况）")
    adjust = serializers.BooleanField(help_text="可以延期、调整责任单位、拆分（任一）")
    postpone = serializers.BooleanField(help_text="可以延期")
    reassign = serializers.BooleanField(help_text="可以调整责任单位")
    split = serializers.BooleanField(help_text="可以拆分")


class SupervisionTaskDetailSerializer(serializers.Serializer):
    """A ``selectors.TaskDetailPage``, as the task page reads it."""

    task = SupervisionTaskSerializer()
    reports = TaskDetailReportSerializer(many=True)
    timeline = TimelineEntrySerializer(many=True)
    actions = TaskActionsSerializer(source="may")


class ColourCountsSerializer(serializers.Serializer):
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()


class InboxTotalsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="可见的全部任务")
    open = serializers.IntegerField(help_text="未办结")
    overdue = serializers.IntegerField(help_text="已逾期（红）且未办结")
    this_month = serializers.IntegerField(help_text="本月到期")
    upcoming = serializers.IntegerField(help_text="近 30 天即将到期")
    lead = serializers.IntegerField(default=0, help_text="本单位牵头")
    cooperating = serializers.IntegerField(default=0, help_text="本单位配合")


class InboxSerializer(serializers.Serializer):
    today = serializers.DateField()
    limit = serializers.IntegerField(help_text="每个列表最多列出的任务数（按完成时限）")
    counts = ColourCountsSerializer()
    totals = InboxTotalsSerializer(help_text="各列表的完整数量")
    overdue = SupervisionTaskSerializer(many=True, help_text="已逾期（红）")
    this_month = SupervisionTaskSerializer(many=True, help_text="本月到期")
    upcoming = SupervisionTaskSerializer(many=True, help_text="近 30 天即将到期")
    lead = SupervisionTaskSerializer(many=True, help_text="本单位牵头")
    cooperating = SupervisionTaskSerializer(many=True, help_text="本单位配合")
    to_review = ProgressReportBriefSerializer(many=True, help_text="待我审核或验收")


class ProgressSheetResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="生成的进展报告数")
    skipped = serializers.IntegerField(help_text="未填写、未报送的行数")
    reports = serializers.ListField(child=serializers.IntegerField())
    tasks = serializers.ListField(child=serializers.IntegerField())


class SheetProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel 行号；整张表的问题为 null")
    column = serializers.CharField(allow_null=True, help_text="列字母，如 H")
    column_name = serializers.CharField(allow_null=True, help_text="列名，如 完成百分比")
    message = serializers.CharField()
    text = serializers.CharField(help_text="完整的一句话，含行和列")


class ProgressSheetErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # a declared field, as above
        child=serializers.ListField(child=serializers.CharField())
    )
    problems = SheetProblemSerializer(many=True)


# ----- views -----
