"""Writing the audit log. Every service calls ``audit_record`` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise

from gongye.audit import chain
from gongye.audit.choices import Verb
from gongye.audit.models import AuditAnchor, AuditEntry
from gongye.core.context import current

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

logger = logging.getLogger("gongye.audit")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID, Promise)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The audited state of a row: concrete fields (foreign keys as ids), secrets and the
    row's own bookkeeping time (``auto_now``: the entry has its time) left out."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"} or getattr(field, "auto_now", False):
            continue
        data[field.attname if field.is_relation else field.name] = _jsonable(
            getattr(obj, field.attname)
        )
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys that changed, for compact update entries."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _type_label(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    verb: Verb | str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    parent: models.Model | None = None,
    parent_type: str = "",
    parent_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_name: str = "",
    region_code: str = "",
) -> AuditEntry:
    """Append one entry, chained to the one before it (``gongye.audit.chain``). ``actor`` may
    be None (anonymous failed login, a system job). The entry is written in Chinese (the
    names of its objects, any translated label among its values) whatever language the
    actor reads the pages in: the log is one record, read and exported as such."""
    with translation.override(settings.LANGUAGE_CODE):
        entry = _entry(
            actor=actor,
            verb=verb,
            target=target,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            parent=parent,
            parent_type=parent_type,
            parent_id=parent_id,
            before=before,
            after=after,
            actor_name=actor_name,
            region_code=region_code,
        )
    return chain.append(entry)


def _entry(
    *,
    actor: User | AnonymousUser | None,
    verb: Verb | str,
    target: models.Model | None,
    target_type: str,
    target_id: str,
    target_repr: str,
    parent: models.Model | None,
    parent_type: str,
    parent_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor_name: str,
    region_code: str,
) -> AuditEntry:
    ctx = current()
    unit = None
    # an AnonymousUser (a failed login) is recorded like no actor: by name, with no role
    user = actor if actor is not None and actor.is_authenticated and actor.pk else None
    acting = user.acting if user is not None else None
    if acting is not None:
        unit = acting.unit
        region_code = region_code or acting.region.code
    return AuditEntry(
        actor=user,
        actor_name=actor_name
        or (user.display_name if user else ("系统" if ctx.channel == "job" else "")),
        unit=unit,
        unit_name=unit.name if unit else "",
        region_code=region_code,
        verb=str(verb),
        target_type=_type_label(target) if target is not None else target_type,
        target_id=str(target.pk) if target is not None else target_id,
        target_repr=(str(target) if target is not None else target_repr)[:300],
        parent_type=_type_label(parent) if parent is not None else parent_type,
        parent_id=str(parent.pk) if parent is not None else parent_id,
        parent_repr=str(parent)[:300] if parent is not None else "",
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        ip=ctx.ip,
        request_id=ctx.request_id[:64],
        channel=ctx.channel,
    )


@transaction.atomic
def chain_anchor() -> AuditAnchor:
    """Anchors the chain head (issue 10, item 6; 等保2.0 level 3, the protection of audit
    records): verifies the chain, then writes the head as it stands (entry id, hash, count)
    with the verification's answer to ``AuditAnchor`` and to the application log, so a later
    ``audit_verify`` finds a tail cut off after this moment, and the log file keeps a copy
    outside the database. Run daily by the worker (``AuditConfig.schedules``)."""
    head = chain.lock_head()  # no append between the verification and the anchor
    result = chain.verify()
    anchor = AuditAnchor(
        entry_id=head.last_entry_id,
        entry_hash=head.last_hash,
        count=head.count,
        verified=result.ok,
        problem=result.problem,
    )
    anchor.save()
    log = logger.info if result.ok else logger.error
    log(
        "audit anchor id=%s entry_id=%s count=%s hash=%s verified=%s %s",
        anchor.pk,
        anchor.entry_id,
        anchor.count,
        anchor.entry_hash,
        result.ok,
        result.problem,
    )
    audit_record(
        actor=None,
        verb="audit.anchor",
        target=anchor,
        after={
            "entry_id": anchor.entry_id,
            "count": anchor.count,
            "hash": anchor.entry_hash,
            "verified": result.ok,
        },
    )
    return anchor
