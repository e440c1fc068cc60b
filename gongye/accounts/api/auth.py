"""How an API call says who it is: a personal token (``Authorization: Bearer <key>``, or
``Token <key>``) or the browser's session, and ``X-Acting-As: <assignment id>`` for the role
it acts in — checked the same way for both."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django_otp import user_has_device
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from gongye.accounts.models import ApiToken, User
from gongye.accounts.services.second_factor import second_factor_required
from gongye.accounts.services.tokens import token_key_hash, token_refusal, token_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

ACTING_HEADER = "HTTP_X_ACTING_AS"
# ASCII digits only: str.isdigit() takes "²" and int() then fails (a 500 before)
_ASSIGNMENT_ID = re.compile(r"[0-9]{1,18}")


class PasswordChangeRequired(exceptions.APIException):
    status_code = 403
    default_code = "password_change_required"
    default_detail = "请先登录网页修改密码，再使用接口。"


class SecondFactorRequired(exceptions.APIException):
    status_code = 403
    default_code = "otp_enrolment_required"
    default_detail = "请先登录网页绑定动态口令，再使用接口。"


class ActingAsRefused(exceptions.APIException):
    status_code = 403
    default_code = "acting_as_invalid"
    default_detail = "X-Acting-As 指定的身份无效。"


def apply_acting_header(request: Request, user: User) -> None:
    """Acts under the assignment the header names, which must be one of the caller's own
    active assignments; anything else is refused (403), never silently ignored."""
    raw = request.META.get(ACTING_HEADER)
    if raw is None or raw == "":
        return
    value = raw.strip()
    chosen = None
    if _ASSIGNMENT_ID.fullmatch(value):
        chosen = next((a for a in user.active_assignments if a.pk == int(value)), None)
    if chosen is None:
        raise ActingAsRefused(
            _(
                "X-Acting-As 指定的身份（%(value)s）不是您本人有效的角色授权，请用 /api/v1/me 查看可用的身份编号。"
            )
            % {"value": value[:20]}
        )
    user.act_as(chosen.pk)


def _require_password_changed(user: User) -> None:
    if user.must_change_password:
        raise PasswordChangeRequired(_("请先登录网页修改密码，再使用接口。"))


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>``: the key's hash names a token that is not revoked,
    not past ``expires_at`` and not idle longer than the security policy allows."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sep, key = header.strip().partition(" ")
        if scheme.lower() not in {"bearer", "token"}:
            return None
        key = key.strip()
        if not key or " " in key:
            raise exceptions.AuthenticationFailed(_("Authorization 头格式应为：Bearer <令牌>。"))
        token = ApiToken.objects.select_related("user").filter(key_hash=token_key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("接口令牌无效，请重新获取。"))
        refusal = token_refusal(token)
        if refusal:
            raise exceptions.AuthenticationFailed(refusal)
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("账号已停用。"))
        _require_password_changed(user)
        if second_factor_required(user) and not user_has_device(user, confirmed=True):
            # a token issued before the administrator had to enrol opens nothing until then
            raise SecondFactorRequired()
        token_touch(token)
        apply_acting_header(request, user)
        return user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ActingSessionAuthentication(SessionAuthentication):
    """The browser's session (CSRF-checked as DRF does), with ``X-Acting-As`` honoured as for
    a token. A session that must change its password is stopped earlier, by
    ``ForcePasswordChangeMiddleware``."""

    def authenticate(self, request: Request) -> tuple[User | AnonymousUser, None] | None:
        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if isinstance(user, User):
                apply_acting_header(request, user)
        return result
