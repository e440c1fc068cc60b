"""What the project API's tests share: a signed-in API client, JSON posts and patches, the
check that an answer is what the OpenAPI document declares, and a media folder of the test's
own."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from django.test import Client

API = "/api/v1/projects"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def api_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def patch(client: Client, url: str, body: dict):
    return client.patch(url, body, content_type="application/json")


def nullable(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` as JSON Schema's ``type: [..., "null"]``."""
    if isinstance(node, dict):
        node = {k: nullable(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [nullable(v) for v in node]
    return node


@pytest.fixture
def conforms():
    doc = nullable(Client().get("/api/v1/openapi.json").json())

    def check(path: str, method: str, status: str, body: Any) -> None:
        answer = doc["paths"][path][method]["responses"][status]
        schema = answer["content"]["application/json"]["schema"]
        jsonschema.validate(
            body, {**schema, "components": doc["components"]}, cls=jsonschema.Draft7Validator
        )

    return check


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
