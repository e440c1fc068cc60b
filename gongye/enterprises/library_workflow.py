"""An entry's life in a library as an explicit map (issue 12 item 3):

    suggested ──confirm──▶ active ──exit──▶ exited ──reinstate──▶ active
        │  ▲                 │ ▲ move (another stage, or the tags)
     dismiss restore         ├──recover──▶ recovered ──reinstate──▶ active   (困难企业, from 巩固)
        ▼  │                 └──dispose──▶ disposed  ──reinstate──▶ active   (僵尸企业处置)
      dismissed

Every edge is the plan office's (``library_permissions.can_decide``); a liaison's proposal
and the data's suggestions start at ``suggested`` (``services.libraries``). The undo edges
(restore, reinstate) put the entry back as it was: the exit's or the dismissal's date, reason
and decider, and a disposal's method and result, are cleared, the stage kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from gongye.audit.services import audit_record
from gongye.core.permissions import ALLOW, Decision, deny
from gongye.core.workflow import Edge, Workflow
from gongye.enterprises.library_choices import (
    OPEN_STATUSES,
    EntryAction,
    EntryStatus,
    LibraryKind,
    LibraryVerb,
)
from gongye.enterprises.library_defaults import CONSOLIDATE
from gongye.enterprises.library_permissions import can_decide

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.enterprises.models import LibraryEntry


def difficult_only(entry: LibraryEntry) -> Decision:
    if entry.library.kind != LibraryKind.DIFFICULT:
        return deny(_("只有困难企业帮扶库的企业才能确认脱困或按僵尸企业处置。"))
    return ALLOW


def consolidated(entry: LibraryEntry) -> Decision:
    if not difficult_only(entry):
        return difficult_only(entry)
    if entry.stage != CONSOLIDATE:
        return deny(_("企业须先进入“巩固”阶段，才能确认脱困。"))
    return ALLOW


def no_other_open(entry: LibraryEntry) -> Decision:
    """An enterprise is suggested for, or in, a library once at a time."""
    from gongye.enterprises.models import LibraryEntry

    others = LibraryEntry.objects.filter(
        library_id=entry.library_id, enterprise_id=entry.enterprise_id, status__in=OPEN_STATUSES
    ).exclude(pk=entry.pk)
    if others.exists():
        return deny(_("该企业在本库已有待确认或在库的记录，不能恢复这一条。"))
    return ALLOW


def movable(entry: LibraryEntry) -> Decision:
    if not entry.library.stages and not entry.library.tags:
        return deny(_("本库不分培育阶段。"))
    return ALLOW


S = EntryStatus
A = EntryAction
V = LibraryVerb


def _reinstate(source: str) -> Edge[User, LibraryEntry]:
    """Undoing an exit, a recovery or a disposal: back in the library at the stage it had."""
    return Edge(
        source,
        S.ACTIVE,
        A.REINSTATE,
        V.REINSTATE,
        A.REINSTATE.label,
        can_decide,
        when=no_other_open,
    )


ENTRY_WORKFLOW: Workflow[User, LibraryEntry] = Workflow(
    noun=_("入库记录"),
    field="status",
    states=EntryStatus,
    initial=S.SUGGESTED,
    final_states={S.EXITED, S.DISMISSED, S.RECOVERED, S.DISPOSED},
    record=audit_record,
    edges=[
        Edge(S.SUGGESTED, S.ACTIVE, A.CONFIRM, V.CONFIRM, A.CONFIRM.label, can_decide),
        Edge(S.SUGGESTED, S.DISMISSED, A.DISMISS, V.DISMISS, A.DISMISS.label, can_decide),
        Edge(
            S.DISMISSED,
            S.SUGGESTED,
            A.RESTORE,
            V.RESTORE,
            A.RESTORE.label,
            can_decide,
            when=no_other_open,
        ),
        Edge(S.ACTIVE, S.ACTIVE, A.MOVE, V.MOVE, A.MOVE.label, can_decide, when=movable),
        Edge(S.ACTIVE, S.EXITED, A.EXIT, V.EXIT, A.EXIT.label, can_decide),
        Edge(
            S.ACTIVE,
            S.RECOVERED,
            A.RECOVER,
            V.RECOVER,
            A.RECOVER.label,
            can_decide,
            when=consolidated,
        ),
        Edge(
            S.ACTIVE,
            S.DISPOSED,
            A.DISPOSE,
            V.DISPOSE,
            A.DISPOSE.label,
            can_decide,
            when=difficult_only,
        ),
        _reinstate(S.EXITED),
        _reinstate(S.RECOVERED),
        _reinstate(S.DISPOSED),
    ],
)
ENTRY_WORKFLOW.check()

# the fields a step may change, recorded before and after in its audit entry
STEP_FIELDS = (
    "stage",
    "tags",
    "entered_on",
    "decided_by",
    "exited_on",
    "exit_reason",
    "exited_by",
    "disposal_method",
    "disposal_result",
)
