"""Who is acting, from where, under which request or job: read by the audit log.

Set by the request middleware for web and API calls and by ``job_context`` for background
jobs and management commands, so services never need the request object.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class ExecutionContext:
    request_id: str
    ip: str | None = None
    channel: str = "web"  # web, api, job, command


_current: ContextVar[ExecutionContext | None] = ContextVar("gongye_context", default=None)


def current() -> ExecutionContext:
    ctx = _current.get()
    if ctx is None:
        # Code run outside any request or job (a shell, a test): still traceable.
        return ExecutionContext(request_id="local-" + uuid.uuid4().hex[:12], channel="local")
    return ctx


@contextmanager
def execution_context(
    *, request_id: str | None = None, ip: str | None = None, channel: str = "job"
) -> Iterator[ExecutionContext]:
    ctx = ExecutionContext(
        request_id=request_id or f"{channel}-{uuid.uuid4().hex[:16]}",
        ip=ip,
        channel=channel,
    )
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
