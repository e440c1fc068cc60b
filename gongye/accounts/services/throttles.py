"""Attempt limits (限制非法登录次数, 等保2.0 三级 身份鉴别): failed sign-ins per client address and
wrong current passwords per account, counted in Django's cache so that every worker sees the
same count (the database cache table by default, Redis with ``REDIS_URL``).

django-axes locks an *account* after the policy's failures; that does not stop one address
trying one password against many names (spraying: 45 names in 8 s, then a valid login went
through). Here an address that failed ``GONGYE_LOGIN_THROTTLE_FAILURES`` times (password or
second factor, web or API) is refused — right password or not — until its window, which
starts at its first failure, ends. The change-password form likewise refuses an account that
guessed its current password wrong ``GONGYE_PASSWORD_GUESS_FAILURES`` times.

A window is fixed from its first failure and stored with its end, so an update never extends
it (the database cache's ``incr`` would reset the timeout). The read-then-write is not atomic:
two workers failing at the same instant may count once, which lets an attacker a few attempts
more at most, never an unlimited number.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from gongye.accounts.models import User
from gongye.audit.services import audit_record

LOGIN_THROTTLED = "login.throttled"
PASSWORD_THROTTLED = "password.throttled"  # noqa: S105  (an audit verb, not a secret)


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    minutes: int


def login_limit() -> Limit:
    return Limit(
        "login", settings.GONGYE_LOGIN_THROTTLE_FAILURES, settings.GONGYE_LOGIN_THROTTLE_MINUTES
    )


def password_limit() -> Limit:
    return Limit(
        "password", settings.GONGYE_PASSWORD_GUESS_FAILURES, settings.GONGYE_PASSWORD_GUESS_MINUTES
    )


def _key(limit: Limit, who: str) -> str:
    return f"gongye:throttle:{limit.scope}:{hashlib.sha256(who.encode()).hexdigest()[:40]}"


def _read(limit: Limit, who: str) -> tuple[int, float]:
    """(failures in the current window, when it ends as a timestamp); (0, 0) when none."""
    value = cache.get(_key(limit, who))
    if not value or value[1] <= time.time():
        return 0, 0.0
    return int(value[0]), float(value[1])


def _failed(limit: Limit, who: str) -> int:
    count, until = _read(limit, who)
    now = time.time()
    if not count:
        until = now + limit.minutes * 60
    count += 1
    cache.set(_key(limit, who), (count, until), timeout=max(1, math.ceil(until - now)))
    return count


def _minutes_left(until: float) -> int:
    return max(1, math.ceil((until - time.time()) / 60))


# ----- sign-in per address (web login, second-factor step, API token endpoint) -----


def login_throttle_refusal(*, ip: str | None, channel: str, username: str = "") -> str:
    """Why a sign-in from ``ip`` is refused now (Chinese, for the 429), or "". Every refusal
    is audited (``login.throttled``) under the login form's county, like a failed login."""
    if not ip:
        return ""
    limit = login_limit()
    count, until = _read(limit, ip)
    if count < limit.attempts:
        return ""
    minutes = _minutes_left(until)
    with transaction.atomic():
        audit_record(
            actor=None,
            actor_name=username[:150],
            verb=LOGIN_THROTTLED,
            target_type="accounts.user",
            target_repr=username[:300] or ip,
            after={"ip": ip, "channel": channel, "failures": count, "refused": True},
            region_code=settings.GONGYE_DEFAULT_REGION,
        )
    return _(
        "来自本地址的登录失败次数过多，请 %(minutes)d 分钟后再试（每 %(window)d 分钟最多失败 %(limit)d 次）。"
    ) % {"minutes": minutes, "window": limit.minutes, "limit": limit.attempts}


def login_throttle_failure(*, ip: str | None, username: str = "") -> int:
    """Counts one failed sign-in from ``ip``; the failure that reaches the limit is audited."""
    if not ip:
        return 0
    limit = login_limit()
    count = _failed(limit, ip)
    if count == limit.attempts:
        with transaction.atomic():
            audit_record(
                actor=None,
                actor_name=username[:150],
                verb=LOGIN_THROTTLED,
                target_type="accounts.user",
                target_repr=username[:300] or ip,
                after={"ip": ip, "failures": count, "minutes": limit.minutes},
                region_code=settings.GONGYE_DEFAULT_REGION,
            )
    return count


# ----- the current password on the change-password form, per account -----


def password_guess_refusal(*, user: User) -> str:
    """Why the change-password form is refused to ``user`` now, or "" (refusals audited)."""
    limit = password_limit()
    count, until = _read(limit, str(user.pk))
    if count < limit.attempts:
        return ""
    with transaction.atomic():
        audit_record(
            actor=user,
            verb=PASSWORD_THROTTLED,
            target=user,
            after={"failures": count, "refused": True},
        )
    return _("原密码输错次数过多，请 %(minutes)d 分钟后再试。") % {"minutes": _minutes_left(until)}


def password_guess_failed(*, user: User) -> int:
    """Counts one wrong current password; the one that reaches the limit is audited."""
    limit = password_limit()
    count = _failed(limit, str(user.pk))
    if count == limit.attempts:
        with transaction.atomic():
            audit_record(
                actor=user,
                verb=PASSWORD_THROTTLED,
                target=user,
                after={"failures": count, "minutes": limit.minutes},
            )
    return count
