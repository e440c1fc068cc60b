"""Issue 10, item 14: the API holds its OpenAPI contract. Each schemathesis finding, reproduced:
integers out of range or in non-ASCII digits, filters silently dropped, HTML errors, error
statuses and nullable fields the document did not declare, declared fields not honoured."""

from __future__ import annotations

import pytest
from django.test import Client

from gongye.core.params import MAX_ID

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response, parameter: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert parameter in body["errors"]
    assert f"参数 {parameter}" in body["detail"]


@pytest.mark.parametrize("path", ["/api/v1/plans/{plan}/tasks", "/api/v1/supervision/tasks"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("unit", str(MAX_ID + 1)),  # overflowed SQLite: a 500
        ("unit", "9" * 40),
        ("unit", "0"),
        ("unit", "-1"),
        ("month", "²"),  # passed str.isdigit(), then int() failed: a 500
        ("month", "１"),  # a full-width digit
        ("month", "13"),  # /plans/{id}/tasks dropped it silently
        ("month", "0"),
        ("month", ""),
        ("month", "3.0"),
    ],
)
def test_integer_filters_are_ascii_digits_in_range(plan_office, small_plan, path, name, value):
    url = path.format(plan=small_plan.pk)
    _refused(_api(plan_office).get(url, {name: value}), name)


def test_filters_in_range_are_applied(plan_office, small_plan):
    api = _api(plan_office)
    tasks = api.get(f"/api/v1/plans/{small_plan.pk}/tasks", {"month": "1", "unit": str(MAX_ID)})
    assert tasks.status_code == 200 and tasks.json() == []
    assert api.get("/api/v1/supervision/tasks", {"month": "12"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/api/v1/supervision/tasks", "colour", "purple"),
        ("/api/v1/supervision/tasks", "colour", ""),
        ("/api/v1/supervision/tasks", "state", "finished"),
        ("/api/v1/supervision/tasks", "role", "boss"),
        ("/api/v1/units", "kind", "castle"),
    ],
)
def test_unknown_filter_values_are_refused(plan_office, path, name, value):
    _refused(_api(plan_office).get(path, {name: value}), name)


def test_acting_as_in_superscript_digits_is_refused(plan_office):
    response = _api(plan_office).get("/api/v1/me", HTTP_X_ACTING_AS="²")
    assert response.status_code == 403
    assert response.json()["code"] == "acting_as_invalid"


@pytest.mark.parametrize("pk", [str(MAX_ID + 1), "0", "9" * 30])
def test_path_ids_out_of_range_are_not_found(plan_office, pk):
    response = _api(plan_office).get(f"/api/v1/units/{pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unknown_paths_under_the_api_answer_json_404(db):
    for method in ("get", "post", "delete"):
        response = getattr(Client(), method)("/api/v1/no/such/thing")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "接口不存在。", "code": "not_found"}
    # a POST with a stale session cookie gets the JSON 404 too, not the HTML CSRF page
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "stale"
    assert client.post("/api/v1/units/99999999999999999999").status_code == 404


def test_methods_not_allowed_answer_json_405(plan_office):
    response = _api(plan_office).delete("/api/v1/me")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_me_for_a_region_level_role_has_no_unit_name_and_says_so(county_leader):
    me = _api(county_leader).get("/api/v1/me").json()
    assert me["acting"]["unit"] is None and me["acting"]["unit_name"] is None
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["components"]["schemas"]["Assignment"]["properties"]["unit_name"]["nullable"]


def test_progress_sheet_400_always_has_problems(lead_liaison):
    api = _api(lead_liaison)
    response = api.post("/api/v1/supervision/progress-sheet", {})  # no file at all
    assert response.status_code == 400
    body = response.json()
    assert body["problems"] == [] and "file" in body["errors"]
    response = api.post("/api/v1/supervision/progress-sheet", "{}", content_type="text/plain")
    assert response.status_code in (400, 415)
    if response.status_code == 400:
        assert response.json()["problems"] == []


def test_units_are_created_active_and_the_schema_offers_no_other_state(plan_office):
    response = _api(plan_office).post(
        "/api/v1/units", {"name": "新成立局", "kind": "bureau"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["is_active"] is True
    doc = Client().get("/api/v1/openapi.json").json()
    body = doc["paths"]["/api/v1/units"]["post"]["requestBody"]["content"]["application/json"]
    create = doc["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "is_active" not in create["properties"]
    assert set(create["required"]) == {"name", "kind"}


def test_every_operation_documents_its_error_answers(db):
    doc = Client().get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404"):
                assert status in operation["responses"], (method, path, status)
                if (path, status) != ("/api/v1/supervision/progress-sheet", "400"):
                    content = operation["responses"][status]["content"]["application/json"]
                    assert content["schema"] == error, (method, path, status)
    assert "429" in doc["paths"]["/api/v1/auth/token"]["post"]["responses"]
    unit = doc["paths"]["/api/v1/plans/{id}/tasks"]["get"]["parameters"]
    by_name = {p["name"]: p["schema"] for p in unit}
    assert by_name["id"]["maximum"] == MAX_ID
    assert (by_name["month"]["minimum"], by_name["month"]["maximum"]) == (1, 12)
