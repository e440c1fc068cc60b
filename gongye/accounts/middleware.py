from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from gongye.accounts.policy import idle_timeout
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record

SESSION_LAST_SEEN = "gongye_last_seen"
SESSION_ACTING = "gongye_acting"


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
            if last is not None and now - float(last) > idle_timeout().total_seconds():
                audit_record(actor=user, verb=Verb.SESSION_TIMEOUT, target=user)
                logout(request)
                if _is_api(request):
                    return JsonResponse(
                        {
                            "detail": "会话已超时，请重新登录。",
                            "code": "session_timeout",
                        },
                        status=401,
                    )
                return redirect(f"{reverse(settings.LOGIN_URL)}?timeout=1&next={request.path}")
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
                        "detail": "请先登录网页修改初始密码。",
                        "code": "password_change_required",
                    },
                    status=403,
                )
            return redirect("accounts:password_change")
        return self.get_response(request)
