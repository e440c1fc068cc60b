"""API plumbing: errors are JSON with Chinese messages, never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
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


class ErrorSerializer(serializers.Serializer):
    """What every error under /api/v1/ answers (400, 401, 403, 404, 405, 429)."""

    detail = serializers.CharField(help_text="中文说明")
    code = serializers.CharField(help_text="机器可读的原因，如 invalid、not_found")
    errors = serializers.DictField(  # type: ignore[assignment]  # a declared field: DRF's metaclass moves it off the class, it never replaces Serializer.errors
        required=False,
        child=serializers.JSONField(),
        help_text="逐字段（或逐参数）的错误（仅 400）",
    )


_ERRORS = {
    "400": "请求有误（参数或数据不合规则）",
    "401": "未登录或令牌无效",
    "403": "无权执行该操作",
    "404": "未找到，或不在您的管辖范围内",
}


class AutoSchema(SpectacularAutoSchema):
    """Documents the error answers every operation may give, with the one error shape, unless
    the view declares its own for that status (as the progress-sheet upload does for 400);
    429 where the view is throttled."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        errors = dict(_ERRORS)
        if getattr(self.view, "throttle_classes", None):
            errors["429"] = "请求过于频繁，请稍后再试"
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses


@csrf_exempt  # a POST to no endpoint is a 404, not the HTML CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under /api/v1/ that names no endpoint: a JSON 404, as the endpoints answer."""
    return JsonResponse({"detail": "接口不存在。", "code": "not_found"}, status=404)
