"""Reads of reminders and robots, scoped to the acting unit and region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    CharField,
    DateTimeField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.shortcuts import get_object_or_404

from gongye.core.roles import Role
from gongye.core.scope import acting_of, scope_path
from gongye.notifications.models import Delivery, Notification, WebhookEndpoint
from gongye.notifications.permissions import READER_ROLES
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit

if TYPE_CHECKING:
    from gongye.accounts.models import User


def notification_list_for(user: User) -> QuerySet[Notification]:
    """The acting unit's reminders addressed to the acting role (a liaison reads the
    liaisons' reminders, a unit head the escalations), and those addressed to the person in
    that role (an enterprise's user, a leader told that the problem they raised is solved),
    newest first."""
    acting = acting_of(user)
    if acting is None or acting.role not in READER_ROLES:
        return Notification.objects.none()
    mine = Q(user_id=user.pk, audience=acting.role)
    if acting.unit_id is not None and acting.role != Role.ENTERPRISE:
        mine |= Q(unit_id=acting.unit_id, audience=acting.role)
    return Notification.objects.filter(mine).select_related("unit", "user")


def notification_get_for(user: User, notification_id: int) -> Notification:
    return get_object_or_404(notification_list_for(user), pk=notification_id)


def _last_delivery(field: str, output_field) -> Subquery:
    """The newest delivery to a robot (deliveries name their robot as ``#<pk> <masked url>``)."""
    prefix = Concat(Value("#"), Cast(OuterRef("pk"), CharField()), Value(" "))
    return Subquery(
        Delivery.objects.filter(channel=OuterRef("kind"), target__startswith=prefix)
        .order_by("-attempted_at", "-pk")
        .values(field)[:1],
        output_field=output_field,
    )


def webhook_unit_list_for(user: User) -> QuerySet[Unit]:
    """The units in the user's region that can have robots (not groups), each with its robots
    and their last delivery, in three queries whatever the number of units."""
    path = scope_path(user)
    if path is None:
        return Unit.objects.none()
    robots = WebhookEndpoint.objects.annotate(
        last_at=_last_delivery("attempted_at", DateTimeField()),
        last_ok=_last_delivery("ok", BooleanField()),
        last_detail=_last_delivery("detail", CharField()),
    ).order_by("-is_active", "kind", "pk")
    return (
        Unit.objects.within(path)
        .exclude(kind=UnitKind.GROUP)
        .select_related("region")
        .prefetch_related(Prefetch("webhooks", queryset=robots))
        .order_by("region__path", "sort_order", "name")
    )


def webhook_get_for(user: User, pk: int) -> WebhookEndpoint:
    """A robot of a unit in the user's region, else 404."""
    return get_object_or_404(
        WebhookEndpoint.objects.in_scope(user).select_related("unit__region"), pk=pk
    )
