"""Logins, logouts, failed logins and lock-outs go to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from gongye.accounts.middleware import SESSION_LAST_SEEN, SESSION_SECOND_FACTOR
from gongye.accounts.models import TokenRevocation, User
from gongye.accounts.services.second_factor import second_factor_step
from gongye.accounts.services.throttles import login_throttle_failure
from gongye.accounts.services.tokens import tokens_revoke_all
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.context import current


def _named(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username).first()


def _home_code(user: User | None) -> str:
    return user.home_region.code if user is not None and user.home_region is not None else ""


def _login_region(user: User | None) -> str:
    """Where a failed sign-in shows in the log: the account's home region, or for a name that
    is no account, the region the login form serves (``GONGYE_DEFAULT_REGION``), so the
    county's audit administrator sees a spraying attempt (empty: the top region's)."""
    return _home_code(user) or settings.GONGYE_DEFAULT_REGION


@receiver(user_logged_in)
def _on_login(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        # the idle clock starts at login, not at the first page after it
        request.session[SESSION_LAST_SEEN] = timezone.now().timestamp()
        # the password is only the first step for some (SecondFactorMiddleware)
        request.session[SESSION_SECOND_FACTOR] = second_factor_step(user)
    audit_record(actor=user, verb=Verb.LOGIN, target=user)


@receiver(user_logged_out)
def _on_logout(
    sender: type[User], request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        audit_record(actor=user, verb=Verb.LOGOUT, target=user)


@receiver(user_login_failed)
def _on_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = (credentials or {}).get("username", "")
    user = _named(username)
    audit_record(
        actor=None,
        actor_name=str(username)[:150],
        verb=Verb.LOGIN_FAILED,
        target=user,
        target_type="" if user else "accounts.user",
        target_repr="" if user else str(username)[:300],
        region_code=_login_region(user),
    )
    # per address, across names (spraying), in the cache (services.throttles)
    login_throttle_failure(ip=current().ip, username=str(username))


@receiver(user_locked_out)
def _on_locked_out(
    sender: str,
    request: HttpRequest | None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    user = _named(username)
    if user is not None:
        # a locked account's API tokens end with it (the lock is the policy's verdict)
        tokens_revoke_all(actor=None, user=user, reason=TokenRevocation.LOCKED_OUT)
    audit_record(
        actor=None,
        actor_name=str(username or "")[:150],
        verb=Verb.LOCKED_OUT,
        target=user,
        target_type="" if user else "accounts.user",
        target_repr="" if user else str(username or "")[:300],
        region_code=_login_region(user),
    )
