"""Personal API tokens (接口令牌): issued for a password, stored hashed, ended by time, by
idleness and by whatever ends the person's right to act (等保2.0 三级: 身份鉴别、访问控制).

A token works until the first of: ``expires_at`` (``GONGYE_TOKEN_DAYS`` after issue), the
security policy's idle timeout since it was last used, or its revocation — by logout of that
token, by the person, by a password change or reset, by deactivation, by the loss of any role
(all of the person's tokens: a token acts under any of their assignments), by a lock-out.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.accounts.models import ApiToken, TokenRevocation, User
from gongye.accounts.permissions import can_revoke_token
from gongye.accounts.policy import idle_timeout
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record

TOKEN_PREFIX_LENGTH = 8
TOKEN_REVOKE = "token.revoke"  # noqa: S105  (an audit verb, declared in AccountsConfig)
# last_used_at is written at most this often, so a busy client does not write on every call
TOUCH_EVERY = timedelta(seconds=60)


def token_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: User) -> tuple[ApiToken, str]:
    """A new personal token and its key, which is shown once and never stored."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_hash=token_key_hash(key),
        prefix=key[:TOKEN_PREFIX_LENGTH],
        expires_at=now + timedelta(days=settings.GONGYE_TOKEN_DAYS),
    )
    audit_record(
        actor=user,
        verb=Verb.TOKEN_CREATE,
        target=token,
        parent=user,
        after={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token, key


def token_refusal(token: ApiToken, *, now: datetime | None = None) -> str:
    """Why the token no longer opens the API (Chinese, shown in the 401), or ""."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return _("接口令牌已吊销（%(reason)s），请重新获取。") % {
            "reason": token.get_revoked_reason_display()
        }
    if now >= token.expires_at:
        return _("接口令牌已过期，请重新获取。")
    if now - (token.last_used_at or token.created_at) > idle_timeout():
        return _("接口令牌长时间未使用，已失效，请重新获取。")
    return ""


def token_touch(token: ApiToken, *, now: datetime | None = None) -> None:
    """Marks the token used (restarting its idle clock); not audited, like a page view."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken, reason: str = TokenRevocation.USER) -> ApiToken:
    """The person ends one of their own tokens (the token page, ``DELETE`` or logout)."""
    can_revoke_token(actor, token).require()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=actor,
            verb=TOKEN_REVOKE,
            target=token,
            parent=token.user,
            after={"reason": reason},
        )
    return token


@transaction.atomic
def tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """Ends every live token of ``user``: called by the services that end the person's right
    to act (their rule decides who may; this only records why). One audit entry."""
    revoked = (
        ApiToken.objects.live()
        .filter(user=user)
        .update(revoked_at=timezone.now(), revoked_reason=reason)
    )
    if revoked:
        audit_record(
            actor=actor,
            verb=TOKEN_REVOKE,
            target=user,
            after={"reason": reason, "tokens": revoked},
        )
    return revoked
