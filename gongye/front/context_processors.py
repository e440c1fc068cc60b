from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongye.front.navigation import navigation_for


def acting(request: HttpRequest) -> dict[str, Any]:
    """The acting role, the person's other assignments (the switcher) and the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "acting": user.acting,
        "assignments": user.active_assignments,
        "nav_items": navigation_for(user, request.path),
    }
