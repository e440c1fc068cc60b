from __future__ import annotations

from django.test import Client

from gongye.audit.models import AuditEntry
from tests.conftest import PASSWORD


def _token(client: Client, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_token_authentication_and_scoping(lead_liaison, outsider, unit):
    client = Client()
    token = _token(client, "lead_liaison")
    assert AuditEntry.objects.filter(verb="token_create", actor=lead_liaison).exists()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    me = api.get("/api/v1/me").json()
    assert me["acting"]["unit_name"] == "开发区"
    units = api.get("/api/v1/units").json()
    assert {u["region"] for u in units} == {"341525"}
    jinzhai_unit = unit("经信局", "341524")
    missing = api.get(f"/api/v1/units/{jinzhai_unit.pk}")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "未找到，或不在您的管辖范围内。"
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/me").status_code == 401


def test_api_errors_are_json_in_chinese(plan_office, unit):
    api = Client()
    api.force_login(plan_office)
    r = api.post(
        "/api/v1/units", {"name": "科技经信局", "kind": "bureau"}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "invalid" and "已有名为" in r.json()["detail"]
    r = api.post("/api/v1/units", {"name": "新局", "kind": "nope"}, content_type="application/json")
    assert r.status_code == 400 and "errors" in r.json()
    r = api.post("/api/v1/units", "{not json", content_type="application/json")
    assert r.status_code == 400 and r.json()["detail"]
    r = api.patch(
        f"/api/v1/units/{unit('开发区').pk}",
        {"aliases": ["县科技经信局"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and "别名" in r.json()["detail"]
    r = api.get("/api/v1/units/notanumber")
    assert r.status_code == 404


def test_permission_denied_says_why(lead_liaison, unit):
    api = Client()
    api.force_login(lead_liaison)
    r = api.patch(
        f"/api/v1/units/{unit('开发区').pk}", {"full_name": "x"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert "督办" in r.json()["detail"]


def test_openapi_document_lists_the_endpoints(db):
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in [
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/units/{id}",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/auth/token",
    ]:
        assert path in doc["paths"], path


def test_healthz_checks_the_database(db):
    from gongye.core.jobs import heartbeat

    heartbeat()  # the worker ran its job just now
    r = Client().get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["worker"] == "ok"


def test_acting_as_header_picks_the_assignment(org, sec_admin, lead_liaison, unit):
    from gongye.accounts.services import assignment_grant

    second = assignment_grant(
        actor=sec_admin,
        user=lead_liaison,
        role="liaison",
        region=org["341525"],
        unit=unit("衡山镇"),
    )
    token = _token(Client(), "lead_liaison")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_X_ACTING_AS=str(second.pk))
    assert api.get("/api/v1/me").json()["acting"]["unit_name"] == "衡山镇"
