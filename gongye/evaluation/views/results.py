"""One enterprise's result (its page, explained item by item, with the policy its class
brings) and the appeals: filing one on the result's page, the list, one appeal with the
office's decision or the enterprise's withdrawal."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.evaluation.choices import AppealStatus
from gongye.evaluation.forms import AppealForm, DecisionForm
from gongye.evaluation.permissions import can_file_appeal, can_read_own_result
from gongye.evaluation.selectors import runs as selectors
from gongye.evaluation.selectors.explained import explain
from gongye.evaluation.services.appeals import (
    appeal_act,
    appeal_evidence_read,
    appeal_file,
    appealable,
)
from gongye.evaluation.workflows import APPEAL_WORKFLOW


def _result_page(request: AuthedRequest, result, form: AppealForm | None = None) -> HttpResponse:
    may_appeal = can_file_appeal(request.user, result)
    return render(
        request,
        "evaluation/result_detail.html",
        {
            "result": result,
            "run": result.run,
            "explained": explain(result),
            "may_appeal": may_appeal.allowed,
            "appeal_form": form or AppealForm(figures=appealable(result)),
            "appeals": result.appeals.order_by("-filed_at"),
        },
    )


@login_required
def result_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_own_result(request.user).require()
    return _result_page(request, selectors.result_for(request.user, pk))


@login_required
@require_POST
def appeal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_own_result(request.user).require()
    result = selectors.result_for(request.user, pk)
    can_file_appeal(request.user, result).require()
    form = AppealForm(request.POST, request.FILES, figures=appealable(result))
    if form.is_valid():
        try:
            appeal = appeal_file(
                actor=request.user,
                result=result,
                variable=form.cleaned_data["variable"],
                claimed_value=form.cleaned_data["claimed_value"],
                statement=form.cleaned_data["statement"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("异议已提交，督办（计划办）将在公示期内处理。"))
            return redirect("evaluation:appeal_detail", appeal.pk)
    return _result_page(request, result, form)


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    can_read_own_result(request.user).require()
    status = request.GET.get("status", "")
    rows = selectors.appeals_for(request.user)
    if status in AppealStatus.values:
        rows = rows.filter(status=status)
    run, run_query = None, ""
    if (run_id := request.GET.get("run", "")).isdigit():  # one run's appeals (its page links)
        rows = rows.filter(run_id=int(run_id))  # within the reader's appeals: scoped
        first = rows.select_related("run").first()
        run, run_query = (first.run if first else None), f"&run={int(run_id)}"
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/appeal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": AppealStatus.choices,
            "run": run,
            "run_query": run_query,
        },
    )


def _appeal_page(request: AuthedRequest, appeal, form: DecisionForm | None = None) -> HttpResponse:
    return render(
        request,
        "evaluation/appeal_detail.html",
        {
            "appeal": appeal,
            "steps": [e.action for e in APPEAL_WORKFLOW.available(request.user, appeal)],
            "form": form or DecisionForm(),
        },
    )


@login_required
def appeal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_own_result(request.user).require()
    return _appeal_page(request, selectors.appeal_for(request.user, pk))


@login_required
def appeal_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    """The appeal's evidence, to whoever may read the appeal (the office deciding it, the
    region's readers, the enterprise that filed it); each download audited."""
    can_read_own_result(request.user).require()
    appeal = selectors.appeal_for(request.user, pk)
    if not appeal.evidence or not appeal.evidence.storage.exists(appeal.evidence.name):
        raise Http404(_("证明材料文件缺失，请联系管理员。"))
    appeal_evidence_read(actor=request.user, appeal=appeal)
    return FileResponse(
        appeal.evidence.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(appeal.evidence.name).name,
    )


DONE = {
    "uphold": gettext_lazy("异议成立，已按企业所报数据重新试算，请核对后公示新结果。"),
    "reject": gettext_lazy("已答复企业：异议不成立。"),
    "withdraw": gettext_lazy("异议已撤回。"),
}


@login_required
@require_POST
def appeal_step(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_own_result(request.user).require()
    appeal = selectors.appeal_for(request.user, pk)
    action = request.POST.get("action", "")
    form = DecisionForm(request.POST)
    if action not in DONE or not form.is_valid():
        form.add_error(None, _("未知的操作。"))
        return _appeal_page(request, appeal, form)
    try:
        appeal = appeal_act(
            actor=request.user, appeal=appeal, action=action, decision=form.cleaned_data["decision"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _appeal_page(request, appeal, form)
    messages.success(request, str(DONE[action]))
    if action == "uphold" and appeal.new_run_id:
        return redirect("evaluation:run_detail", appeal.new_run_id)
    return redirect("evaluation:appeal_detail", appeal.pk)


urlpatterns = [
    path("results/<id:pk>/", result_detail, name="result_detail"),
    path("results/<id:pk>/appeal/", appeal_new, name="appeal_new"),
    path("appeals/", appeal_list, name="appeal_list"),
    path("appeals/<id:pk>/", appeal_detail, name="appeal_detail"),
    path("appeals/<id:pk>/step/", appeal_step, name="appeal_step"),
    path("appeals/<id:pk>/evidence/", appeal_evidence, name="appeal_evidence"),
]
