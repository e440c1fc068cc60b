"""督办 API (issue 4, item 8), under ``/api/v1/supervision/``. The same rules as the pages:
out of scope → 404 (the selectors), in scope but not allowed → 403 (the ``can_*`` rules, which
say why), bad input → 400 with Chinese messages; every write goes through one service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongye.core.http import attachment, request_user
from gongye.core.params import query_params
from gongye.core.uploads import too_large
from gongye.plans import services as plan_services
from gongye.supervision import bulk, selectors, services
from gongye.supervision.api.serializers import (
    InboxSerializer,
    ProgressReportSerializer,
    ProgressSheetErrorSerializer,
    ProgressSheetResultSerializer,
    ProgressSheetUploadSerializer,
    ReportReviewSerializer,
    ReportSubmitSerializer,
    SupervisionTaskDetailSerializer,
    SupervisionTaskSerializer,
    TaskFilterSerializer,
    TaskPostponeSerializer,
    TaskReassignSerializer,
    TaskSplitSerializer,
    _request_data,
    _validated,
)
from gongye.supervision.choices import TaskProgressState
from gongye.supervision.models import ProgressReport
from gongye.supervision.permissions import (
    can_postpone,
    can_reassign,
    can_report,
    can_review_reports,
    can_split,
    can_supervise_view,
)
from gongye.supervision.views import sheet_filename

if TYPE_CHECKING:
    from gongye.accounts.models import User

STATE_HELP = "状态：" + "、".join(f"{v}（{label}）" for v, label in TaskProgressState.choices)
PERCENT_ERROR = "完成百分比应为 0 到 100 之间的整数。"


# ----- input -----


def _task_out(user: User, pk: int) -> Any:
    return SupervisionTaskSerializer(selectors.task_get_for(user, pk)).data


def _report_out(report: ProgressReport) -> Any:
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
        user = request_user(request)
        can_supervise_view(user).require()
        return Response(InboxSerializer(selectors.inbox_for(user)).data)


class TaskListView(APIView):
    @extend_schema(
        responses=SupervisionTaskSerializer(many=True),
        parameters=[TaskFilterSerializer],
        summary="督办任务列表",
        description="可按月份、单位、职责、颜色、状态筛选；联络员和单位负责人只看到本单位的任务。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_supervise_view(user).require()
        filters = query_params(request, TaskFilterSerializer)
        tasks = selectors.task_list_for(
            user,
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
        user = request_user(request)
        task = selectors.task_get_for(user, pk)
        can_supervise_view(user).require()
        page = selectors.task_detail_page(user, task)
        return Response(SupervisionTaskDetailSerializer(page).data)


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
        user = request_user(request)
        task = selectors.task_get_for(user, pk)
        can_report(user, task).require()
        values = _validated(ReportSubmitSerializer, _request_data(request))
        report = services.report_submit(
            actor=user,
            task=task,
            text=values["text"],
            percent=values["percent"],
            state=values["state"],
            delay_reason=values["delay_reason"],
            files=values["files"],  # checked where they lie, never read whole
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
        user = request_user(request)
        can_review_reports(user).require()
        report = selectors.report_get_for(user, pk)
        values = _validated(ReportReviewSerializer, _request_data(request))
        report = services.report_review(
            actor=user, report=report, action=values["action"], comment=values["comment"]
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
        user = request_user(request)
        task = selectors.task_get_for(user, pk)
        can_postpone(user, task).require()
        values = _validated(TaskPostponeSerializer, _request_data(request))
        services.task_postpone(
            actor=user, task=task, new_due=values["new_due"], reason=values["reason"]
        )
        return Response(_task_out(user, task.pk))


class TaskReassignView(APIView):
    @extend_schema(
        request=TaskReassignSerializer,
        responses=SupervisionTaskSerializer,
        summary="调整责任单位",
        description="督办（计划办）调整牵头单位和配合单位（按单位名录中的名称），须说明原因；"
        "已报送的报告仍归原报送单位。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        task = selectors.task_get_for(user, pk)
        can_reassign(user, task).require()
        values = _validated(TaskReassignSerializer, _request_data(request))
        plan_services.task_reassign(
            actor=user,
            task=task,
            lead_units=values["lead_units"],
            cooperating_units=values["cooperating_units"],
            reason=values["reason"],
        )
        return Response(_task_out(user, task.pk))


class TaskSplitView(APIView):
    @extend_schema(
        request=TaskSplitSerializer,
        responses={201: SupervisionTaskSerializer(many=True)},
        summary="拆分任务",
        description="督办（计划办）把一项任务拆成至少两项，各有内容、责任单位和时限；原任务撤销，"
        "历史保留。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        task = selectors.task_get_for(user, pk)
        can_split(user, task).require()
        values = _validated(TaskSplitSerializer, request.data)
        parts = [dict(part) for part in values["parts"]]
        created = services.task_split(actor=user, task=task, parts=parts, reason=values["reason"])
        tasks = (
            selectors.task_list_for(user)
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

    def handle_exception(self, exc: Exception) -> Response:
        # Every 400 of this endpoint has the shape it declares: ``problems`` is empty when the
        # request was wrong before any row was read (no file, not multipart, too large).
        response = super().handle_exception(exc)
        if response.status_code == 400 and isinstance(response.data, dict):
            response.data.setdefault("errors", {})
            response.data.setdefault("problems", [])
        return response

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
        user = request_user(request)
        bulk.can_use_progress_sheet(user).require()
        content = bulk.progress_sheet_export(actor=user)
        return attachment(content, *sheet_filename(user), region=bulk.sheet_unit(user).region)

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
        user = request_user(request)
        bulk.can_use_progress_sheet(user).require()
        upload = _validated(ProgressSheetUploadSerializer, request.data)["file"]
        if too_large(upload, bulk.MAX_BYTES):
            raise DjangoValidationError(
                {"file": f"文件“{upload.name}”超过 20 MB，请使用下载的报送表。"}
            )
        try:
            result = bulk.progress_sheet_apply(actor=user, data=upload.read(), filename=upload.name)
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
