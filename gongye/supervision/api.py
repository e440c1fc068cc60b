"""督办 API (issue 4, item 8), under ``/api/v1/supervision/``. The same rules as the pages:
out of scope → 404 (the selectors), in scope but not allowed → 403 (the ``can_*`` rules, which
say why), bad input → 400 with Chinese messages; every write goes through one service."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongye.core.http import attachment
from gongye.plans import services as plan_services
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task
from gongye.supervision import bulk, selectors, services
from gongye.supervision.choices import Colour, ReviewAction, TaskProgressState
from gongye.supervision.permissions import (
    can_accept,
    can_report,
    can_review_reports,
    can_supervise_view,
)
from gongye.supervision.views_bulk import sheet_filename

STATE_HELP = "状态：" + "、".join(f"{v}（{label}）" for v, label in TaskProgressState.choices)
PERCENT_ERROR = "完成百分比应为 0 到 100 之间的整数。"


# ----- input -----


def _request_data(request: Request) -> Any:
    """Form and multipart lists may be sent as ``name`` repeated or as ``name[]``."""
    data = request.data
    if not hasattr(data, "getlist"):
        return data
    merged = MultiValueDict()
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


def _messages(message: str, *keys: str) -> dict[str, str]:
    return {key: message for key in keys}


class ReportSubmitSerializer(serializers.Serializer):
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


class ReportReviewSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=ReviewAction.choices,
        help_text="approve：单位负责人审核通过；accept：督办验收（已完成的报告办结任务）；"
        "return：退回（须填意见）",
        error_messages=_messages(
            "操作应为 approve（审核通过）、accept（验收办结）或 return（退回）。",
            "required",
            "null",
            "invalid_choice",
        ),
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="意见（退回时必填）"
    )


_DATE_ERROR = "日期应为 YYYY-MM-DD 格式，例如 2022-03-31。"


class TaskPostponeSerializer(serializers.Serializer):
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


class TaskReassignSerializer(serializers.Serializer):
    lead_units = _unit_names("牵头单位名称（至少一个）", required=True)
    cooperating_units = _unit_names("配合单位名称", required=False)
    reason = serializers.CharField(
        help_text="调整原因",
        error_messages=_messages("调整责任单位须说明原因。", "required", "blank", "null"),
    )


class TaskSplitPartSerializer(serializers.Serializer):
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


class TaskSplitSerializer(serializers.Serializer):
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
    month = serializers.IntegerField(
        min_value=1,
        max_value=12,
        required=False,
        error_messages=_messages(
            "月份应为 1 到 12 的整数。", "invalid", "min_value", "max_value", "max_string_length"
        ),
    )
    unit = serializers.IntegerField(
        min_value=1,
        required=False,
        error_messages=_messages(
            "单位编号应为正整数。", "invalid", "min_value", "max_string_length"
        ),
    )
    role = serializers.ChoiceField(
        choices=UnitRole.choices,
        required=False,
        error_messages=_messages("职责应为 lead（牵头）或 cooperating（配合）。", "invalid_choice"),
    )
    colour = serializers.ChoiceField(
        choices=Colour.choices,
        required=False,
        error_messages=_messages("颜色应为 red、yellow 或 green。", "invalid_choice"),
    )
    state = serializers.ChoiceField(
        choices=TaskProgressState.choices,
        required=False,
        error_messages=_messages(
            "状态应为 not_started、in_progress、done 或 late。", "invalid_choice"
        ),
    )


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
        help_text="submitted（待单位审核）、approved（待督办验收）、accepted（已验收）、"
        "returned（已退回）"
    )
    status_label = serializers.CharField(source="get_status_display")
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
        return str(Colour(task.colour).label)

    def get_my_duty(self, task: Task) -> str | None:
        return getattr(task, "my_duty", None)


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor_name = serializers.CharField()
    unit_name = serializers.CharField()
    verb = serializers.CharField()
    verb_label = serializers.CharField(source="get_verb_display")
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_repr = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class TaskActionsSerializer(serializers.Serializer):
    report = serializers.BooleanField(help_text="可以报送进展（或配合情况）")
    adjust = serializers.BooleanField(help_text="可以延期、调整责任单位、拆分")


class SupervisionTaskDetailSerializer(serializers.Serializer):
    task = SupervisionTaskSerializer()
    reports = ProgressReportSerializer(many=True)
    timeline = TimelineEntrySerializer(many=True)
    actions = TaskActionsSerializer()


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
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    problems = SheetProblemSerializer(many=True)


# ----- views -----


def _task_out(request: Request, pk: int) -> dict[str, Any]:
    return SupervisionTaskSerializer(selectors.task_get_for(request.user, pk)).data


def _report_out(report) -> dict[str, Any]:
    report = selectors.report_list_for_task(report.task).select_related("task").get(pk=report.pk)
    return ProgressReportSerializer(report).data


class InboxView(APIView):
    @extend_schema(
        responses=InboxSerializer,
        summary="督办收件箱",
        description="本单位（督办、领导为本区划）已逾期、本月到期、即将到期的任务，牵头与配合分开，"
        "每个列表按完成时限列出前 limit 项，totals 为完整数量；各颜色数量；待我审核的报告。",
    )
    def get(self, request: Request) -> Response:
        can_supervise_view(request.user).require()
        return Response(InboxSerializer(selectors.inbox_for(request.user)).data)


class TaskListView(APIView):
    @extend_schema(
        responses=SupervisionTaskSerializer(many=True),
        parameters=[
            OpenApiParameter("month", int, description="月份（1–12）"),
            OpenApiParameter("unit", int, description="单位编号"),
            OpenApiParameter(
                "role", str, enum=UnitRole.values, description="该单位的职责：牵头或配合"
            ),
            OpenApiParameter("colour", str, enum=Colour.values, description="红黄绿"),
            OpenApiParameter("state", str, enum=TaskProgressState.values, description="状态"),
        ],
        summary="督办任务列表",
        description="可按月份、单位、职责、颜色、状态筛选；联络员和单位负责人只看到本单位的任务。",
    )
    def get(self, request: Request) -> Response:
        can_supervise_view(request.user).require()
        params = {k: v for k, v in request.query_params.items() if v.strip()}
        filters = _validated(TaskFilterSerializer, params)
        tasks = selectors.task_list_for(
            request.user,
            month=filters.get("month"),
            unit_id=filters.get("unit"),
            role=filters.get("role"),
            colour=filters.get("colour"),
            state=filters.get("state"),
        )
        return Response(SupervisionTaskSerializer(tasks, many=True).data)


class TaskDetailView(APIView):
    @extend_schema(
        responses=SupervisionTaskDetailSerializer,
        summary="督办任务详情",
        description="任务的当前状态、全部进展报告（含佐证材料）和时间线（谁在何时做了什么）。",
    )
    def get(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for(request.user, pk)
        can_supervise_view(request.user).require()
        data = {
            "task": task,
            "reports": selectors.report_list_for_task(task).select_related("task"),
            "timeline": selectors.timeline_for_task(task),
            "actions": {
                "report": can_report(request.user, task).allowed,
                "adjust": can_accept(request.user, task).allowed,
            },
        }
        return Response(SupervisionTaskDetailSerializer(data).data)


class ReportSubmitView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": ReportSubmitSerializer},
        responses={201: ProgressReportSerializer},
        summary="报送进展",
        description="牵头单位联络员报送进展，配合单位联络员报送配合情况；附佐证材料（files，可多个）。"
        "报送后等待本单位负责人审核。",
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for(request.user, pk)
        can_report(request.user, task).require()
        values = _validated(ReportSubmitSerializer, _request_data(request))
        limit = settings.GONGYE_EVIDENCE_MAX_BYTES
        uploads = values["files"]
        too_big = [
            f"佐证材料“{f.name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。"
            for f in uploads
            if f.size > limit
        ]
        if too_big:
            raise DjangoValidationError({"files": too_big})
        report = services.report_submit(
            actor=request.user,
            task=task,
            text=values["text"],
            percent=values["percent"],
            state=values["state"],
            delay_reason=values["delay_reason"],
            files=[(f.name, f.read()) for f in uploads],
        )
        return Response(_report_out(report), status=status.HTTP_201_CREATED)


class ReportReviewView(APIView):
    @extend_schema(
        request=ReportReviewSerializer,
        responses=ProgressReportSerializer,
        summary="审核或验收进展报告",
        description="单位负责人审核通过（approve）或退回（return）本单位的报告；督办验收（accept，"
        "已完成的牵头报告办结任务）或退回。",
    )
    def post(self, request: Request, pk: int) -> Response:
        can_review_reports(request.user).require()
        report = selectors.report_get_for(request.user, pk)
        values = _validated(ReportReviewSerializer, _request_data(request))
        report = services.report_review(
            actor=request.user, report=report, action=values["action"], comment=values["comment"]
        )
        return Response(_report_out(report))


class TaskPostponeView(APIView):
    @extend_schema(
        request=TaskPostponeSerializer,
        responses=SupervisionTaskSerializer,
        summary="任务延期",
        description="督办（计划办）调整完成时限，须说明原因；历史保留在时间线中。",
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for(request.user, pk)
        can_accept(request.user, task).require()
        values = _validated(TaskPostponeSerializer, _request_data(request))
        services.task_postpone(
            actor=request.user, task=task, new_due=values["new_due"], reason=values["reason"]
        )
        return Response(_task_out(request, task.pk))


class TaskReassignView(APIView):
    @extend_schema(
        request=TaskReassignSerializer,
        responses=SupervisionTaskSerializer,
        summary="调整责任单位",
        description="督办（计划办）调整牵头单位和配合单位（按单位名录中的名称），须说明原因；"
        "已报送的报告仍归原报送单位。",
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for(request.user, pk)
        can_accept(request.user, task).require()
        values = _validated(TaskReassignSerializer, _request_data(request))
        plan_services.task_reassign(
            actor=request.user,
            task=task,
            lead_units=values["lead_units"],
            cooperating_units=values["cooperating_units"],
            reason=values["reason"],
        )
        return Response(_task_out(request, task.pk))


class TaskSplitView(APIView):
    @extend_schema(
        request=TaskSplitSerializer,
        responses={201: SupervisionTaskSerializer(many=True)},
        summary="拆分任务",
        description="督办（计划办）把一项任务拆成至少两项，各有内容、责任单位和时限；原任务撤销，"
        "历史保留。",
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.task_get_for(request.user, pk)
        can_accept(request.user, task).require()
        values = _validated(TaskSplitSerializer, request.data)
        parts = [dict(part) for part in values["parts"]]
        created = services.task_split(
            actor=request.user, task=task, parts=parts, reason=values["reason"]
        )
        tasks = (
            selectors.task_list_for(request.user)
            .filter(pk__in=[t.pk for t in created])
            .order_by("position")
        )
        return Response(
            SupervisionTaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED
        )


class ProgressSheetView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # A client asking only for the spreadsheet type still gets JSON errors, not a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, bulk.XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="本单位的进展报送表"
            )
        },
        summary="下载进展报送表",
        description="本单位牵头、未办结的任务，带状态下拉和待填写的列（仅联络员）。",
    )
    def get(self, request: Request) -> Any:
        bulk.can_use_progress_sheet(request.user).require()
        content = bulk.progress_sheet_export(actor=request.user)
        return attachment(content, *sheet_filename(request.user))

    @extend_schema(
        request={"multipart/form-data": ProgressSheetUploadSerializer},
        responses={
            201: ProgressSheetResultSerializer,
            400: OpenApiResponse(
                ProgressSheetErrorSerializer, description="表格有误：逐行列出，未写入任何内容"
            ),
        },
        summary="上传进展报送表",
        description="先逐行检查全部行；有任何错误则整表退回并列出每处错误的行和列，不写入任何内容；"
        "全部正确时在一个事务中生成全部进展报告。",
    )
    def post(self, request: Request) -> Response:
        bulk.can_use_progress_sheet(request.user).require()
        upload = _validated(ProgressSheetUploadSerializer, request.data)["file"]
        if upload.size > bulk.MAX_BYTES:
            raise DjangoValidationError(
                {"file": f"文件“{upload.name}”超过 20 MB，请使用下载的报送表。"}
            )
        try:
            result = bulk.progress_sheet_apply(
                actor=request.user, data=upload.read(), filename=upload.name
            )
        except bulk.ProgressSheetInvalid as error:
            return Response(
                {
                    "detail": "；".join(str(p) for p in error.problems),
                    "code": "invalid",
                    "errors": error.message_dict,
                    "problems": [p.as_dict() for p in error.problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(ProgressSheetResultSerializer(result).data, status=status.HTTP_201_CREATED)
