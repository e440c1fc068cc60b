from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from gongye.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User


def entry_list_for(
    user: User | AnonymousUser,
    *,
    q: str = "",
    verb: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    request_id: str = "",
) -> QuerySet[AuditEntry]:
    """Entries of the acting region and below. Entries with no region (the system itself)
    belong to the top-level administrators."""
    acting = user.acting if user.is_authenticated else None
    if acting is None:
        return AuditEntry.objects.none()
    # the acting region knows the codes below it; audit sits below orgs and never reads them
    scope = Q(region_code__in=acting.region.subtree_codes())
    if acting.region.parent_id is None:
        scope |= Q(region_code="")
    entries = AuditEntry.objects.filter(scope)
    if q:
        entries = entries.filter(
            Q(actor_name__icontains=q)
            | Q(target_repr__icontains=q)
            | Q(unit_name__icontains=q)
            | Q(parent_repr__icontains=q)
            | Q(ip__startswith=q)
        )
    if verb:
        entries = entries.filter(verb=verb)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if request_id:
        entries = entries.filter(request_id=request_id)
    return entries.order_by("-at", "-id")
