"""Every refused request (HTTP 403) goes to the audit log, once (issue 10, item 7)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from gongye.audit.models import AuditEntry
from gongye.audit.services import audit_record
from gongye.core.context import current

DENIED = "access.denied"
# a 403 that its own code has already audited under its own verb (django-axes' lock-out page)
_ALREADY_AUDITED = (DENIED, "locked_out")
_REASON = "_gongye_denied_reason"


def _reason(request: HttpRequest, response: HttpResponse) -> str:
    reason = getattr(request, _REASON, "")
    data: Any = getattr(response, "data", None)  # a DRF answer carries its reason here
    if not reason and isinstance(data, dict):
        reason = str(data.get("detail", ""))
    return reason or str(getattr(response, "reason_phrase", ""))


class AccessDeniedAuditMiddleware:
    """Records ``access.denied`` with the path, the method and the reason for every 403
    answer, whether a view raised ``PermissionDenied`` (a ``can_<verb>`` refusal), DRF
    answered it, CSRF refused the form or a middleware further in did. Sits right after
    authentication, so it sees the 403s of every middleware after it. Anonymous refusals (a
    CSRF failure at the login form) carry the default region, so the county's audit
    administrator sees them, like failed logins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            self._record(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            # the page says why in the reader's language; the log keeps it in Chinese
            with translation.override(settings.LANGUAGE_CODE):
                setattr(request, _REASON, str(exception))

    def _record(self, request: HttpRequest, response: HttpResponse) -> None:
        request_id = current().request_id
        if AuditEntry.objects.filter(request_id=request_id, verb__in=_ALREADY_AUDITED).exists():
            return
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        home = getattr(user, "home_region", None)  # when no role is acting
        if not authenticated:
            region_code = settings.GONGYE_DEFAULT_REGION
        else:
            region_code = home.code if home is not None else ""
        with transaction.atomic():
            audit_record(
                actor=user if authenticated else None,
                verb=DENIED,
                target_repr=request.path[:300],
                after={
                    "path": request.path[:500],
                    "method": request.method,
                    "reason": _reason(request, response)[:500],
                },
                region_code=region_code,
            )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF refusal page (``CSRF_FAILURE_VIEW``), keeping the reason for the entry."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    setattr(request, _REASON, f"CSRF: {reason}")
    return django_csrf_failure(request, reason=reason)
