"""These tests are pure Python: they must run with ``-p no:django``.

The project's root conftest has an autouse fixture that needs pytest-django's ``settings``;
overriding it here (same name, closer scope) keeps these tests independent of Django.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    yield
