"""Reads of the cultivation libraries."""

from __future__ import annotations

from typing import Any


def libraries_for_enterprise(user: Any, enterprise: Any) -> list[Any]:
    """The enterprise's library entries, current and past, for its page (the template
    ``enterprises/_libraries_section.html`` renders them)."""
    return []
