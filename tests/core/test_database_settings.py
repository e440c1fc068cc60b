"""On PostgreSQL the JIT compiler is off for this application's connections (issue 13:
compiling a city's sums over its counties cost more than it saved; ``GONGYE_PG_JIT`` turns it
back on). CI runs the suite on PostgreSQL too, where this test runs."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
