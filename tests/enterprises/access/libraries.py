"""Access-matrix entries of the register's libraries part."""

from __future__ import annotations

ENTRIES: list = []


def context(request, persona, unit) -> dict:
    return {}
