"""Who a request acts as, and which part of the region tree that reaches.

Every selector starts from ``scope_path(user)``: the acting assignment's region path, so a
filter ``region__path__startswith=path`` gives that region and everything below it.
"""

from __future__ import annotations

from typing import Any


def acting_of(user: Any):
    """The acting role assignment, or None for anonymous users and users with no role."""
    if user is None or not user.is_authenticated:
        return None
    return user.acting


def scope_path(user: Any) -> str | None:
    acting = acting_of(user)
    return acting.region.path if acting is not None else None
