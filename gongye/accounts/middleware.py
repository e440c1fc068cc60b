from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.accounts.models import User
from gongye.accounts.policy import idle_timeout
from gongye.accounts.services.second_factor import STEP_ENROL, STEP_NONE, second_factor_step
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record

SESSION_LAST_SEEN = "gongye_last_seen"
SESSION_ACTING = "gongye_acting"
LAST_SEEN_STEP = 30  # seconds
SHORTEST_IDLE_TIMEOUT = 5 * 60  # the policy's least idle timeout (SecurityPolicy), in seconds
# what the session still owes after the password: "verify", "enrol" or "" (set at login)
SESSION_SECOND_FACTOR = "gongye_second_factor"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class IdleTimeoutMiddleware:
    """Ends a session idle for longer than the policy allows (30 minutes by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = timezone.now().timestamp()
            last = request.session.get(SESSION_LAST_SEEN)
            idle = None if last is None else now - float(last)
            # the policy is read only when the session has been idle longer than its least value
            if (
                idle is not None
                and idle > SHORTEST_IDLE_TIMEOUT
                and idle > idle_timeout().total_seconds()
            ):
                audit_record(actor=user, verb=Verb.SESSION_TIMEOUT, target=user)
                logout(request)
                if _is_api(request):
                    return JsonResponse(
                        {
                            "detail": _("会话已超时，请重新登录。"),
                            "code": "session_timeout",
                        },
                        status=401,
                    )
                return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1&next={request.path}")
            # written at most every LAST_SEEN_STEP seconds: saving the session on every request
            # would make each page view a database write (the idle limit is in minutes)
            if idle is None or idle >= LAST_SEEN_STEP:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class ActingAssignmentMiddleware:
    """Applies the role assignment chosen in the switcher to ``request.user``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.act_as(request.session.get(SESSION_ACTING))
        return self.get_response(request)


_PASSWORD_FREE_PREFIXES = (
    "/accounts/password/",
    "/accounts/logout/",
    "/static/",
    "/i18n/",
    "/healthz",
)


class ForcePasswordChangeMiddleware:
    """Outside demo accounts, a first login (or one after a reset) must change the password."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(_PASSWORD_FREE_PREFIXES)
        ):
            if _is_api(request):
                return JsonResponse(
                    {
                        "detail": _("请先登录网页修改初始密码。"),
                        "code": "password_change_required",
                    },
                    status=403,
                )
            return redirect("accounts:password_change")
        return self.get_response(request)


def session_second_factor_step(request: HttpRequest) -> str:
    """What this signed-in session still owes: ``verify``, ``enrol`` or ""."""
    step = request.session.get(SESSION_SECOND_FACTOR)
    if step is None:
        user = request.user
        verified = getattr(user, "otp_device", None) is not None  # set by OTPMiddleware
        if isinstance(user, User) and not verified:
            step = second_factor_step(user)
        else:
            step = STEP_NONE
        request.session[SESSION_SECOND_FACTOR] = step
    return str(step)


_SECOND_FACTOR_FREE_PREFIXES = (
    "/accounts/otp/",
    "/accounts/logout/",
    "/static/",
    "/i18n/",
    "/healthz",
)


class SecondFactorMiddleware:
    """After the password, a person with a confirmed device gives a code before anything
    else, and an administrator without one enrols first (``services.second_factor``). Runs
    before the forced password change: a password alone must not be able to change it.

    What the session owes is decided at login (``signals``), so a page costs no query; a
    session older than this rule is asked once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and hasattr(request, "session")
            and not request.path.startswith(_SECOND_FACTOR_FREE_PREFIXES)
        ):
            step = session_second_factor_step(request)
            if step != STEP_NONE:
                return self._refuse(request, step)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, step: str) -> HttpResponse:
        if _is_api(request):
            detail = (
                _("请先登录网页绑定动态口令。")
                if step == STEP_ENROL
                else _("请先完成动态口令验证。")
            )
            code = "otp_enrolment_required" if step == STEP_ENROL else "otp_required"
            return JsonResponse({"detail": detail, "code": code}, status=403)
        name = "accounts:otp_setup" if step == STEP_ENROL else "accounts:otp_verify"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
