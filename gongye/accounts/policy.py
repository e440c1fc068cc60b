"""The live security policy, read by django-axes (lock-out) and the idle-timeout middleware."""

from __future__ import annotations

from datetime import timedelta

from gongye.accounts.models import SecurityPolicy


def failure_limit(request=None, credentials=None) -> int:
    return SecurityPolicy.current().max_failed_logins


def cool_off(request=None) -> timedelta:
    return timedelta(minutes=SecurityPolicy.current().lockout_minutes)


def idle_timeout() -> timedelta:
    return timedelta(minutes=SecurityPolicy.current().idle_timeout_minutes)
