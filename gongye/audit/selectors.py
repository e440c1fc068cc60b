from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from gongye.audit.models import AuditAnchor, AuditChainHead, AuditEntry

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


@dataclass(frozen=True)
class ChainState:
    """The audit page's integrity panel: the chain head now and the latest anchor (with the
    verification the daily job ran just before writing it)."""

    count: int
    head_hash: str
    anchor: AuditAnchor | None


def chain_state_for(user: User | AnonymousUser) -> ChainState | None:
    """For whoever reads the log (the caller has checked ``can_read_audit``). The chain is
    one for the whole installation, so its state is not scoped to a region."""
    if not user.is_authenticated:
        return None
    head = AuditChainHead.objects.first()
    return ChainState(
        count=head.count if head else 0,
        head_hash=head.last_hash if head else "",
        anchor=AuditAnchor.objects.order_by("-at", "-id").first(),
    )
