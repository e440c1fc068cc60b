"""Responses every app sends the same way."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment(
    content: bytes, filename: str, ascii_name: str, content_type: str = XLSX
) -> HttpResponse:
    """A download named ``filename`` (Chinese, RFC 5987) with ``ascii_name`` for browsers
    that read only the plain parameter."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(filename)}"
    )
    return response
