"""The plan office's group-robot settings (群机器人设置): list, add, edit, deactivate, send a
test message. Thin: parse the form, call one service, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongye.core.forms import StyledFormMixin, add_service_errors
from gongye.orgs.models import Unit
from gongye.supervision import services_webhooks as services
from gongye.supervision.delivery import mask_url
from gongye.supervision.services_webhooks import ROBOT_KINDS, can_manage_webhooks, mask_secret

KIND_CHOICES = [(k.value, k.label) for k in ROBOT_KINDS]


class WebhookForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    kind = forms.ChoiceField(label="类型", choices=KIND_CHOICES)
    url = forms.CharField(
        label="Webhook 地址",
        max_length=500,
        help_text="在群设置 → 智能群助手（钉钉）或 群机器人（企业微信）中复制。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    secret = forms.CharField(
        label="加签密钥",
        required=False,
        max_length=200,
        help_text="仅钉钉机器人“加签”安全设置使用，以 SEC 开头；企业微信请留空。",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
    )
    clear_secret = forms.BooleanField(label="清除已保存的加签密钥", required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, units=None, endpoint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if endpoint is None:
            self.fields["unit"].queryset = units
            del self.fields["clear_secret"]
            del self.fields["is_active"]
        else:
            del self.fields["unit"]
            url = self.fields["url"]
            url.required = False
            url.widget.attrs["placeholder"] = mask_url(endpoint.url)
            url.help_text = "已保存的地址不再显示全文；留空则保持不变。"
            if endpoint.secret:
                self.fields["secret"].widget.attrs["placeholder"] = mask_secret(endpoint.secret)
                self.fields["secret"].help_text = "留空则保持已保存的密钥。"
            else:
                del self.fields["clear_secret"]


def _editable_units(request: HttpRequest):
    return services.webhook_unit_list_for(request.user).filter(is_active=True)


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    can_manage_webhooks(request.user).require()
    units = list(services.webhook_unit_list_for(request.user))
    with_robots = [u for u in units if u.webhooks.all()]
    for unit in with_robots:
        for robot in unit.webhooks.all():
            robot.masked_url = mask_url(robot.url)
            robot.masked_secret = mask_secret(robot.secret)
    return render(
        request,
        "supervision/webhooks/list.html",
        {"units": with_robots, "unit_total": len(units)},
    )


@login_required
def webhook_create(request: HttpRequest) -> HttpResponse:
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
                f"已为“{endpoint.unit.name}”添加{endpoint.get_kind_display()}。"
                "可点“发送测试消息”确认是否接通。",
            )
            return redirect("webhooks:webhook_list")
    return render(request, "supervision/webhooks/form.html", {"form": form, "endpoint": None})


@login_required
def webhook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = services.webhook_get_for(request.user, pk)
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
            messages.success(request, "群机器人设置已保存。")
            return redirect("webhooks:webhook_list")
    return render(
        request,
        "supervision/webhooks/form.html",
        {
            "form": form,
            "endpoint": endpoint,
            "masked_url": mask_url(endpoint.url),
            "masked_secret": mask_secret(endpoint.secret),
        },
    )


@login_required
@require_POST
def webhook_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = services.webhook_get_for(request.user, pk)
    can_manage_webhooks(request.user, endpoint.unit).require()
    services.webhook_deactivate(actor=request.user, endpoint=endpoint)
    messages.info(request, f"已停用“{endpoint.unit.name}”的{endpoint.get_kind_display()}。")
    return redirect("webhooks:webhook_list")


@login_required
@require_POST
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = services.webhook_get_for(request.user, pk)
    can_manage_webhooks(request.user, endpoint.unit).require()
    ok, detail = services.webhook_test_send(actor=request.user, endpoint=endpoint)
    name = f"“{endpoint.unit.name}”的{endpoint.get_kind_display()}"
    if ok:
        messages.success(request, f"测试消息已发送到{name}。")
    else:
        messages.error(request, f"测试消息发送到{name}失败：{detail}")
    return redirect("webhooks:webhook_list")
