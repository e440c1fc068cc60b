"""Reads of the cultivation libraries. Every read starts from the enterprises the person may
see (``permissions.enterprises_visible_to``): an entry of an enterprise out of their sight is
a 404, as is a library outside their region. An enterprise's own user sees its entries but not
the office's pending suggestions nor the dismissed ones (``library_permissions.sees_pending``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gongye.core.scope import acting_of
from gongye.enterprises.library_choices import EntryAction, EntryStatus, LibraryVerb
from gongye.enterprises.library_permissions import sees_pending
from gongye.enterprises.library_workflow import ENTRY_WORKFLOW
from gongye.enterprises.models import Library, LibraryEntry, LibraryMove
from gongye.enterprises.permissions import enterprises_visible_to
from gongye.orgs.choices import RegionLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User
    from gongye.core.workflow import Edge
    from gongye.enterprises.models import Enterprise


def entries_visible_to(user: User | AnonymousUser) -> QuerySet[LibraryEntry]:
    rows = LibraryEntry.objects.filter(enterprise__in=enterprises_visible_to(user))
    if not sees_pending(user):
        rows = rows.exclude(status__in=(EntryStatus.SUGGESTED, EntryStatus.DISMISSED))
    return rows


def libraries_for_enterprise(user: Any, enterprise: Any) -> list[Any]:
    """The enterprise's library entries, current and past, for its page (the template
    ``enterprises/_libraries_section.html`` renders them as ``library_entries``)."""
    rows = (
        entries_visible_to(user)
        .filter(enterprise_id=enterprise.pk)
        .select_related("library")
        .order_by("library__sort_order", "-created_at", "-id")
    )
    return list(rows)


def active_library_counts(user: Any, enterprise_ids: list[int]) -> dict[int, int]:
    """How many libraries each enterprise is in now (在库), in one query."""
    rows = (
        entries_visible_to(user)
        .filter(enterprise_id__in=enterprise_ids, status=EntryStatus.ACTIVE)
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    return dict(rows)


def county_of(user: User | AnonymousUser) -> Any:
    """The county the person acts in (None above county level): its libraries are made when
    first needed."""
    acting = acting_of(user)
    if acting is None or acting.region.level != RegionLevel.COUNTY:
        return None
    return acting.region


def libraries_in_scope(user: User | AnonymousUser) -> QuerySet[Library]:
    return Library.objects.in_scope(user).select_related("region")


def library_get_for(user: User | AnonymousUser, pk: int) -> Library:
    library = libraries_in_scope(user).filter(pk=pk).first()
    if library is None:
        raise Http404
    return library


@dataclass
class LibraryRow:
    library: Library
    stages: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    active: int = 0
    suggested: int = 0
    left: int = 0


def library_overview_for(user: User | AnonymousUser) -> list[LibraryRow]:
    """Each library of the person's region with its members per stage (of the enterprises
    they may see): two queries whatever the numbers."""
    libraries = list(libraries_in_scope(user))
    counts: dict[tuple[int, str, str], int] = {}
    for row in (
        entries_visible_to(user)
        .filter(library__in=[lib.pk for lib in libraries])
        .values("library_id", "status", "stage")
        .annotate(n=Count("id"))
    ):
        counts[(row["library_id"], row["status"], row["stage"])] = row["n"]
    out = []
    for lib in libraries:
        item = LibraryRow(lib)
        for (pk, status, _stage), n in counts.items():
            if pk != lib.pk:
                continue
            if status == EntryStatus.ACTIVE:
                item.active += n
            elif status == EntryStatus.SUGGESTED:
                item.suggested += n
            elif status != EntryStatus.DISMISSED:
                item.left += n
        item.stages = [
            (str(code), str(name), counts.get((lib.pk, EntryStatus.ACTIVE, code), 0))
            for code, name in lib.stages
        ]
        out.append(item)
    return out


def library_entries_for(
    user: User | AnonymousUser,
    library: Library,
    *,
    status: str = "",
    stage: str = "",
    tag: str = "",
    q: str = "",
) -> QuerySet[LibraryEntry]:
    rows = entries_visible_to(user).filter(library=library)
    rows = rows.filter(status=status or EntryStatus.ACTIVE)
    if stage:
        rows = rows.filter(stage=stage)
    if q:
        rows = rows.filter(Q(enterprise__name__icontains=q) | Q(enterprise__credit_code=q.upper()))
    rows = rows.select_related("enterprise", "enterprise__township", "decided_by", "library")
    rows = rows.order_by("enterprise__name", "id")
    if tag:  # tags are a short JSON list: filtered in Python on every backend
        return rows.filter(
            pk__in=[pk for pk, tags in rows.values_list("pk", "tags") if tag in tags]
        )
    return rows


def entry_get_for(user: User | AnonymousUser, pk: int) -> LibraryEntry:
    entry = (
        entries_visible_to(user)
        .select_related("library", "region", "enterprise", "enterprise__township")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def _status_label(code: str) -> str:
    return str(EntryStatus(code).label) if code in EntryStatus.values else code


def entry_history(entry: LibraryEntry) -> list[LibraryMove]:
    """The entry's moves, each with its labels (``action_label``, ``from_label``, ``to_label``,
    ``from_stage_label``, ``to_stage_label``) for the page."""
    actions = {
        **{a.value: str(a.label) for a in EntryAction},
        "record": str(LibraryVerb.RECORD.label),
        "propose": str(LibraryVerb.PROPOSE.label),
        "suggest": str(LibraryVerb.SUGGEST.label),
    }
    moves = list(entry.moves.select_related("by").order_by("at", "id"))
    for m in moves:
        m.action_label = actions.get(m.action, m.action)  # type: ignore[attr-defined]
        m.from_label = _status_label(m.from_status)  # type: ignore[attr-defined]
        m.to_label = _status_label(m.to_status)  # type: ignore[attr-defined]
        m.from_stage_label = entry.library.stage_label(m.from_stage)  # type: ignore[attr-defined]
        m.to_stage_label = entry.library.stage_label(m.to_stage)  # type: ignore[attr-defined]
    return moves


def entry_actions(user: User, entry: LibraryEntry) -> list[Edge[User, LibraryEntry]]:
    """The steps this person may take on the entry now (the workflow kit's ``available``)."""
    return ENTRY_WORKFLOW.available(user, entry)


def suggestions_for(
    user: User | AnonymousUser, *, library: int | None = None
) -> QuerySet[LibraryEntry]:
    rows = entries_visible_to(user).filter(status=EntryStatus.SUGGESTED)
    if library:
        rows = rows.filter(library_id=library)
    return rows.select_related(
        "library", "enterprise", "enterprise__township", "suggested_by"
    ).order_by("library__sort_order", "enterprise__name", "id")


def enterprise_choices_for(user: User | AnonymousUser) -> QuerySet[Enterprise]:
    """The enterprises the person may propose (the form's list): those they see."""
    return enterprises_visible_to(user).filter(is_active=True).order_by("name")
