"""Run by .ci/audit_pg_role.sh as the application role of a production-like PostgreSQL set-up
(a role that does not own the audit tables, docs/postgresql_app_role.sql): appending to the
audit log works, rewriting it is refused, and the chain verifies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402

from gongye.audit.models import AuditChainHead, AuditEntry  # noqa: E402
from gongye.audit.services import audit_record, chain_anchor  # noqa: E402

REFUSED = [
    "UPDATE audit_auditentry SET target_repr = 'rewritten'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry CASCADE",
    "TRUNCATE audit_auditanchor",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER gongye_audit_append_only",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER ALL",
    "DROP TRIGGER gongye_audit_append_only ON audit_auditentry",
    "SET session_replication_role = replica",
    "UPDATE audit_auditanchor SET count = 0",
    "INSERT INTO audit_auditchainhead (id, count, last_hash) VALUES (2, 0, '')",
    "SELECT setval(pg_get_serial_sequence('audit_auditentry', 'id'), 1)",
]


def main() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        print(f"connected as {cursor.fetchone()[0]}")
    before = AuditEntry.objects.count()
    for n in range(3):
        with transaction.atomic():
            audit_record(actor=None, verb="export", target_repr=f"CI 应用角色追加 {n}")
    chain_anchor()
    assert AuditEntry.objects.count() == before + 4, "appending failed"
    assert AuditChainHead.objects.get().count == before + 4
    print(f"appended 4 entries as the app role (head count {before + 4})")
    failures = []
    for statement in REFUSED:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        except DatabaseError as error:
            print(f"refused: {statement}  ({str(error).splitlines()[0]})")
        else:
            failures.append(statement)
            print(f"NOT REFUSED: {statement}")
    call_command("audit_verify")
    if failures:
        print(
            f"{len(failures)} statement(s) the app role should not be able to run", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
