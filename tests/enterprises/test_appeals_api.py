"""The appeals API (``/api/v1/enterprises/appeals…``): the whole path through the API, the
same need to know as the pages, Chinese 400s for bad input, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongye.audit.models import AuditEntry


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def test_the_whole_path_through_the_api(persona, unit, own_enterprise):
    ent, office = _api(persona("enterprise")), _api(persona("plan_office"))
    liaison = _api(persona("lead_liaison"))
    made = _post(ent, "/api/v1/enterprises/appeals", {"title": "用电增容", "content": "需增容"})
    assert made.status_code == 201, made.content
    body = made.json()
    pk = body["id"]
    assert body["status"] == "raised" and body["actions"] == ["withdraw"]
    assert body["enterprise"]["name"] == own_enterprise.name
    url = f"/api/v1/enterprises/appeals/{pk}/actions"
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    assigned = _post(office, url, {"action": "assign", "unit": unit("开发区").pk, "deadline": due})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["unit"]["name"] == "开发区" and assigned.json()["colour"] == "green"
    refused = _post(ent, url, {"action": "answer", "answer": "自己答"})
    assert refused.status_code == 403
    answered = _post(liaison, url, {"action": "answer", "answer": "已协调供电公司"})
    assert answered.json()["status"] == "answered"
    detail = ent.get(f"/api/v1/enterprises/appeals/{pk}").json()
    assert set(detail["actions"]) == {"accept", "reopen"}
    rated = _post(ent, url, {"action": "accept", "rating": "satisfied"})
    assert rated.json()["status"] == "closed" and rated.json()["rating"] == "satisfied"
    labels = [line["label"] for line in rated.json()["timeline"]]
    assert labels == ["提出诉求", "交办诉求", "答复诉求", "评价诉求答复"]
    assert AuditEntry.objects.filter(target_id=str(pk), verb__startswith="appeal.").count() == 4
    listed = ent.get("/api/v1/enterprises/appeals?status=closed").json()
    assert [row["id"] for row in listed] == [pk]


def test_a_liaison_logs_for_an_enterprise_it_sees_only(
    persona, unit, own_enterprise, kfq_enterprise
):
    liaison = _api(persona("coop_liaison"))
    ok = _post(
        liaison,
        "/api/v1/enterprises/appeals",
        {"enterprise": own_enterprise.pk, "title": "走访", "content": "运输难"},
    )
    assert ok.status_code == 201 and ok.json()["source"] == "visit"
    hidden = _post(
        liaison,
        "/api/v1/enterprises/appeals",
        {"enterprise": kfq_enterprise.pk, "title": "走访", "content": "运输难"},
    )
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "", "content": "x"}, "title"),
        ({"title": "x"}, "content"),
        ({"title": "x", "content": "y", "category": "weird"}, "category"),
        ({"title": 1, "content": "y"}, "title"),
        ({"title": "x" * 101, "content": "y"}, "title"),
        ({"title": "x", "content": "y", "enterprise": 2**70}, "enterprise"),
    ],
)
def test_bad_input_is_a_chinese_400(persona, own_enterprise, body, field):
    response = _post(_api(persona("enterprise")), "/api/v1/enterprises/appeals", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not own_enterprise.appeals.exists()


def test_bad_steps_are_400_and_foreign_ids_404(persona, unit, own_enterprise):
    ent = _api(persona("enterprise"))
    pk = _post(ent, "/api/v1/enterprises/appeals", {"title": "x", "content": "y"}).json()["id"]
    office = _api(persona("plan_office"))
    url = f"/api/v1/enterprises/appeals/{pk}/actions"
    for body in (
        {"action": "explode"},
        {"action": "assign", "unit": unit("开发区").pk, "deadline": "2000-01-01"},
        {"action": "assign", "unit": "开发区", "deadline": "2030-01-01"},
        {"action": "answer", "answer": "x"},  # not this stage
    ):
        response = _post(office, url, body)
        assert response.status_code == 400, (body, response.content)
        assert response.json()["detail"]
    assert _api(persona("outsider")).get(f"/api/v1/enterprises/appeals/{pk}").status_code == 404
    assert office.get("/api/v1/enterprises/appeals/99999999999").status_code == 404
    assert office.get("/api/v1/enterprises/appeals?status=nope").status_code == 400
    assert office.get("/api/v1/enterprises/appeals/monthly?year=2022&month=13").status_code == 400


def test_the_openapi_document_has_the_appeals(db):
    doc = Client().get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    assert set(paths["/api/v1/enterprises/appeals"]) == {"get", "post"}
    assert "post" in paths["/api/v1/enterprises/appeals/{id}/actions"]
    assert "get" in paths["/api/v1/enterprises/appeals/{id}"]
    assert "get" in paths["/api/v1/enterprises/appeals/monthly"]
    for operations in (paths[p] for p in paths if p.startswith("/api/v1/enterprises/appeals")):
        for operation in operations.values():
            assert {"400", "401", "403", "404"} <= set(operation["responses"])
