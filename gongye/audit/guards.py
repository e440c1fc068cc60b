"""Database-level guards that make the audit tables (the log and its anchors) append-only.

PostgreSQL: triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included.
The owner can still drop or disable them (or run as ``session_replication_role = replica``),
which is why production runs the application as a role that does not own these tables (the
README's production guide) and why the hash chain (``gongye.audit.chain``) detects what a
database administrator rewrote anyway.
SQLite: triggers with RAISE(ABORT) refuse UPDATE and DELETE, and an INSERT of an id that
already exists, which is how ``INSERT OR REPLACE`` overwrites a row (REPLACE deletes the old
row without firing DELETE triggers, but it does fire INSERT triggers).
"""

from __future__ import annotations

TABLES = ("audit_auditentry", "audit_auditanchor")
TABLE = TABLES[0]

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION gongye_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除 (audit log is append-only)';
END;
$$ LANGUAGE plpgsql;
"""


def _pg_install(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS gongye_audit_append_only ON {table};
CREATE TRIGGER gongye_audit_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION gongye_audit_refuse_change();
DROP TRIGGER IF EXISTS gongye_audit_no_truncate ON {table};
CREATE TRIGGER gongye_audit_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION gongye_audit_refuse_change();
"""


def _pg_remove(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS gongye_audit_append_only ON {table};
DROP TRIGGER IF EXISTS gongye_audit_no_truncate ON {table};
"""


def _sqlite_install(table: str) -> list[str]:
    # trigger names are global in SQLite; the log's keep their first names
    suffix = "" if table == TABLE else "_" + table.removeprefix("audit_")
    return [
        f"""CREATE TRIGGER IF NOT EXISTS gongye_audit_no_update{suffix} BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
        f"""CREATE TRIGGER IF NOT EXISTS gongye_audit_no_delete{suffix} BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
        f"""CREATE TRIGGER IF NOT EXISTS gongye_audit_no_replace{suffix} BEFORE INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only: the id exists'); END;""",  # noqa: S608 (table names are this module's constants)
    ]


def _sqlite_remove(table: str) -> list[str]:
    suffix = "" if table == TABLE else "_" + table.removeprefix("audit_")
    return [
        f"DROP TRIGGER IF EXISTS gongye_audit_{kind}{suffix};"
        for kind in ("no_update", "no_delete", "no_replace")
    ]


def _existing(connection) -> list[str]:
    names = set(connection.introspection.table_names())
    return [table for table in TABLES if table in names]


def install(connection) -> None:
    tables = _existing(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                cursor.execute(_pg_install(table))
        elif connection.vendor == "sqlite":
            for table in tables:
                for statement in _sqlite_install(table):
                    cursor.execute(statement)


def remove(connection) -> None:
    """For test database flushes (Django flushes with DELETE on SQLite, TRUNCATE on
    PostgreSQL) and for tests that tamper with the log as a database administrator would."""
    tables = _existing(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(_pg_remove(table))
        elif connection.vendor == "sqlite":
            for table in tables:
                for statement in _sqlite_remove(table):
                    cursor.execute(statement)
