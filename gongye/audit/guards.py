"""Database-level guards that make the audit table append-only.

PostgreSQL: a trigger refuses UPDATE and DELETE for every role, the owner included
(TRUNCATE, an administrator's maintenance act, is left to the DBA's privileges).
SQLite: triggers with RAISE(ABORT).
"""

from __future__ import annotations

TABLE = "audit_auditentry"

_PG_INSTALL = f"""
CREATE OR REPLACE FUNCTION gongye_audit_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除 (audit log is append-only)';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS gongye_audit_append_only ON {TABLE};
CREATE TRIGGER gongye_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION gongye_audit_refuse_change();
"""
_PG_REMOVE = f"""
DROP TRIGGER IF EXISTS gongye_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS gongye_audit_refuse_change();
"""
_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS gongye_audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
    f"""CREATE TRIGGER IF NOT EXISTS gongye_audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;""",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS gongye_audit_no_update;",
    "DROP TRIGGER IF EXISTS gongye_audit_no_delete;",
]


def install(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_INSTALL)
        elif connection.vendor == "sqlite":
            for statement in _SQLITE_INSTALL:
                cursor.execute(statement)


def remove(connection) -> None:
    """Only for test database flushes on SQLite (Django flushes with DELETE there)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_REMOVE)
        elif connection.vendor == "sqlite":
            for statement in _SQLITE_REMOVE:
                cursor.execute(statement)
