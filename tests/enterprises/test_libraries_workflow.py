"""The entry's map (``ENTRY_WORKFLOW``) walked edge by edge: the plan office takes each edge,
the audit entry carries the edge's verb, a move is recorded; every other persona is refused and
nothing changes. No dead ends; undoing (restore, reinstate) leaves the entry as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.choices import verb_catalogue
from gongye.audit.models import AuditEntry
from gongye.enterprises.library_choices import EntryStatus, LibraryKind, LibraryVerb
from gongye.enterprises.library_workflow import ENTRY_WORKFLOW
from gongye.enterprises.models import Library, LibraryEntry
from gongye.enterprises.services.libraries import (
    libraries_ensure,
    library_entry_add,
    library_entry_step,
)
from gongye.orgs.models import Region
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 5, 10)
S = EntryStatus


def _library(kind: str) -> Library:
    libraries_ensure(region=Region.objects.get(code="341525"))
    return Library.objects.get(region__code="341525", kind=kind)


def _entry_in(state: str, kind: str, enterprise, office) -> LibraryEntry:
    """An entry brought to ``state`` by the real services."""
    library = _library(kind)
    stage = library.stage_codes[-1] if kind == LibraryKind.DIFFICULT else ""
    entry = library_entry_add(
        actor=office, library=library, enterprise=enterprise, stage=stage, on=DAY
    )
    if state == S.ACTIVE:
        return entry
    if state in (S.SUGGESTED, S.DISMISSED):
        entry.status = S.SUGGESTED  # what a liaison's proposal leaves
        entry.save()
        if state == S.DISMISSED:
            entry = library_entry_step(actor=office, entry=entry, action="dismiss", reason="不符")
        return entry
    action = {S.EXITED: "exit", S.RECOVERED: "recover", S.DISPOSED: "dispose"}[state]
    return library_entry_step(
        actor=office,
        entry=entry,
        action=action,
        reason="原因",
        method="bankruptcy",
        result="已受理",
        on=DAY,
    )


def _edges():
    return [pytest.param(e, id=f"{e.source}-{e.action}") for e in ENTRY_WORKFLOW.edges]


@pytest.mark.parametrize("edge", _edges())
def test_every_edge_is_taken_by_the_plan_office_and_refused_to_the_rest(
    edge, persona, own_enterprise
):
    office = persona("plan_office")
    kind = (
        LibraryKind.DIFFICULT
        if edge.action in ("recover", "dispose") or edge.source in (S.RECOVERED, S.DISPOSED)
        else LibraryKind.SRDI
    )
    entry = _entry_in(edge.source, kind, own_enterprise, office)
    for name in PERSONAS:
        if name == "plan_office":
            continue
        with pytest.raises(PermissionDenied):
            library_entry_step(
                actor=persona(name),
                entry=entry,
                action=edge.action,
                stage="provincial",
                reason="原因",
                method="merger",
                result="已重组",
            )
    entry.refresh_from_db()
    assert entry.status == edge.source
    audits = AuditEntry.objects.count()
    done = library_entry_step(
        actor=office,
        entry=entry,
        action=edge.action,
        stage="provincial" if kind == LibraryKind.SRDI else "treat",
        reason="原因",
        method="merger",
        result="已重组",
        on=DAY,
    )
    assert done.status == edge.target
    assert AuditEntry.objects.count() >= audits + 1
    audit = AuditEntry.objects.filter(verb=edge.verb).latest("id")
    assert audit.target_id == str(entry.pk)
    assert audit.after["status"] == edge.target
    assert done.moves.latest("id").action == edge.action


def test_the_map_has_no_dead_ends_and_its_verbs_are_catalogued():
    assert ENTRY_WORKFLOW.dead_ends() == set()
    codes = set(verb_catalogue())
    assert {v.value for v in LibraryVerb} <= codes
    assert {e.verb for e in ENTRY_WORKFLOW.edges} <= codes


FIELDS = ("status", "stage", "exited_on", "exit_reason", "exited_by_id", "disposal_method")


def _state(entry):
    entry.refresh_from_db()
    return {f: getattr(entry, f) for f in FIELDS}


@pytest.mark.parametrize(
    ("there", "back"),
    [
        ("dismiss", "restore"),
        ("exit", "reinstate"),
        ("dispose", "reinstate"),
        ("recover", "reinstate"),
    ],
)
def test_undoing_leaves_the_entry_as_it_was(there, back, persona, own_enterprise):
    office = persona("plan_office")
    entry = _entry_in(
        S.SUGGESTED if there == "dismiss" else S.ACTIVE,
        LibraryKind.DIFFICULT,
        own_enterprise,
        office,
    )
    before = _state(entry)
    library_entry_step(
        actor=office, entry=entry, action=there, reason="原因", method="merger", result="已重组"
    )
    assert _state(entry) != before
    library_entry_step(actor=office, entry=entry, action=back)
    assert _state(entry) == before


def test_recovery_needs_the_consolidation_stage(persona, own_enterprise):
    office = persona("plan_office")
    library = _library(LibraryKind.DIFFICULT)
    entry = library_entry_add(
        actor=office, library=library, enterprise=own_enterprise, stage="diagnose"
    )
    with pytest.raises(ValidationError, match="巩固"):
        library_entry_step(actor=office, entry=entry, action="recover")
    library_entry_step(actor=office, entry=entry, action="move", stage="consolidate")
    assert library_entry_step(actor=office, entry=entry, action="recover").status == S.RECOVERED


def test_other_libraries_cannot_recover_or_dispose(persona, own_enterprise):
    office = persona("plan_office")
    entry = _entry_in(S.ACTIVE, LibraryKind.SRDI, own_enterprise, office)
    for action in ("recover", "dispose"):
        with pytest.raises(ValidationError):
            library_entry_step(
                actor=office, entry=entry, action=action, method="merger", result="x"
            )
    entry.refresh_from_db()
    assert entry.status == S.ACTIVE
