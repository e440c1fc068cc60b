from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gongye.core.context import execution_context

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the deployment sets GONGYE_PROXY_COUNT; axes uses the same rule.
    from django.conf import settings

    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= proxies:
            return parts[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when it is sane) and records the IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        request.request_id = request_id  # type: ignore[attr-defined]
        with execution_context(request_id=request_id, ip=client_ip(request), channel=channel):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class ChineseFirstLocaleMiddleware:
    """Chinese unless the person chose otherwise: the language switch's cookie decides, the
    browser's Accept-Language does not (a county office's browsers are often set to English)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # for this request only: the thread's language goes back afterwards, so work done
        # outside a request (a job, an export's words) never inherits a reader's English
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# The one Content-Security-Policy (issue 10, item 11). No inline script anywhere: pages keep
# their data in <script type="application/json"> blocks and data- attributes, their code in
# static files. ``style-src-attr 'unsafe-inline'`` lets style="" attributes through (sizes in
# templates, and ECharts' tooltips, which it builds as HTML with style attributes) while
# <style> elements stay refused; an attribute cannot hold a selector, so it cannot read the page.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every answer, and ``Cache-Control: no-store`` on whatever a
    shared or browser cache must not keep: every page for a signed-in person, every
    ``/api/v1/`` answer (a Bearer caller is not signed in by session) and every download."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            getattr(settings, "GONGYE_CSP", CONTENT_SECURITY_POLICY),
        )
        user = getattr(request, "user", None)
        private = (
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or response.headers.get("Content-Disposition", "").startswith("attachment")
        )
        if private and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response
