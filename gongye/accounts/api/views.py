from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import authenticate, logout
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from gongye.accounts import selectors, services
from gongye.accounts.models import ApiToken, RoleAssignment, TokenRevocation
from gongye.accounts.services.second_factor import STEP_ENROL, STEP_VERIFY
from gongye.core.api import ErrorSerializer
from gongye.core.context import current
from gongye.core.http import request_user

if TYPE_CHECKING:
    from gongye.orgs.models import Region


class AssignmentSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    unit_name = serializers.CharField(
        source="unit.name", read_only=True, default=None, allow_null=True
    )
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "role",
            "role_label",
            "region",
            "region_name",
            "unit",
            "unit_name",
        ]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    acting = AssignmentSerializer(allow_null=True)
    assignments = AssignmentSerializer(many=True)


class MeView(APIView):
    @extend_schema(responses=MeSerializer, summary="当前用户及其身份")
    def get(self, request: Request) -> Response:
        user = request_user(request)
        return Response(
            MeSerializer(
                {
                    "username": user.username,
                    "display_name": user.display_name,
                    "acting": user.acting,
                    "assignments": user.active_assignments,
                }
            ).data
        )


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text=(
            "动态口令：已绑定动态口令的用户必须提供验证器应用中的 6 位数字（或一个 8 位恢复码，"
            "每个只能用一次）；未绑定的三员管理员须先登录网页绑定，才能获取令牌。"
        ),
    )


def _refused(detail: str, code: str, status: int) -> Response:
    return Response({"detail": detail, "code": code}, status=status)


class TokenView(APIView):
    """Exchanges a username and password for a personal token; the same lock-out rules apply."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
            ),
            400: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
        summary="获取接口令牌",
        description=(
            "用户名和密码换取个人接口令牌。已绑定动态口令的用户须同时提供 `otp`（缺少时 403 "
            "`otp_required`，错误时 403 `otp_invalid`）；三员管理员未绑定动态口令时 403 "
            "`otp_enrolment_required`。同一地址登录失败过多时 429 `throttled`。"
        ),
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ip = current().ip
        username = data.validated_data["username"]
        refusal = services.login_throttle_refusal(ip=ip, channel="api", username=username)
        if refusal:
            return _refused(refusal, "throttled", 429)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {
                    "detail": "连续登录失败次数过多，账号已被临时锁定。",
                    "code": "locked_out",
                },
                status=403,
            )
        if user is None or not user.is_active:
            return Response(
                {"detail": "用户名或密码不正确。", "code": "invalid_credentials"},
                status=400,
            )
        if user.must_change_password or services.temporary_password_expired(user):
            return Response(
                {
                    "detail": "请先登录网页修改初始密码。",
                    "code": "password_change_required",
                },
                status=403,
            )
        # the second factor: an administrator's token is only ever issued after it
        step = services.second_factor_step(user)
        if step == STEP_ENROL:
            return _refused(
                "请先登录网页绑定动态口令，再获取接口令牌。", "otp_enrolment_required", 403
            )
        if step == STEP_VERIFY:
            code = data.validated_data.get("otp", "")
            if not code:
                return _refused("请提供动态口令（otp）。", "otp_required", 403)
            check = services.otp_verify(user=user, code=code, channel="api")
            if check.device is None:
                services.login_throttle_failure(ip=ip, username=username)
                return _refused(check.refusal, "otp_invalid", 403)
        token, key = services.token_create(user=user)
        return Response({"token": key, "expires_at": token.expires_at})


class ApiTokenSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    revoked_reason_label = serializers.CharField(
        source="get_revoked_reason_display", read_only=True
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "revoked_reason",
            "revoked_reason_label",
            "status",
        ]

    def get_status(self, token: ApiToken) -> str:
        """ "" when the token works, else why not (Chinese)."""
        return services.token_refusal(token)


class TokenListView(APIView):
    """The caller's own tokens, newest first (the keys themselves are never stored)."""

    @extend_schema(responses=ApiTokenSerializer(many=True), summary="我的接口令牌")
    def get(self, request: Request) -> Response:
        user = request_user(request)
        return Response(ApiTokenSerializer(selectors.token_list_for(user), many=True).data)


class TokenDetailView(APIView):
    @extend_schema(responses={204: None}, summary="吊销我的一个接口令牌")
    def delete(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        token = get_object_or_404(selectors.token_list_for(user), pk=pk)
        services.token_revoke(actor=user, token=token, reason=TokenRevocation.USER)
        return Response(status=204)


class LogoutView(APIView):
    """Ends what the call was made with: the token (Bearer) or the session."""

    @extend_schema(request=None, responses={204: None}, summary="退出（吊销本令牌）")
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if isinstance(request.auth, ApiToken):
            services.token_revoke(actor=user, token=request.auth, reason=TokenRevocation.LOGOUT)
        else:
            logout(request._request)
        return Response(status=204)
