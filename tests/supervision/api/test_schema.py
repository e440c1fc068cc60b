"""The OpenAPI document still generates, valid and without a single warning, with the
supervision API mounted; every endpoint has a Chinese summary."""

from __future__ import annotations

import json

from django.core.management import call_command
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS

from .conftest import API

PATHS = {
    f"{API}/inbox": ["get"],
    f"{API}/tasks": ["get"],
    f"{API}/tasks/{{id}}": ["get"],
    f"{API}/tasks/{{id}}/reports": ["post"],
    f"{API}/tasks/{{id}}/postpone": ["post"],
    f"{API}/tasks/{{id}}/reassign": ["post"],
    f"{API}/tasks/{{id}}/split": ["post"],
    f"{API}/reports/{{id}}/review": ["post"],
    f"{API}/progress-sheet": ["get", "post"],
}


def test_schema_validates_without_warnings(db, tmp_path):
    GENERATOR_STATS.reset()
    target = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(target),
    )
    doc = json.loads(target.read_text())
    for path, methods in PATHS.items():
        assert path in doc["paths"], path
        for method in methods:
            summary = doc["paths"][path][method]["summary"]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in summary), (path, summary)
    upload = doc["paths"][f"{API}/tasks/{{id}}/reports"]["post"]["requestBody"]["content"]
    files = upload["multipart/form-data"]["schema"]
    assert files["$ref"].endswith("/ReportSubmitRequest")  # COMPONENT_SPLIT_REQUEST
    sheet = doc["paths"][f"{API}/progress-sheet"]["get"]["responses"]["200"]["content"]
    assert list(sheet) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]


def test_served_document_lists_the_supervision_endpoints(db):
    doc = Client().get("/api/v1/openapi.json").json()
    assert set(PATHS) <= set(doc["paths"])
