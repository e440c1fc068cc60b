from __future__ import annotations

from django.http import HttpRequest

from gongye.accounts.navigation import navigation_for


def acting(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "acting": user.acting,
        "assignments": user.active_assignments,
        "nav_items": navigation_for(user, request.path),
    }
