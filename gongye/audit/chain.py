"""The audit log's hash chain (等保2.0 level 3: the integrity of audit records).

Every entry carries ``prev_hash`` (the hash of the entry before it, ``GENESIS`` for the first)
and ``hash``: SHA-256 over a canonical serialisation of its own fields and ``prev_hash``. The
id is not hashed (the database assigns it on insert, and the triggers refuse the UPDATE that
would store a hash over it); the chain's order is the id order, which is the append order
because ids are drawn while the chain head is locked.

Appends are serialised on the one-row ``AuditChainHead``: ``SELECT … FOR UPDATE`` on
PostgreSQL (held until the writing transaction commits), and SQLite's IMMEDIATE transactions
already admit one writer at a time. So two concurrent appends cannot chain onto the same entry.

``verify`` walks the chain in id order and names the first entry that was edited, removed or
inserted, then compares the tail with the head and with every anchor (``AuditAnchor``), so a
cut-off tail is found too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from gongye.audit.models import AuditAnchor, AuditChainHead, AuditEntry

GENESIS = "0" * 64
VERSION = "gongye-audit-v1"
HEAD_ID = 1

# the hashed fields, in this order; the id is not among them (see the module docstring)
FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "unit_id",
    "unit_name",
    "region_code",
    "verb",
    "target_type",
    "target_id",
    "target_repr",
    "parent_type",
    "parent_id",
    "parent_repr",
    "before",
    "after",
    "ip",
    "request_id",
    "channel",
)


def _canonical_value(name: str, value: Any) -> Any:
    if name == "at":
        # the same instant however the database hands it back
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if name == "ip" and value:
        # PostgreSQL's inet gives IPv6 back in its compressed lower-case form
        return ipaddress.ip_address(value).compressed
    return value


def entry_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the entry's fields and the previous hash, as sorted-key JSON: the same
    bytes on SQLite and PostgreSQL (JSON values are compared after the database's round trip,
    which keeps their meaning; jsonb reorders keys, hence the sorted keys)."""
    payload = {name: _canonical_value(name, fields[name]) for name in FIELDS}
    payload["prev_hash"] = prev_hash
    payload["v"] = VERSION
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _field_values(entry: AuditEntry) -> dict[str, Any]:
    values = {name: getattr(entry, name) for name in FIELDS}
    # what the JSON column will give back (tuples become lists, keys strings)
    for name in ("before", "after"):
        if values[name] is not None:
            values[name] = json.loads(json.dumps(values[name]))
    return values


def lock_head() -> AuditChainHead:
    """The chain head, locked until the calling transaction ends."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        # a database whose head row went missing (flushed in a test): start it again
        AuditChainHead.objects.get_or_create(pk=HEAD_ID)
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_ID)
    return head


def append(entry: AuditEntry) -> AuditEntry:
    """Chains and saves ``entry`` (inside the caller's transaction)."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return append(entry)
    head = lock_head()
    entry.prev_hash = head.last_hash or GENESIS
    entry.hash = entry_hash(_field_values(entry), entry.prev_hash)
    entry.save()
    head.last_entry_id = entry.pk
    head.last_hash = entry.hash
    head.count += 1
    head.save(update_fields=["last_entry_id", "last_hash", "count"])
    return entry


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found: ``problem`` (Chinese) is empty when the chain is intact."""

    count: int
    last_id: int | None
    last_hash: str
    anchors: int
    problem: str = ""
    kind: str = ""  # edited, missing, inserted, truncated

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def summary(self) -> str:
        if not self.ok:
            return self.problem
        tail = f"，最后一条编号 {self.last_id}，哈希 {self.last_hash[:16]}…" if self.count else ""
        return f"审计日志完整：共 {self.count} 条，哈希链连续{tail}；核对锚点 {self.anchors} 个。"


_ROW_FIELDS = ("id", "prev_hash", "hash", *FIELDS)


def _rows() -> Iterator[dict[str, Any]]:
    return AuditEntry.objects.order_by("id").values(*_ROW_FIELDS).iterator(chunk_size=2000)


def verify() -> Verification:
    """Walks the whole chain in one snapshot of the database (on its own, a REPEATABLE READ
    transaction on PostgreSQL; inside a caller's transaction, the caller holds the head)."""
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _verify()


def _verify() -> Verification:
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    anchors = {a.entry_id: a for a in AuditAnchor.objects.exclude(entry_id=None).order_by("id")}
    anchor_count = AuditAnchor.objects.count()
    prev_hash = GENESIS
    before_prev = ""  # the hash before ``prev_hash``: finds a forged entry that chains on
    count = 0
    last_id: int | None = None

    def failed(kind: str, problem: str) -> Verification:
        return Verification(count, last_id, prev_hash, anchor_count, problem, kind)

    rows = _rows()
    pending = next(rows, None)
    while pending is not None:
        row = pending
        following = next(rows, None)
        intact = entry_hash(row, row["prev_hash"]) == row["hash"]
        if intact and row["prev_hash"] == prev_hash and head is not None:
            if head.last_entry_id is None or row["id"] > head.last_entry_id:
                # chained correctly, but after the head every append moves: written around
                # ``audit_record`` by someone who knows the recipe
                return failed(
                    "inserted",
                    f"审计日志第 {row['id']} 条在链头（第 {head.last_entry_id} 条）之后，"
                    "不是由系统追加的，是伪造插入的记录。",
                )
        if intact and row["prev_hash"] == prev_hash:
            count += 1
            anchor = anchors.pop(row["id"], None)
            if anchor is not None and (anchor.entry_hash != row["hash"] or anchor.count != count):
                return failed(
                    "edited",
                    f"审计日志第 {row['id']} 条与 {anchor.at:%Y-%m-%d %H:%M} 的锚点不符"
                    f"（锚点：第 {anchor.count} 条、哈希 {anchor.entry_hash[:16]}…），"
                    "锚点之前的记录被改写或删除。",
                )
            before_prev, prev_hash, last_id = prev_hash, row["hash"], row["id"]
            pending = following
            continue
        after = f"第 {last_id} 条之后" if last_id is not None else "开头"
        if following is not None and following["prev_hash"] == prev_hash:
            # the chain carries on past this row as if it were not there
            return failed("inserted", f"审计日志第 {row['id']} 条是插入的记录，不在哈希链上。")
        if intact and count and row["prev_hash"] == before_prev:
            # this entry chains onto the one before the last: the last one was put in between
            return failed(
                "inserted",
                f"审计日志第 {last_id} 条是插入的记录：第 {row['id']} 条仍链接在它之前的记录上。",
            )
        if head is not None and (head.last_entry_id is None or row["id"] > head.last_entry_id):
            return failed(
                "inserted",
                f"审计日志第 {row['id']} 条在链头（第 {head.last_entry_id} 条）之后，"
                "不是由系统追加的，是伪造插入的记录。",
            )
        if not intact:
            return failed("edited", f"审计日志第 {row['id']} 条的内容与其哈希不符，记录被修改过。")
        return failed(
            "missing",
            f"审计日志{after}、第 {row['id']} 条之前哈希链断开：缺少记录（被删除），"
            "或前一条被改写后重算了哈希。",
        )
    if head is not None and (head.count != count or (head.last_hash or GENESIS) != prev_hash):
        return failed(
            "truncated",
            f"审计日志的末尾缺少记录：链头记载共 {head.count} 条、最后一条为第 "
            f"{head.last_entry_id} 条，现只有 {count} 条"
            + (f"、最后一条为第 {last_id} 条" if last_id is not None else "")
            + "。",
        )
    if anchors:
        anchor = min(anchors.values(), key=lambda a: a.count)
        return failed(
            "truncated",
            f"{anchor.at:%Y-%m-%d %H:%M} 的锚点记载的第 {anchor.entry_id} 条"
            f"（共 {anchor.count} 条）已不在审计日志中，记录被删除或截断。",
        )
    return Verification(count, last_id, prev_hash, anchor_count)
