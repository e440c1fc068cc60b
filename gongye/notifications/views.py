"""我的提醒 (the in-app reminders addressed to the acting unit and role, with mark-as-read) and
the plan office's group-robot settings (群机器人设置: list, add, edit, deactivate, send a test
message). Thin: parse the form, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongye.core.forms import StyledFormMixin, add_service_errors, model_choice_field
from gongye.core.http import AuthedRequest
from gongye.core.scope import require_acting
from gongye.notifications import selectors, services
from gongye.notifications.delivery import mask_url
from gongye.notifications.models import WebhookEndpoint
from gongye.notifications.permissions import can_manage_webhooks, can_read_notifications
from gongye.notifications.services import ROBOT_KINDS, mask_secret
from gongye.orgs.models import Unit

KIND_CHOICES = [(k.value, k.label) for k in ROBOT_KINDS]


class WebhookForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES)
    url = forms.CharField(
        label=_("Webhook 地址"),
        max_length=500,
        help_text=_("在群设置 → 智能群助手（钉钉）或 群机器人（企业微信）中复制。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label=_("加签密钥"),
        required=False,
        max_length=200,
        help_text=_("仅钉钉机器人“加签”安全设置使用，以 SEC 开头；企业微信请留空。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )
    clear_secret = forms.BooleanField(label=_("清除已保存的加签密钥"), required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        endpoint: WebhookEndpoint | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if endpoint is None:
            model_choice_field(self, "unit").queryset = units
            del self.fields["clear_secret"]
            del self.fields["is_active"]
        else:
            del self.fields["unit"]
            url = self.fields["url"]
            url.required = False
            url.widget.attrs["placeholder"] = mask_url(endpoint.url)
            url.help_text = _("已保存的地址不再显示全文；留空则保持不变。")
            if endpoint.secret:
                self.fields["secret"].widget.attrs["placeholder"] = mask_secret(endpoint.secret)
                self.fields["secret"].help_text = _("留空则保持已保存的密钥。")
            else:
                del self.fields["clear_secret"]


def _editable_units(request: AuthedRequest) -> QuerySet[Unit]:
    return selectors.webhook_unit_list_for(request.user).filter(is_active=True)


@login_required
def webhook_list(request: AuthedRequest) -> HttpResponse:
    can_manage_webhooks(request.user).require()
    units = list(selectors.webhook_unit_list_for(request.user))
    with_robots = [u for u in units if u.webhooks.all()]
    for unit in with_robots:
        for robot in unit.webhooks.all():
            robot.masked_url = mask_url(robot.url)
            robot.masked_secret = mask_secret(robot.secret)
    return render(
        request,
        "notifications/list.html",
        {"units": with_robots, "unit_total": len(units)},
    )


@login_required
def webhook_create(request: AuthedRequest) -> HttpResponse:
    can_manage_webhooks(request.user).require()
    units = _editable_units(request)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = WebhookForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            endpoint = services.webhook_create(
                actor=request.user,
                unit=data["unit"],
                kind=data["kind"],
                url=data["url"],
                secret=data["secret"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                (
                    _("已为“%(name)s”添加%(kind)s。可点“发送测试消息”确认是否接通。")
                    % {"name": endpoint.unit.name, "kind": endpoint.get_kind_display()}
                ),
            )
            return redirect("notifications:webhook_list")
    return render(request, "notifications/form.html", {"form": form, "endpoint": None})


@login_required
def webhook_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    endpoint = selectors.webhook_get_for(request.user, pk)
    can_manage_webhooks(request.user, endpoint.unit).require()
    initial = {"kind": endpoint.kind, "is_active": endpoint.is_active}
    form = WebhookForm(request.POST or None, endpoint=endpoint, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.webhook_update(
                actor=request.user,
                endpoint=endpoint,
                kind=data["kind"],
                url=data["url"],
                secret=data["secret"],
                clear_secret=data.get("clear_secret", False),
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("群机器人设置已保存。"))
            return redirect("notifications:webhook_list")
    return render(
        request,
        "notifications/form.html",
        {
            "form": form,
            "endpoint": endpoint,
            "masked_url": mask_url(endpoint.url),
            "masked_secret": mask_secret(endpoint.secret),
        },
    )


@login_required
@require_POST
def webhook_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    endpoint = selectors.webhook_get_for(request.user, pk)
    can_manage_webhooks(request.user, endpoint.unit).require()
    services.webhook_deactivate(actor=request.user, endpoint=endpoint)
    messages.info(
        request,
        (
            _("已停用“%(name)s”的%(kind)s。")
            % {"name": endpoint.unit.name, "kind": endpoint.get_kind_display()}
        ),
    )
    return redirect("notifications:webhook_list")


@login_required
@require_POST
def webhook_test(request: AuthedRequest, pk: int) -> HttpResponse:
    endpoint = selectors.webhook_get_for(request.user, pk)
    can_manage_webhooks(request.user, endpoint.unit).require()
    ok, detail = services.webhook_test_send(actor=request.user, endpoint=endpoint)
    name = _("“%(name)s”的%(kind)s") % {
        "name": endpoint.unit.name,
        "kind": endpoint.get_kind_display(),
    }
    if ok:
        messages.success(request, (_("测试消息已发送到%(name)s。") % {"name": name}))
    else:
        messages.error(
            request,
            (_("测试消息发送到%(name)s失败：%(detail)s") % {"name": name, "detail": detail}),
        )
    return redirect("notifications:webhook_list")


PAGE_SIZE = 50


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    can_read_notifications(request.user).require()
    notifications = selectors.notification_list_for(request.user)
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    acting = require_acting(request.user)
    return render(
        request,
        "notifications/notifications.html",
        {
            "page": page,
            "unread_only": request.GET.get("unread") == "1",
            "unread_count": selectors.notification_list_for(request.user)
            .filter(read_at__isnull=True)
            .count(),
            "acting": acting,
            "audience_label": acting.get_role_display(),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:notification_list")


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_notifications(request.user).require()
    notification = selectors.notification_get_for(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    can_read_notifications(request.user).require()
    count = services.notification_mark_all_read(actor=request.user)
    messages.info(
        request,
        (_("已将 %(count)s 条提醒标为已读。") % {"count": count}) if count else _("没有未读提醒。"),
    )
    return _back(request)
