from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongye.core.dates import date_local
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.plans import services as plan_services
from gongye.plans.choices import UnitRole
from gongye.supervision import selectors, services
from gongye.supervision.choices import Colour, ReviewAction
from gongye.supervision.forms import PostponeForm, ReassignForm, ReportForm, ReviewForm, SplitForm
from gongye.supervision.models import Evidence
from gongye.supervision.permissions import (
    can_postpone,
    can_reassign,
    can_report,
    can_review_reports,
    can_split,
    can_supervise_view,
    duty_of,
    open_report_message,
    open_report_of,
)

# the task page shows every open report, and this many of the latest closed ones and events
TASK_PAGE_SHOWN = 20

_REVIEWED = {
    ReviewAction.APPROVE: gettext_lazy("已审核通过，报送上一级。"),
    ReviewAction.ACCEPT: gettext_lazy("已验收。"),
    ReviewAction.ADOPT: gettext_lazy("已采纳配合单位的报送。"),
    ReviewAction.RETURN: gettext_lazy("已退回，报送单位已收到提醒。"),
    ReviewAction.WITHDRAW: gettext_lazy("报告已撤回，可修改后重新报送。"),
    ReviewAction.SUPERSEDE: gettext_lazy("报告已随任务办结。"),
}
_SPLIT = re.compile(r"[、，,；;\s]+")


def _names(raw: str) -> list[str]:
    return [n for n in _SPLIT.split(raw or "") if n]


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    can_supervise_view(request.user).require()
    # the page lists the three time-bound sections; whole lists live on the board's 清单
    data = selectors.inbox_for(
        request.user, limit=10, sections=("overdue", "this_month", "upcoming")
    )
    return render(request, "supervision/inbox.html", {"inbox": data, "colours": Colour})


@login_required
def task_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for(request.user, pk)
    can_supervise_view(request.user).require()
    # the latest reports and events; ?all=1 shows the whole history
    shown = None if request.GET.get("all") == "1" else TASK_PAGE_SHOWN
    page = selectors.task_detail_page(request.user, task, shown=shown)
    return render(
        request,
        "supervision/task_detail.html",
        {
            "page": page,
            "task": page.task,
            "review_form": ReviewForm(),
            "postpone_form": PostponeForm(),
            "reassign_form": ReassignForm(
                initial={
                    "lead_units": _("、").join(task.lead_names),
                    "cooperating_units": _("、").join(task.cooperating_names),
                }
            ),
        },
    )


@login_required
def report_create(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for(request.user, pk)
    can_report(request.user, task).require()
    pending = open_report_of(request.user, task)
    if pending is not None:  # said on the task page, where its report can be withdrawn
        messages.info(request, open_report_message(pending))
        return redirect("supervision:task_detail", pk=task.pk)
    duty = duty_of(request.user, task)
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"percent": task.supervision.percent, "state": task.supervision.state},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(
                actor=request.user,
                task=task,
                text=data["text"],
                percent=data["percent"],
                state=data["state"],
                delay_reason=data["delay_reason"],
                files=data["files"],  # checked where they lie, never read whole
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已报送，等待本单位负责人审核；审核前可以撤回。"))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(
        request,
        "supervision/report_form.html",
        {
            "task": task,
            "form": form,
            "duty": duty,
            "title": _("报送进展") if duty == UnitRole.LEAD else _("报送配合情况"),
        },
    )


@login_required
@require_POST
def report_review(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    can_review_reports(request.user).require()  # 403 before anything is looked up
    report = selectors.report_get_for(request.user, pk)
    if action not in ReviewAction.values:
        return redirect("supervision:task_detail", pk=report.task_id)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        services.report_review(
            actor=request.user,
            report=report,
            action=action,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _REVIEWED[ReviewAction(action)])
    return redirect("supervision:task_detail", pk=report.task_id)


@login_required
@require_POST
def task_postpone(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for(request.user, pk)
    can_postpone(request.user, task).require()
    form = PostponeForm(request.POST)
    if form.is_valid():
        old_due = task.supervision.due
        try:
            services.task_postpone(
                actor=request.user,
                task=task,
                new_due=form.cleaned_data["new_due"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("已延期至%(new)s（原%(old)s）。")
                % {
                    "new": date_local(form.cleaned_data["new_due"]),
                    "old": date_local(old_due) if old_due else "—",
                },
            )
    else:
        messages.error(request, _("请填写新的完成时限和延期原因。"))
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
@require_POST
def task_reassign(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for(request.user, pk)
    can_reassign(request.user, task).require()
    form = ReassignForm(request.POST)
    if form.is_valid():
        try:
            plan_services.task_reassign(
                actor=request.user,
                task=task,
                lead_units=_names(form.cleaned_data["lead_units"]),
                cooperating_units=_names(form.cleaned_data["cooperating_units"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("责任单位已调整。"))
    else:
        messages.error(request, _("请填写牵头单位和调整原因。"))
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
def task_split(request: AuthedRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for(request.user, pk)
    can_split(request.user, task).require()
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        parts = []
        try:
            for number, line in enumerate(form.cleaned_data["parts"].splitlines(), start=1):
                if not line.strip():
                    continue
                cells = [c.strip() for c in re.split(r"[｜|]", line)]
                due = None
                if len(cells) > 2 and cells[2]:
                    try:
                        due = dt.date.fromisoformat(cells[2])
                    except ValueError as error:
                        raise ValidationError(
                            _("第%(number)s行的完成时限“%(due)s”不是 YYYY-MM-DD 格式。")
                            % {"number": number, "due": cells[2]}
                        ) from error
                parts.append(
                    {
                        "text": cells[0],
                        "lead_units": _names(cells[1]) if len(cells) > 1 else [],
                        "due": due,
                    }
                )
            created = services.task_split(
                actor=request.user, task=task, parts=parts, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, (_("已拆分为 %(count)s 项。") % {"count": len(created)}))
            return redirect("supervision:task_detail", pk=created[0].pk)
    return render(request, "supervision/task_split.html", {"task": task, "form": form})


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk)
    selectors.task_get_for(request.user, evidence.report.task_id)  # 404 when out of scope
    can_supervise_view(request.user).require()
    if not evidence.file.storage.exists(evidence.file.name):
        # the row committed but the disk refused the file (services._evidence_store)
        raise Http404(_("佐证材料文件缺失，请联系管理员。"))
    services.evidence_download(actor=request.user, evidence=evidence)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
