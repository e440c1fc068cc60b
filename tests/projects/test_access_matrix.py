"""Every route of the project register (pages ``projects:…``, API ``api:project…``) against
every persona: out of scope → 404, in scope but not allowed → 403, allowed → 2xx; and no route
escapes the matrix. Each part lists its entries (``ENTRIES``) and builds its world
(``context(request, persona, unit)``) in ``tests/projects/access/<part>.py``."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import pytest
from django.test import Client

import tests.projects.access as access
from tests.conftest import PERSONAS
from tests.test_access_matrix import Entry, _named_routes, _request

PARTS = sorted(m.name for m in pkgutil.iter_modules(access.__path__))
MODULES = {part: import_module(f"tests.projects.access.{part}") for part in PARTS}
MATRIX: list[tuple[str, Entry]] = [
    (part, entry) for part, module in MODULES.items() for entry in module.ENTRIES
]
PREFIXES = ("projects:", "api:project")


@pytest.mark.parametrize(
    ("part", "entry"), MATRIX, ids=[f"{e.method}-{e.route}" for _p, e in MATRIX]
)
def test_access_matrix(part, entry: Entry, persona, unit, request):
    ctx = MODULES[part].context(request, persona, unit)
    failures = []
    client = Client()
    for name in sorted(PERSONAS, key=lambda n: n in entry.allowed):
        client.logout()
        client.force_login(persona(name))
        response = _request(client, entry, ctx, name)
        if name in entry.out_of_scope:
            expected = 404
        elif name in entry.allowed:
            expected = entry.ok
        else:
            expected = 403
        if response.status_code != expected:
            failures.append(f"{name}: {response.status_code} (expected {expected})")
    assert not failures, f"{entry.method.upper()} {entry.route}: " + "; ".join(failures)


@pytest.mark.parametrize(
    ("part", "entry"), MATRIX, ids=[f"{e.method}-{e.route}" for _p, e in MATRIX]
)
def test_anonymous_is_sent_to_login_or_gets_401(part, entry: Entry, persona, unit, request):
    ctx = MODULES[part].context(request, persona, unit)
    response = _request(Client(), entry, ctx, "anon")
    if entry.route.startswith("api:"):
        assert response.status_code == 401
    elif entry.method == "get":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code in {302, 403}


def test_matrix_covers_every_project_route():
    covered = {e.route for _p, e in MATRIX}
    routes = {r for r in _named_routes() if r.startswith(PREFIXES)}
    assert not routes - covered, (
        f"routes without an access-matrix entry: {sorted(routes - covered)}"
    )
