"""Responses every app sends the same way."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails
    from rest_framework.request import Request

    from gongye.accounts.models import User

_View = TypeVar("_View", bound=Callable[..., Any])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AuthedRequest(HttpRequest):
    """The request a ``login_required`` view gets: ``request.user`` is a signed-in ``User``.

    Only an annotation: Django still passes its own ``HttpRequest`` (``WSGIRequest``); the
    decorator is what makes ``user`` a ``User``, and this class says so to the type checker.
    ``htmx`` is set by django-htmx's ``HtmxMiddleware`` on every request.
    """

    user: User
    htmx: HtmxDetails


def request_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a view that already requires one (``login_required``,
    DRF's ``IsAuthenticated``): narrows ``User | AnonymousUser`` to ``User``."""
    user = request.user
    if not user.is_authenticated:
        # Unreachable behind the view's own guard; a 403 rather than a crash if it is missing.
        raise PermissionDenied(_("请先登录。"))
    return user


class NamedRegion(Protocol):
    """What a download needs of the region it is about (``orgs.Region``)."""

    @property
    def name(self) -> str: ...

    @property
    def code(self) -> str: ...


def export_names(region: NamedRegion, filename: str, ascii_name: str) -> tuple[str, str]:
    """Every exported file's name starts with the name of the region it is about (霍山县2022年
    重点工作明细表.xlsx), so files from several counties, or a city's, stay apart on a desk;
    the plain name starts with the region's code. A name that already starts so is kept."""
    if not filename.startswith(region.name):
        filename = f"{region.name}{filename}"
    if region.code and region.code not in ascii_name:
        ascii_name = f"{region.code}-{ascii_name}"
    return filename, ascii_name


def attachment(
    content: bytes,
    filename: str,
    ascii_name: str,
    content_type: str = XLSX,
    *,
    region: NamedRegion,
) -> HttpResponse:
    """A download named ``filename`` (Chinese, RFC 5987) with ``ascii_name`` for browsers
    that read only the plain parameter, both starting with the ``region`` the file is about
    (``export_names``)."""
    filename, ascii_name = export_names(region, filename, ascii_name)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(filename)}"
    )
    return response


def chinese_document(view: _View) -> _View:
    """An export is an official document: it is written in Chinese (dates as 2022年7月15日,
    the office's headings) whatever language the page it was taken from is read in. Its
    refusals (403, 404) still speak the reader's language, their reasons being lazy."""

    @functools.wraps(view)
    def in_chinese(*args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return view(*args, **kwargs)

    return in_chinese  # type: ignore[return-value]  # same signature as view (functools.wraps)
