"""Every indicators page against every persona (STYLE.md: out of scope → 404, in scope but not
allowed → 403, allowed → 2xx), with its own coverage check like the 督办 API's matrix."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.conftest import PERSONAS
from tests.indicators.entry.test_pages import MATRIX as ENTRY_MATRIX

pytestmark = pytest.mark.django_db

READERS = {
    "county_leader",
    "plan_office",
    "lead_liaison",
    "coop_liaison",
    "unit_head",
    "statistics",
    "city_leader",
    "province_leader",
}
OUT_OF_SCOPE = {"outsider"}  # 金寨's liaison: Huoshan's plan is not in its region
ROUTES = ("target_list", "target_detail", "cockpit", "cockpit_xlsx", "cockpit_docx")
# the figure-entry pages share the namespace: their GET pages have their own matrix
# (tests/indicators_entry/test_pages.py), their POST-only actions are tested there too
POSTED = {"observation_review", "owner_set", "parts_set", "link_confirm"}


def _url(route: str, plan) -> str:
    if route == "target_detail":
        return reverse("indicators:target_detail", args=[plan.targets.first().pk])
    if route.startswith("cockpit"):  # the shell's page (gongye.front.cockpit)
        return reverse(f"front:{route}")
    return reverse(f"indicators:{route}")


@pytest.mark.parametrize("route", ROUTES)
def test_access_matrix(route, small_plan, persona):
    client = Client()
    url = _url(route, small_plan)
    failures = []
    for name in PERSONAS:
        client.force_login(persona(name))
        expected = 200 if name in READERS else 404 if name in OUT_OF_SCOPE else 403
        status = client.get(url).status_code
        if status != expected:
            failures.append(f"{name}: {status} (expected {expected})")
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not failures, failures


def test_matrix_covers_every_indicators_route():
    _prefix, resolver = get_resolver().namespace_dict["indicators"]
    names = {name for name in resolver.reverse_dict if isinstance(name, str)}
    assert names | {r for r in ROUTES if r.startswith("cockpit")} == (
        set(ROUTES) | set(ENTRY_MATRIX) | POSTED | {"figures"}  # (tested in entry.test_pages)
    )
