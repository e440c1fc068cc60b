"""Authorisation answers that say why: ``can_<verb>(user, obj) -> Decision``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def require(self) -> None:
        """Out of scope is a 404 decided by the selectors; here the object is in scope."""
        if not self.allowed:
            raise PermissionDenied(self.reason or "您无权执行此操作。")


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, reason)
