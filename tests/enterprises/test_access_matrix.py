"""Every route of the register (pages ``enterprises:…``, API ``api:enterprise…``) against every
persona: out of scope → 404, in scope but not allowed → 403, allowed → 2xx; and no route
escapes the matrix. Each part lists its entries in ``tests/enterprises/access/<part>.py``."""

from __future__ import annotations

from importlib import import_module

import pytest

from tests.test_access_matrix import (
    Entry,
    _named_routes,
    app_matrix_failures,
    assert_anonymous_refused,
)

PARTS = ("register", "figures", "libraries", "appeals", "computed")
MODULES = {part: import_module(f"tests.enterprises.access.{part}") for part in PARTS}
MATRIX: list[tuple[str, Entry]] = [
    (part, entry) for part, module in MODULES.items() for entry in module.ENTRIES
]
PREFIXES = ("enterprises:", "api:enterprise")


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


def test_matrix_covers_every_register_route():
    covered = {e.route for _p, e in MATRIX}
    routes = {r for r in _named_routes() if r.startswith(PREFIXES)}
    assert not routes - covered, (
        f"routes without an access-matrix entry: {sorted(routes - covered)}"
    )
