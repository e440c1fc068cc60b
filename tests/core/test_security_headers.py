"""Headers (issue 10, item 11): one Content-Security-Policy without inline script on every
answer, ``Cache-Control: no-store`` on signed-in pages, API answers and downloads, and no
template that would need an inline script or style element to work."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from gongye.core.http import attachment
from gongye.core.middleware import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware

ROOT = Path(__file__).resolve().parents[2]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def test_the_policy_has_no_inline_or_eval_script():
    assert CONTENT_SECURITY_POLICY == CSP
    script = next(d for d in CSP.split("; ") if d.startswith("script-src"))
    assert script == "script-src 'self'"
    assert "unsafe-eval" not in CSP


@pytest.mark.django_db
def test_a_signed_in_page_is_not_stored(client, persona):
    client.force_login(persona("plan_office"))
    response = client.get(reverse("front:home"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_login_page_carries_the_policy(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP


@pytest.mark.django_db
def test_api_answers_are_not_stored(client, persona):
    anonymous = client.get("/api/v1/me")
    assert anonymous.status_code in (401, 403)
    assert anonymous["Cache-Control"] == "no-store"
    client.force_login(persona("plan_office"))
    answer = client.get("/api/v1/me")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    assert answer["Content-Security-Policy"] == CSP


@pytest.mark.django_db
def test_an_export_is_not_stored(client, persona, small_plan):
    client.force_login(persona("plan_office"))
    response = client.get(reverse("plans:plan_export", args=[small_plan.pk, "tasks", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "no-store"


def test_a_download_is_not_stored_whoever_asks():
    """The rule for downloads holds on its own, not only because the person is signed in."""
    request = RequestFactory().get("/somewhere.xlsx")
    request.user = AnonymousUser()
    county = SimpleNamespace(name="霍山县", code="341525")
    middleware = SecurityHeadersMiddleware(
        lambda r: attachment(b"x", "表.xlsx", "t.xlsx", region=county)
    )
    assert middleware(request)["Cache-Control"] == "no-store"
    public = SecurityHeadersMiddleware(lambda r: HttpResponse("ok"))(request)
    assert "Cache-Control" not in public
    assert public["Content-Security-Policy"] == CSP


# ----- templates: nothing the policy would refuse -----

TEMPLATES = sorted(
    p
    for base in (ROOT / "templates", ROOT / "gongye")
    for p in base.rglob("*.html")
    if "templates" in p.parts
)
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"""<[^>]*\s(on[a-z]+)\s*=""", re.IGNORECASE)


def test_templates_exist():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_handler_or_style_element(path: Path):
    text = path.read_text(encoding="utf-8")
    for attrs in SCRIPT.findall(text):
        # a script is a file (src=) or data (json_script writes type="application/json")
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert not HANDLER.findall(text), HANDLER.findall(text)
    assert not re.search(r"<style\b", text, re.IGNORECASE)
    assert "javascript:" not in text.lower()
