"""API plumbing: errors are JSON with Chinese messages, never a 500 for bad input."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: msgs for field, msgs in exc.message_dict.items()}
            detail = "；".join(m for msgs in errors.values() for m in msgs)
            return Response(
                {"detail": detail, "code": "invalid", "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"detail": "；".join(exc.messages), "code": "invalid"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or "您没有执行该操作的权限。"
        return Response({"detail": message, "code": "permission_denied"}, status=403)
    if isinstance(exc, Http404):
        return Response(
            {"detail": "未找到，或不在您的管辖范围内。", "code": "not_found"},
            status=404,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        response.data = {
            "detail": "提交的数据有误。",
            "code": "invalid",
            "errors": detail,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        code = getattr(exc, "default_code", "error")
        response.data = {"detail": str(response.data["detail"]), "code": code}
    return response
