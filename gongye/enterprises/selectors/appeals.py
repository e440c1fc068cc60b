"""Reads of appeals (诉求)."""

from __future__ import annotations

from typing import Any


def appeals_for_enterprise(user: Any, enterprise: Any) -> list[Any]:
    """The enterprise's appeals that ``user`` may see, for its page (the template
    ``enterprises/_appeals_section.html`` renders them)."""
    return []
