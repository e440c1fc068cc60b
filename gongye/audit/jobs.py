"""The audit log's background job: the daily anchor of its hash chain."""

from __future__ import annotations

from gongye.audit.services import chain_anchor
from gongye.core.context import execution_context


def anchor_chain() -> str:
    """Called by the worker once a day (``AuditConfig.schedules``)."""
    with execution_context(channel="job"):
        anchor = chain_anchor()
    return f"anchor {anchor.pk}: {anchor.count} entries, verified={anchor.verified}"
