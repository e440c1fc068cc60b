"""Pages of the register: the appeals part (诉求, 绿色通道): the list scoped by need to know,
one appeal with the steps its reader may take and its timeline, raising (an enterprise) and
logging after a visit (a unit's liaison), and the monthly table for the bulletin."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.forms import StyledFormMixin, add_service_errors
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.params import MAX_ID
from gongye.core.scope import require_acting
from gongye.enterprises.appeal_choices import AppealAction, AppealCategory, AppealStatus
from gongye.enterprises.appeal_permissions import (
    can_log_appeal,
    can_raise_appeal,
    can_see_monthly_table,
    can_view_appeals,
)
from gongye.enterprises.permissions import enterprises_visible_to
from gongye.enterprises.selectors import appeals as selectors
from gongye.enterprises.selectors.appeals_monthly import (
    appeals_month_table,
    month_table_headers,
    month_table_xlsx,
)
from gongye.enterprises.services import appeals as services

PAGE_SIZE = 50
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DONE: dict[str, Any] = {
    AppealAction.ASSIGN: gettext_lazy("已交办，承办单位已收到提醒。"),
    AppealAction.REASSIGN: gettext_lazy("已改派，新的承办单位已收到提醒。"),
    AppealAction.RETURN: gettext_lazy("已退回提出方补充。"),
    AppealAction.RESUBMIT: gettext_lazy("已重新提交，等待督办交办。"),
    AppealAction.WITHDRAW: gettext_lazy("诉求已撤回。"),
    AppealAction.ANSWER: gettext_lazy("已答复，等待企业评价。"),
    AppealAction.ACCEPT: gettext_lazy("感谢评价，诉求已办结。"),
    AppealAction.REOPEN: gettext_lazy("已退回承办单位重新办理。"),
    AppealAction.CLOSE: gettext_lazy("诉求已办结。"),
}


class AppealForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("诉求标题"), max_length=services.TITLE_MAX)
    category = forms.ChoiceField(label=gettext_lazy("诉求类别"), choices=AppealCategory.choices)
    content = forms.CharField(
        label=gettext_lazy("诉求内容"),
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("请写明遇到的困难、希望解决的事项和联系人。"),
    )


@login_required
def appeal_list(request: AuthedRequest) -> HttpResponse:
    can_view_appeals(request.user).require()
    status = request.GET.get("status", "")
    status = status if status in AppealStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.appeal_list_for(request.user, status=status, overdue=overdue)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    appeals = selectors.with_colours(list(page.object_list))
    context = {
        "page": page,
        "appeals": appeals,
        "status": status,
        "overdue": overdue,
        "statuses": AppealStatus.choices,
        "waiting": selectors.enterprise_waiting(request.user),
        "may_raise": bool(can_raise_appeal(request.user)),
        "may_see_table": bool(can_see_monthly_table(request.user)),
    }
    return render(request, "enterprises/appeal_list.html", context)


@login_required
def appeal_create(request: AuthedRequest) -> HttpResponse:
    """An enterprise user raises an appeal for its own enterprise."""
    can_raise_appeal(request.user).require()
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_raise(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("诉求已提交，等待督办（计划办）交办。"))
            return redirect("enterprises:appeal_detail", appeal.pk)
    return render(request, "enterprises/appeal_form.html", {"form": form, "enterprise": None})


@login_required
def appeal_log(request: AuthedRequest, pk: int) -> HttpResponse:
    """A unit's liaison logs an appeal heard on a visit (四送一服) for an enterprise it sees."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=pk)
    can_log_appeal(request.user, enterprise).require()
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_log(
                actor=request.user, enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("走访诉求已登记，等待督办（计划办）交办。"))
            return redirect("enterprises:appeal_detail", appeal.pk)
    return render(request, "enterprises/appeal_form.html", {"form": form, "enterprise": enterprise})


@login_required
def appeal_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_get_for(request.user, pk)
    can_view_appeals(request.user).require()
    page = selectors.appeal_page(request.user, appeal)
    page["categories"] = AppealCategory.choices
    page["today"] = timezone.localdate()
    return render(request, "enterprises/appeal_detail.html", page)


def _unit_id(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    if not re.fullmatch(r"[0-9]{1,19}", raw):
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_ID else None


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def act_values(data: Any) -> dict[str, Any]:
    """The step's inputs from a form post (the page's forms, or a script's)."""
    values: dict[str, Any] = {
        "unit": _unit_id(data.get("unit")),
        "deadline": _date(data.get("deadline")),
        "answer": data.get("answer", ""),
        "comment": data.get("comment", ""),
    }
    for name in ("title", "content", "category"):
        if name in data:
            values[name] = data.get(name)
    return values


@require_POST
@login_required
def appeal_act(request: AuthedRequest, pk: int) -> HttpResponse:
    """One step of the appeal's workflow from its page; ``action=rate`` with a ``rating`` is
    the enterprise's rating (不满意 reopens, the others close)."""
    appeal = selectors.appeal_get_for(request.user, pk)
    can_view_appeals(request.user).require()
    action = request.POST.get("action", "")
    values = act_values(request.POST)
    try:
        if action == "rate":
            appeal = services.appeal_rate(
                actor=request.user,
                appeal=appeal,
                rating=request.POST.get("rating", ""),
                comment=values["comment"],
            )
            action = AppealAction.REOPEN if appeal.status == AppealStatus.ASSIGNED else "accept"
        else:
            appeal = services.appeal_act(actor=request.user, appeal=appeal, action=action, **values)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(_DONE.get(action, _("已办理。"))))
    return redirect("enterprises:appeal_detail", pk)


def _month(request: AuthedRequest) -> tuple[int, int]:
    today = timezone.localdate()
    found = _MONTH.fullmatch(request.GET.get("month", ""))
    if found:
        year, month = int(found[1]), int(found[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    return today.year, today.month


@login_required
def appeal_monthly(request: AuthedRequest) -> HttpResponse:
    can_see_monthly_table(request.user).require()
    year, month = _month(request)
    region = require_acting(request.user).region
    table = appeals_month_table(region=region, year=year, month=month)
    context = {
        "table": table,
        "headers": month_table_headers(),
        "month_value": f"{year:04d}-{month:02d}",
    }
    return render(request, "enterprises/appeal_monthly.html", context)


@login_required
@chinese_document
def appeal_monthly_export(request: AuthedRequest) -> HttpResponse:
    can_see_monthly_table(request.user).require()
    year, month = _month(request)
    region = require_acting(request.user).region
    table = appeals_month_table(region=region, year=year, month=month)
    return attachment(
        month_table_xlsx(table),
        f"企业诉求办理情况月报（{year}年{month}月）.xlsx",
        f"appeals-{year:04d}-{month:02d}.xlsx",
        region=region,
    )


urlpatterns = [
    path("appeals/", appeal_list, name="appeal_list"),
    path("appeals/new/", appeal_create, name="appeal_create"),
    path("appeals/monthly/", appeal_monthly, name="appeal_monthly"),
    path("appeals/monthly.xlsx", appeal_monthly_export, name="appeal_monthly_export"),
    path("appeals/<id:pk>/", appeal_detail, name="appeal_detail"),
    path("appeals/<id:pk>/act/", appeal_act, name="appeal_act"),
    path("<id:pk>/appeals/new/", appeal_log, name="appeal_log"),
]
