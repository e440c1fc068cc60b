"""Every route of the project register (pages ``projects:…``, API ``api:project…``) against
every persona: out of scope → 404, in scope but not allowed → 403, allowed → 2xx; and no route
escapes the matrix. Each part lists its entries (``ENTRIES``) and builds its world
(``context(request, persona, unit)``) in ``tests/projects/access/<part>.py``."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import pytest

import tests.projects.access as access
from tests.test_access_matrix import (
    Entry,
    _named_routes,
    app_matrix_failures,
    assert_anonymous_refused,
)

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
    failures = app_matrix_failures(entry, ctx, persona)
    assert not failures, f"{entry.method.upper()} {entry.route}: " + "; ".join(failures)


@pytest.mark.parametrize(
    ("part", "entry"), MATRIX, ids=[f"{e.method}-{e.route}" for _p, e in MATRIX]
)
def test_anonymous_is_sent_to_login_or_gets_401(part, entry: Entry, persona, unit, request):
    ctx = MODULES[part].context(request, persona, unit)
    assert_anonymous_refused(entry, ctx)


def test_matrix_covers_every_project_route():
    covered = {e.route for _p, e in MATRIX}
    routes = {r for r in _named_routes() if r.startswith(PREFIXES)}
    assert not routes - covered, (
        f"routes without an access-matrix entry: {sorted(routes - covered)}"
    )
