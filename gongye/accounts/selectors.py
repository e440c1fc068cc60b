from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from gongye.accounts.models import ApiToken, RoleAssignment, User


def user_list_for(actor: User, *, q: str | None = None) -> QuerySet[User]:
    """Accounts whose home region lies in the acting region's subtree."""
    users = User.objects.in_scope(actor)
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return users.select_related("home_region").prefetch_related(
        Prefetch(
            "assignments",
            queryset=RoleAssignment.objects.filter(is_active=True).select_related("unit", "region"),
        )
    )


def user_get_for(actor: User, user_id: int) -> User:
    return get_object_or_404(user_list_for(actor), pk=user_id)


def assignment_list_for(actor: User, *, include_revoked: bool = False) -> QuerySet[RoleAssignment]:
    assignments = RoleAssignment.objects.in_scope(actor)
    if not include_revoked:
        assignments = assignments.filter(is_active=True)
    return assignments.select_related("user", "region", "unit").order_by(
        "region__path", "unit__sort_order", "user__username"
    )


def assignment_get_for(actor: User, assignment_id: int) -> RoleAssignment:
    return get_object_or_404(assignment_list_for(actor), pk=assignment_id)


def token_list_for(user: User) -> QuerySet[ApiToken]:
    """The person's own API tokens, newest first (nobody sees another's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
