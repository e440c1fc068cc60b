"""What the API views of the domain apps share: input checked as the services answer (a
Django ``ValidationError``, which the API's exception handler turns into a 400 with Chinese
messages per field), a service's error that names no field put on the field it is about, and
limit/offset pages with the total and the links either side."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, list):
        return [m for value in errors for m in _messages(value)]
    return [str(errors)]


def validated(
    serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    """The body checked by ``serializer_class``; a refusal is a 400 naming each field."""
    serializer = serializer_class(data=data, partial=partial)
    if not serializer.is_valid():
        raise DjangoValidationError(
            {str(name): _messages(msgs) for name, msgs in serializer.errors.items()}
        )
    return dict(serializer.validated_data)


@contextmanager
def service_errors(field: str, renamed: dict[str, str] | None = None) -> Iterator[None]:
    """A service's refusal as the API names its fields: one that names no field (a step that
    does not fit the state, a file refused by its content) is put on ``field``; a field the
    service calls otherwise (``on`` for a move's ``date``) is ``renamed``. So every 400 lists
    its errors by the fields the request has."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise DjangoValidationError({field: error.messages}) from None
        names = renamed or {}
        raise DjangoValidationError(
            {names.get(name, name): messages for name, messages in error.message_dict.items()}
        ) from None


def _link(request: Request, limit: int, offset: int | None) -> str | None:
    if offset is None:
        return None
    url = replace_query_param(request.build_absolute_uri(), "limit", limit)
    if offset == 0:
        return remove_query_param(url, "offset")
    return replace_query_param(url, "offset", offset)


def page(
    request: Request, rows: QuerySet[Any], values: dict[str, Any], default_limit: int = 50
) -> dict[str, Any]:
    """One page of ``rows`` (``limit``, ``offset`` from the checked query string) with the
    total and the links to the pages either side."""
    limit = values.get("limit", default_limit)
    offset = values.get("offset", 0)
    count = rows.count()
    found = list(rows[offset : offset + limit]) if offset < count else []
    following = offset + limit if offset + limit < count else None
    preceding = max(0, offset - limit) if offset > 0 else None
    return {
        "count": count,
        "next": _link(request, limit, following),
        "previous": _link(request, limit, preceding),
        "results": found,
    }
