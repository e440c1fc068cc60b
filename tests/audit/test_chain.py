"""The tamper-evident audit log (issue 10, item 6): every entry hashed onto the one before it,
``audit_verify`` finding an edited, removed, forged or cut-off entry, the daily anchor, and the
database refusing INSERT OR REPLACE on SQLite and TRUNCATE on PostgreSQL.

Tampering is done as a database administrator would: the append-only guards lifted
(``guards.remove``), then raw SQL. Each test runs in a transaction that is rolled back, which
restores the guards as well (DDL is transactional on SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.test import Client

from gongye.audit import chain, guards
from gongye.audit.jobs import anchor_chain
from gongye.audit.models import AuditAnchor, AuditChainHead, AuditEntry
from gongye.audit.services import audit_record

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own guards and locks"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's REPLACE")


@pytest.fixture
def entries(org, plan_office):
    """Five entries after whatever the fixtures wrote."""
    return [
        audit_record(actor=plan_office, verb="export", target_repr=f"第{n}次") for n in range(5)
    ]


def _sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def _verify_fails(kind: str, needle: str) -> str:
    result = chain.verify()
    assert not result.ok and result.kind == kind, result
    assert needle in result.problem
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    assert error.value.returncode == 1
    assert "审计日志校验未通过" in str(error.value)
    return result.problem


def test_entries_chain_onto_each_other(entries):
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.hash
        assert len(after.hash) == 64
    head = AuditChainHead.objects.get()
    last = AuditEntry.objects.order_by("-id").first()
    assert head.last_entry_id == last.pk and head.last_hash == last.hash
    assert head.count == AuditEntry.objects.count()
    stored = AuditEntry.objects.values("id", *chain.FIELDS, "prev_hash", "hash").get(
        pk=entries[2].pk
    )
    # what the database gives back hashes to what was written (dates, JSON, IP round trips)
    assert chain.entry_hash(stored, stored["prev_hash"]) == stored["hash"]


def test_audit_verify_passes_on_an_intact_log(entries, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "审计日志完整" in out and f"共 {AuditEntry.objects.count()} 条" in out


def test_audit_verify_finds_an_edited_entry(entries):
    guards.remove(connection)
    _sql("UPDATE audit_auditentry SET target_repr = %s WHERE id = %s", ["改过", entries[2].pk])
    problem = _verify_fails("edited", f"第 {entries[2].pk} 条")
    assert "被修改" in problem


def test_audit_verify_finds_a_deleted_entry(entries):
    guards.remove(connection)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    problem = _verify_fails("missing", f"第 {entries[3].pk} 条之前")
    assert f"第 {entries[1].pk} 条之后" in problem


def _forge(after: AuditEntry, new_id: int, *, chained: bool) -> None:
    """A row written around ``audit_record``, hashed by someone who knows the recipe."""
    fields = {name: getattr(after, name) for name in chain.FIELDS}
    fields["target_repr"] = "伪造的记录"
    prev = after.hash if chained else "f" * 64
    digest = chain.entry_hash(fields, prev)
    _sql(
        "INSERT INTO audit_auditentry (id, at, actor_id, actor_name, unit_id, unit_name,"
        " region_code, verb, target_type, target_id, target_repr, parent_type, parent_id,"
        " parent_repr, ip, request_id, channel, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            new_id,
            after.at,
            after.actor_id,
            after.actor_name,
            after.unit_id,
            after.unit_name,
            after.region_code,
            after.verb,
            after.target_type,
            after.target_id,
            "伪造的记录",
            "",
            "",
            "",
            after.ip,
            after.request_id,
            after.channel,
            prev,
            digest,
        ],
    )


def test_audit_verify_finds_a_forged_entry_between_two(entries, plan_office):
    forged_id = entries[-1].pk + 50
    _forge(entries[-1], forged_id, chained=True)  # an INSERT: no guard lifted
    # the next real entry chains onto the real head (its id after the forged one on SQLite;
    # PostgreSQL's sequence does not know the forged id, so there the forged row is last)
    audit_record(actor=plan_office, verb="export", target_repr="之后")
    _verify_fails("inserted", f"第 {forged_id} 条")


def test_audit_verify_finds_a_forged_entry_at_the_end(entries):
    forged_id = entries[-1].pk + 1
    _forge(entries[-1], forged_id, chained=True)
    _verify_fails("inserted", f"第 {forged_id} 条在链头")


def test_audit_verify_finds_a_cut_off_tail(entries):
    guards.remove(connection)
    _sql("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    _verify_fails("truncated", "末尾缺少记录")


def test_an_anchor_finds_the_tail_cut_off_with_the_head(entries, plan_office):
    anchor_chain()
    anchor = AuditAnchor.objects.get()
    assert anchor.verified and anchor.entry_id == entries[-1].pk
    assert anchor.count == AuditChainHead.objects.get().count - 1  # the anchoring's own entry
    guards.remove(connection)
    # a DBA cuts the log back to before the anchor and rewinds the head to match
    _sql("DELETE FROM audit_auditentry WHERE id >= %s", [entries[3].pk])
    kept = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    AuditChainHead.objects.filter(pk=chain.HEAD_ID).update(
        last_entry_id=kept["id"], last_hash=kept["hash"], count=AuditEntry.objects.count()
    )
    _verify_fails("truncated", "的锚点记载的第")


def test_the_anchor_job_is_scheduled_and_logged(org, caplog, settings):
    from gongye.core.contrib import collect

    assert ("audit", chain_job()) in list(collect("schedules"))
    caplog.set_level("INFO", logger="gongye.audit")
    anchor_chain()
    assert "audit anchor" in caplog.text and "verified=True" in caplog.text
    assert AuditEntry.objects.filter(verb="audit.anchor").exists()


def chain_job():
    from gongye.audit.apps import ANCHOR

    return ANCHOR


def test_the_audit_page_shows_the_latest_anchor(auditor, plan_office):
    audit_record(actor=plan_office, verb="export", target_repr="x")
    anchor_chain()
    client = Client()
    client.force_login(auditor)
    page = client.get("/audit/").content.decode()
    anchor = AuditAnchor.objects.get()
    assert "最近锚点" in page and anchor.entry_hash[:14] in page and "校验通过" in page


@on_sqlite
def test_sqlite_refuses_replace_and_an_existing_id(entries):
    target = entries[1]
    for verb in ("INSERT OR REPLACE", "REPLACE", "INSERT"):
        with pytest.raises((DatabaseError, IntegrityError)):
            with transaction.atomic():
                _sql(
                    f"{verb} INTO audit_auditentry (id, at, actor_name, unit_name, region_code,"
                    " verb, target_type, target_id, target_repr, parent_type, parent_id,"
                    " parent_repr, request_id, channel, prev_hash, hash)"
                    " VALUES (%s, %s, '', '', '', 'export', '', '', '覆盖', '', '', '', '', '',"
                    " %s, %s)",
                    [target.pk, target.at, target.prev_hash, target.hash],
                )
    assert AuditEntry.objects.get(pk=target.pk).target_repr == target.target_repr
    assert chain.verify().ok


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditentry CASCADE",
        "UPDATE audit_auditentry SET target_repr = 'x'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditanchor",
    ],
)
def test_postgresql_refuses_truncate_update_delete_even_for_the_owner(entries, statement):
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            _sql(statement)
    assert chain.verify().ok


@on_postgresql
def test_concurrent_appends_keep_one_chain(audit_guards_lifted_for_flush, org, plan_office):
    per_thread = 15
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            barrier.wait()
            for n in range(per_thread):
                with transaction.atomic():
                    audit_record(actor=plan_office, verb="export", target_repr=f"{name}{n}")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    start = AuditEntry.objects.count()
    threads = [threading.Thread(target=write, args=(name,)) for name in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEntry.objects.count() == start + 2 * per_thread
    hashes = list(AuditEntry.objects.order_by("id").values_list("prev_hash", flat=True))
    assert len(set(hashes)) == len(hashes)  # no two entries chained onto the same one
    result = chain.verify()
    assert result.ok, result.problem
    assert result.count == start + 2 * per_thread
