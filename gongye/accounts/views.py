from __future__ import annotations

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongye.accounts import selectors, services
from gongye.accounts.forms import (
    AssignmentGrantForm,
    LoginForm,
    OtpCodeForm,
    PasswordChangeForm,
    PolicyForm,
    UserCreateForm,
    UserEditForm,
)
from gongye.accounts.middleware import (
    SESSION_ACTING,
    SESSION_SECOND_FACTOR,
    session_second_factor_step,
)
from gongye.accounts.models import SecurityPolicy, TokenRevocation, User
from gongye.accounts.permissions import (
    can_manage_account,
    can_manage_accounts,
    can_manage_roles,
    can_reset_second_factor,
    can_revoke_assignment,
)
from gongye.accounts.policy import cool_off
from gongye.accounts.services.second_factor import (
    STEP_ENROL,
    STEP_NONE,
    STEP_VERIFY,
    new_secret,
    otpauth_url,
    secret_base32,
)
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.context import current
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.roles import ADMIN_ROLES
from gongye.orgs.selectors import region_list_for, unit_list_for


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.GET.get("timeout") == "1"
        return context

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # an address past its failures is refused before the password is even checked
        refusal = services.login_throttle_refusal(
            ip=current().ip, channel="web", username=request.POST.get("username", "")
        )
        if refusal:
            return render(
                request,
                self.template_name,
                {"form": LoginForm(request), "locked_message": refusal},
                status=429,
            )
        return super().post(request, *args, **kwargs)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this when an account is locked (5 failures → 15 minutes by default)."""
    minutes = int(cool_off().total_seconds() // 60)
    message = _(
        "连续登录失败次数过多，账号已锁定 %(minutes)s 分钟。请稍后再试或联系系统管理员解锁。"
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "locked_out"}, status=403)
    form = LoginForm(request)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_message": message},
        status=403,
    )


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    refusal = services.password_guess_refusal(user=request.user) if form.is_bound else ""
    if refusal:  # too many wrong current passwords: the form is not even checked
        return render(
            request,
            "accounts/password_change.html",
            {"form": PasswordChangeForm(), "refusal": refusal},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            if "old_password" in getattr(error, "error_dict", {}):
                services.password_guess_failed(user=request.user)
            add_service_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("front:home")
    return render(request, "accounts/password_change.html", {"form": form})


# ----- the second factor (动态口令) -----

SESSION_OTP_SECRET = "gongye_otp_secret"  # noqa: S105  (a session key's name)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("front:home")


@login_required
def otp_setup(request: AuthedRequest) -> HttpResponse:
    """绑定动态口令: a QR code and the secret for manual entry, confirmed by a first code;
    the recovery codes are shown once, on the page that answers the confirmation."""
    step = session_second_factor_step(request)
    if step == STEP_VERIFY:  # a password alone must not replace the device it has
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:otp_setup')}")
    key = request.session.get(SESSION_OTP_SECRET) or new_secret()
    request.session[SESSION_OTP_SECRET] = key
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.otp_enrol(
                user=request.user, key_hex=key, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            del request.session[SESSION_OTP_SECRET]
            django_otp.login(request, enrolment.device)
            request.session[SESSION_SECOND_FACTOR] = STEP_NONE
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": enrolment.recovery_codes, "next": _next_url(request)},
            )
    url = otpauth_url(user=request.user, key_hex=key)
    secret = secret_base32(key)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": segno.make(url, error="m").svg_data_uri(scale=5, border=2),
            "secret": secret,
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": step == STEP_ENROL,
            "enrolled": step == STEP_NONE
            and services.second_factor_step(request.user) == STEP_VERIFY,
            "next": request.GET.get("next", ""),
        },
    )


@login_required
def otp_verify(request: AuthedRequest) -> HttpResponse:
    """The step after the password for a person with a confirmed device."""
    if session_second_factor_step(request) != STEP_VERIFY:
        return redirect(_next_url(request))
    form = OtpCodeForm(request.POST or None)
    status = 200
    refusal = ""
    if request.method == "POST":
        ip = current().ip
        refusal = services.login_throttle_refusal(
            ip=ip, channel="web", username=request.user.username
        )
        if refusal:
            form = OtpCodeForm()
            status = 429
        elif form.is_valid():
            check = services.otp_verify(
                user=request.user, code=form.cleaned_data["code"], channel="web"
            )
            if check.device is not None:
                django_otp.login(request, check.device)
                request.session[SESSION_SECOND_FACTOR] = STEP_NONE
                return redirect(_next_url(request))
            services.login_throttle_failure(ip=ip, username=request.user.username)
            form.add_error("code", check.refusal)
    return render(
        request,
        "accounts/otp_verify.html",
        {
            "form": form,
            "refusal": refusal,
            "next": request.GET.get("next", "") or request.POST.get("next", ""),
        },
        status=status,
    )


@login_required
@require_POST
def switch_acting(request: AuthedRequest) -> HttpResponse:
    """The unit / region switcher for people with several role assignments."""
    raw = request.POST.get("assignment", "")
    chosen = next((a for a in request.user.active_assignments if str(a.pk) == raw), None)
    if chosen is None:
        messages.error(request, _("所选身份无效。"))
    else:
        previous = request.user.acting
        request.session[SESSION_ACTING] = chosen.pk
        request.user.act_as(chosen.pk)  # the entry carries the unit and region now acting
        with transaction.atomic():
            audit_record(
                actor=request.user,
                verb=Verb.ROLE_SWITCH,
                target=chosen,
                before={"assignment": previous.pk if previous else None},
                after={"assignment": chosen.pk},
            )
        messages.success(request, (_("已切换为：%(chosen)s") % {"chosen": chosen}))
    return redirect("front:home")


# ----- 系统管理员: accounts -----


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    can_manage_accounts(request.user).require()
    q = request.GET.get("q", "").strip()
    users = selectors.user_list_for(request.user, q=q)
    with transaction.atomic():  # who looked through the accounts (等保: reads of personal data)
        audit_record(
            actor=request.user,
            verb=Verb.READ,
            target_type="accounts.user",
            target_repr="账号列表",
            after={"q": q},
        )
    return render(request, "accounts/user_list.html", {"users": users, "q": q})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    can_manage_accounts(request.user).require()
    form = UserCreateForm(request.POST or None, regions=region_list_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user, initial = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "accounts/password_issued.html",
                {"account": user, "password": initial, "created": True},
            )
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    account: User = selectors.user_get_for(request.user, pk)
    can_manage_accounts(request.user).require()
    manageable = can_manage_account(request.user, account)
    if request.method == "POST":
        manageable.require()
    form = UserEditForm(
        request.POST or None,
        initial={
            "display_name": account.display_name,
            "email": account.email,
            "phone": account.phone,
            "is_active": account.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("账号已保存。"))
            return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "account": account, "manageable": manageable},
    )


@login_required
@require_POST
def user_reset_password(request: AuthedRequest, pk: int) -> HttpResponse:
    account = selectors.user_get_for(request.user, pk)
    can_manage_account(request.user, account).require()
    try:
        reset = services.user_reset_password(actor=request.user, user=account)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "accounts/password_issued.html",
        {"account": account, "password": reset.temporary, "emailed_to": reset.emailed_to},
    )


@login_required
@require_POST
def user_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    account = selectors.user_get_for(request.user, pk)
    can_manage_account(request.user, account).require()
    services.user_unlock(actor=request.user, user=account)
    messages.success(request, (_("已解除 %(account)s 的登录锁定。") % {"account": account}))
    return redirect("accounts:user_detail", pk=account.pk)


# ----- 安全管理员: roles and policy -----


@login_required
def assignment_list(request: AuthedRequest) -> HttpResponse:
    can_manage_roles(request.user).require()
    form = AssignmentGrantForm(
        request.POST or None,
        regions=region_list_for(request.user),
        units=unit_list_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = selectors.user_list_for(request.user).filter(username=data["username"]).first()
        if target is None:
            form.add_error("username", _("本区划内没有这个用户名。"))
        else:
            try:
                services.assignment_grant(
                    actor=request.user,
                    user=target,
                    role=data["role"],
                    region=data["region"],
                    unit=data["unit"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("角色已授予。"))
                return redirect("accounts:assignment_list")
    assignments = list(selectors.assignment_list_for(request.user))
    # whose second factor the page offers to reset (one query)
    with_device = set(
        TOTPDevice.objects.filter(user__in={a.user_id for a in assignments}).values_list(
            "user_id", flat=True
        )
    )
    with transaction.atomic():
        audit_record(
            actor=request.user,
            verb=Verb.READ,
            target_type="accounts.roleassignment",
            target_repr="角色授权列表",
        )
    return render(
        request,
        "accounts/assignment_list.html",
        {
            "form": form,
            # not "assignments": that is the top bar's switcher (front.context_processors)
            "role_assignments": assignments,
            "with_device": with_device,
            "admin_roles": [str(r) for r in ADMIN_ROLES],
        },
    )


@login_required
@require_POST
def otp_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    """安全管理员 resets a business account's second factor (a lost phone)."""
    account = selectors.user_get_for(request.user, pk)
    can_reset_second_factor(request.user, account).require()
    try:
        services.second_factor_reset(actor=request.user, user=account)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request,
            _("已重置 %(user)s 的动态口令，并吊销其接口令牌；其下次登录时可重新绑定。")
            % {"user": account},
        )
    return redirect("accounts:assignment_list")


@login_required
@require_POST
def assignment_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get_for(request.user, pk)
    can_revoke_assignment(request.user, assignment).require()
    try:
        services.assignment_revoke(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request,
            (
                _("已撤销：%(user)s · %(assignment)s")
                % {"user": assignment.user, "assignment": assignment}
            ),
        )
    return redirect(reverse("accounts:assignment_list"))


@login_required
def policy(request: AuthedRequest) -> HttpResponse:
    can_manage_roles(request.user).require()
    form = PolicyForm(request.POST or None, instance=SecurityPolicy.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("安全策略已保存。"))
            return redirect("accounts:policy")
    return render(request, "accounts/policy.html", {"form": form})


# ----- everyone: their own API tokens -----


@login_required
def token_list(request: AuthedRequest) -> HttpResponse:
    """我的接口令牌: what each token is, whether it still works, and a button to end it."""
    tokens = [
        (token, services.token_refusal(token)) for token in selectors.token_list_for(request.user)
    ]
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": tokens, "days": settings.GONGYE_TOKEN_DAYS},
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.token_list_for(request.user), pk=pk)
    services.token_revoke(actor=request.user, token=token, reason=TokenRevocation.USER)
    messages.success(request, _("接口令牌 %(prefix)s… 已吊销。") % {"prefix": token.prefix})
    return redirect("accounts:token_list")
