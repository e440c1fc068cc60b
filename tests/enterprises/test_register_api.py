"""The register API (issue 12 item 8): the list with the page's filters in limit/offset pages,
one enterprise, its monthly figures; scoped as the pages; every answer as the OpenAPI
document declares it (nullable fields included); bad parameters a 400 naming them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from django.test import Client

from gongye.core.params import MAX_ID
from gongye.enterprises.choices import SrdiLevel
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/enterprises"


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` as JSON Schema's ``type: [..., "null"]``."""
    if isinstance(node, dict):
        node = {k: _nullable(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        elif node.get("nullable") is False:
            node.pop("nullable")
        return node
    if isinstance(node, list):
        return [_nullable(v) for v in node]
    return node


@pytest.fixture
def conforms():
    doc = _nullable(Client().get("/api/v1/openapi.json").json())

    def check(path: str, body: Any) -> None:
        schema = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        jsonschema.validate(
            body, {**schema, "components": doc["components"]}, cls=jsonschema.Draft7Validator
        )

    return check


def test_list_pages_and_filters(
    plan_office, own_enterprise, kfq_enterprise, other_enterprise, conforms
):
    api = _api(plan_office)
    body = api.get(API, {"limit": "2"}).json()
    conforms("/api/v1/enterprises", body)
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["previous"] is None and "offset=2" in body["next"]
    rest = api.get(API, {"limit": "2", "offset": "2"}).json()
    assert [e["name"] for e in rest["results"]] == ["衡山精工有限公司"]
    assert rest["next"] is None and rest["previous"].endswith("limit=2")
    zone = api.get(API, {"in_dev_zone": "true"}).json()
    assert [e["name"] for e in zone["results"]] == ["开发区智造有限公司"]
    assert zone["results"][0]["township_name"] == "开发区"
    assert api.get(API, {"q": "竹业"}).json()["count"] == 1
    assert api.get(API, {"offset": "50"}).json()["results"] == []


def test_list_is_scoped(coop_liaison, enterprise, outsider, own_enterprise, kfq_enterprise):
    for user, names in (
        (coop_liaison, ["衡山精工有限公司"]),
        (enterprise, ["衡山精工有限公司"]),
        (outsider, []),
    ):
        body = _api(user).get(API).json()
        assert [e["name"] for e in body["results"]] == names


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("limit", "0"),
        ("limit", "201"),
        ("offset", "-1"),
        ("offset", str(MAX_ID + 1)),
        ("township", "²"),
        ("chain", "abc"),
        ("scale", "huge"),
        ("in_dev_zone", "maybe"),
        ("hightech_valid", ""),
        ("industry", "中文"),
        ("srdi_level", "national"),
        ("region", "huoshan"),
    ],
)
def test_bad_parameters_are_refused_by_name(plan_office, name, value):
    response = _api(plan_office).get(API, {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and name in body["errors"]


def test_detail_declares_what_it_answers(plan_office, own_enterprise, conforms):
    own_enterprise.srdi_level = SrdiLevel.PROVINCIAL
    own_enterprise.hightech_cert_no = "GR1"
    own_enterprise.hightech_cert_date = dt.date.today() - dt.timedelta(days=30)
    own_enterprise.save()
    body = _api(plan_office).get(f"{API}/{own_enterprise.pk}").json()
    conforms("/api/v1/enterprises/{id}", body)
    assert body["credit_code"] == own_enterprise.credit_code
    assert body["code_kind"] == "工商 · 企业"
    assert body["hightech_valid"] is True and body["srdi_level"] == "provincial"
    assert body["paired_leader"] is None and body["paired_leader_name"] is None
    assert body["chain"] is None and body["chain_name"] is None


def test_detail_of_the_unseen_is_404(coop_liaison, kfq_enterprise):
    response = _api(coop_liaison).get(f"{API}/{kfq_enterprise.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert _api(coop_liaison).get(f"{API}/{MAX_ID}").status_code == 404


def test_figures_by_year(statistics, own_enterprise, conforms):
    MonthlyFigureFactory(enterprise=own_enterprise, year=2021, month=5, revenue=Decimal("12.5"))
    api = _api(statistics)
    body = api.get(f"{API}/{own_enterprise.pk}/figures").json()
    conforms("/api/v1/enterprises/{id}/figures", body)
    assert [(f["year"], f["month"]) for f in body] == [(2021, 5), (2022, 5)]
    only = api.get(f"{API}/{own_enterprise.pk}/figures", {"year": "2021"}).json()
    assert [Decimal(f["revenue"]) for f in only] == [Decimal("12.5")]
    assert only[0]["tax"] is None
    assert api.get(f"{API}/{own_enterprise.pk}/figures", {"year": "1999"}).status_code == 400


def test_administrators_are_refused(sys_admin, own_enterprise):
    assert _api(sys_admin).get(API).status_code == 403
    assert _api(sys_admin).get(f"{API}/{own_enterprise.pk}").status_code == 403


def test_the_list_answers_in_a_flat_number_of_queries(plan_office, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = _api(plan_office)
    api.get(API)
    counts = []
    for size in (3, 40):
        for _n in range(size):
            EnterpriseFactory()
        with CaptureQueriesContext(connection) as queries:
            assert api.get(API, {"limit": "50"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
