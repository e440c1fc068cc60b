"""Access-matrix entries of the register's libraries part. The entry the URLs point at is the
衡山镇 enterprise's (``own_enterprise``): its township's liaison, its own user, the plan office
and the statistics bureau see it; everyone else gets a 404. Deciding is the plan office's."""

from __future__ import annotations

from gongye.enterprises.library_choices import LibraryKind
from gongye.enterprises.models import Library
from gongye.enterprises.services.libraries import libraries_ensure, library_entry_add
from gongye.orgs.models import Region
from tests.test_access_matrix import Entry

LIBRARY_READERS = {
    "plan_office",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "statistics",
    "county_leader",
    "city_leader",
    "province_leader",
}
HIDDEN_LIBRARY = {"outsider"}  # a Huoshan library is outside 金寨's scope
ENTRY_READERS = {"plan_office", "statistics", "coop_liaison", "enterprise"}
ENTRY_HIDDEN = {
    "lead_liaison",
    "unit_head",
    "county_leader",
    "city_leader",
    "province_leader",
    "outsider",
    "auditor",
    "sys_admin",
    "sec_admin",
}
# the current test's objects, for request bodies that name them (``Entry.data`` gets only the
# persona's name)
_CTX: dict = {}


def _add_body(persona: str) -> dict:
    kind = LibraryKind.HIGHTECH if persona == "plan_office" else LibraryKind.GROWTH
    return {
        "library": _CTX["libraries"][kind].pk,
        "enterprise": _CTX["enterprise"].pk,
        "reason": "研发投入逐年增加",
    }


ENTRIES = [
    Entry(
        "enterprises:library_list",
        "get",
        lambda c: "/enterprises/libraries/",
        LIBRARY_READERS | HIDDEN_LIBRARY,
    ),
    Entry(
        "enterprises:library_detail",
        "get",
        lambda c: f"/enterprises/libraries/{c['library'].pk}/",
        LIBRARY_READERS,
        HIDDEN_LIBRARY,
    ),
    Entry(
        "enterprises:library_edit",
        "get",
        lambda c: f"/enterprises/libraries/{c['library'].pk}/edit/",
        {"plan_office"},
        HIDDEN_LIBRARY,
    ),
    Entry(
        "enterprises:library_suggestions",
        "get",
        lambda c: "/enterprises/libraries/suggestions/",
        {"plan_office"},
    ),
    Entry(
        "enterprises:library_recompute",
        "post",
        lambda c: "/enterprises/libraries/suggestions/recompute/",
        {"plan_office"},
        ok=302,
    ),
    Entry(
        "enterprises:library_entry_create",
        "get",
        lambda c: "/enterprises/libraries/entries/new/",
        {"plan_office", "lead_liaison", "coop_liaison", "outsider"},
    ),
    Entry(
        "enterprises:library_entry_detail",
        "get",
        lambda c: f"/enterprises/libraries/entries/{c['entry'].pk}/",
        ENTRY_READERS,
        ENTRY_HIDDEN,
    ),
    Entry(
        "enterprises:library_entry_step",
        "post",
        lambda c: f"/enterprises/libraries/entries/{c['entry'].pk}/move/",
        {"plan_office"},
        ENTRY_HIDDEN,
        ok=302,
        data=lambda p: {"stage": "provincial"},
    ),
    Entry(
        "api:enterprise_library_list",
        "get",
        lambda c: "/api/v1/enterprises/libraries",
        LIBRARY_READERS | HIDDEN_LIBRARY,
    ),
    Entry(
        "api:enterprise_library_entries",
        "get",
        lambda c: f"/api/v1/enterprises/libraries/{c['library'].pk}/entries",
        LIBRARY_READERS,
        HIDDEN_LIBRARY,
    ),
    Entry(
        "api:enterprise_libraries_of_enterprise",
        "get",
        lambda c: f"/api/v1/enterprises/{c['enterprise'].pk}/libraries",
        ENTRY_READERS,
        ENTRY_HIDDEN,
    ),
    Entry(
        "api:enterprise_library_entry_create",
        "post",
        lambda c: "/api/v1/enterprises/library-entries",
        {"plan_office", "coop_liaison"},
        {"lead_liaison", "outsider"},
        ok=201,
        data=_add_body,
        json=True,
    ),
    Entry(
        "api:enterprise_library_entry_detail",
        "get",
        lambda c: f"/api/v1/enterprises/library-entries/{c['entry'].pk}",
        ENTRY_READERS,
        ENTRY_HIDDEN,
    ),
    Entry(
        "api:enterprise_library_entry_step",
        "post",
        lambda c: f"/api/v1/enterprises/library-entries/{c['entry'].pk}/steps",
        {"plan_office"},
        ENTRY_HIDDEN,
        data=lambda p: {"action": "move", "stage": "provincial"},
        json=True,
    ),
]


def context(request, persona, unit) -> dict:
    enterprise = request.getfixturevalue("own_enterprise")
    libraries_ensure(region=Region.objects.get(code="341525"))
    libraries = {lib.kind: lib for lib in Library.objects.filter(region__code="341525")}
    entry = library_entry_add(
        actor=persona("plan_office"),
        library=libraries[LibraryKind.SRDI],
        enterprise=enterprise,
        stage="innovative",
    )
    _CTX.clear()
    _CTX.update(
        enterprise=enterprise, libraries=libraries, library=libraries[LibraryKind.SRDI], entry=entry
    )
    return dict(_CTX)
