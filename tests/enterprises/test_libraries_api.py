"""The libraries' API: lists scoped like the pages, the transitions as POSTs with Chinese 400s,
and the routes in the OpenAPI document with their error answers."""

from __future__ import annotations

import pytest
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.enterprises.library_choices import EntryStatus, LibraryKind, LibraryVerb
from gongye.enterprises.services.libraries import libraries_ensure, library_entry_add
from gongye.orgs.models import Region

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def libs(org):
    return {lib.kind: lib for lib in libraries_ensure(region=Region.objects.get(code="341525"))}


def test_libraries_and_their_entries(libs, persona, own_enterprise, kfq_enterprise):
    office = persona("plan_office")
    srdi = libs[LibraryKind.SRDI]
    library_entry_add(actor=office, library=srdi, enterprise=own_enterprise, stage="provincial")
    library_entry_add(actor=office, library=srdi, enterprise=kfq_enterprise, stage="innovative")
    body = _api(office).get("/api/v1/enterprises/libraries").json()
    assert len(body) == 7
    srdi_out = next(x for x in body if x["kind"] == "srdi")
    assert srdi_out["stages"][1] == {"code": "provincial", "name": "省级专精特新"}
    rows = _api(office).get(f"/api/v1/enterprises/libraries/{srdi.pk}/entries").json()
    assert {r["enterprise_name"] for r in rows} == {"衡山精工有限公司", "开发区智造有限公司"}
    rows = (
        _api(office)
        .get(f"/api/v1/enterprises/libraries/{srdi.pk}/entries", {"stage": "provincial"})
        .json()
    )
    assert [r["stage_label"] for r in rows] == ["省级专精特新"]
    rows = (
        _api(persona("lead_liaison")).get(f"/api/v1/enterprises/libraries/{srdi.pk}/entries").json()
    )
    assert [r["enterprise_name"] for r in rows] == ["开发区智造有限公司"]
    bad = _api(office).get(f"/api/v1/enterprises/libraries/{srdi.pk}/entries", {"status": "gone"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    mine = _api(persona("enterprise")).get(f"/api/v1/enterprises/{own_enterprise.pk}/libraries")
    assert [r["library_name"] for r in mine.json()] == ["专精特新梯度培育库"]


def test_propose_confirm_and_exit_through_the_api(libs, persona, own_enterprise):
    liaison, office = _api(persona("coop_liaison")), _api(persona("plan_office"))
    r = liaison.post(
        "/api/v1/enterprises/library-entries",
        {
            "library": libs[LibraryKind.HIGHTECH].pk,
            "enterprise": own_enterprise.pk,
            "reason": "研发强",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == EntryStatus.SUGGESTED
    pk = r.json()["id"]
    r = liaison.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "confirm"},
        content_type="application/json",
    )
    assert r.status_code == 403
    r = office.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "confirm", "stage": "apply"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "apply"
    r = office.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "exit"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "出库原因" in r.json()["detail"]
    r = office.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "exit", "reason": "迁出本县", "on": "2099-13-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "on" in r.json()["errors"]
    r = office.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "exit", "reason": "迁出本县"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == EntryStatus.EXITED
    assert AuditEntry.objects.filter(verb=LibraryVerb.EXIT, target_id=str(pk)).count() == 1
    r = office.post(
        f"/api/v1/enterprises/library-entries/{pk}/steps",
        {"action": "launch"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert office.get(f"/api/v1/enterprises/library-entries/{9 * 10**18}").status_code == 404


def test_the_routes_are_in_the_openapi_document(db):
    doc = Client().get("/api/v1/openapi.json").json()
    paths = {
        "/api/v1/enterprises/libraries": ["get"],
        "/api/v1/enterprises/libraries/{id}/entries": ["get"],
        "/api/v1/enterprises/{id}/libraries": ["get"],
        "/api/v1/enterprises/library-entries": ["post"],
        "/api/v1/enterprises/library-entries/{id}": ["get"],
        "/api/v1/enterprises/library-entries/{id}/steps": ["post"],
    }
    error = {"$ref": "#/components/schemas/Error"}
    for path, methods in paths.items():
        for method in methods:
            operation = doc["paths"][path][method]
            for status in ("400", "401", "403", "404"):
                assert (
                    operation["responses"][status]["content"]["application/json"]["schema"] == error
                )
