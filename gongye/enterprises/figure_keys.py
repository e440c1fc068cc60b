"""The monthly figures' four foreign keys (enterprise, region, import batch, who entered) on
PostgreSQL, checked once per statement over all the rows it wrote instead of once per row.

A statistics bureau sheet writes 100,000 figures in one ``COPY``. PostgreSQL checks each
foreign key of each row with a query and a row lock of its own (400,000 of them: 1.3–2 s a
sheet, more than parsing the sheet). Here the table's own foreign-key constraints are replaced
(migration ``enterprises/0005``) by:

- an ``AFTER INSERT`` and an ``AFTER UPDATE`` trigger, once per statement, that look for any
  written row whose enterprise, region, batch or user does not exist (over the statement's
  transition table: the enterprise of every row, the other three among their few distinct
  combinations) and refuse the statement as a foreign-key violation (SQLSTATE
  23503, Django's ``IntegrityError``, as the constraint did);
- an ``AFTER DELETE`` trigger, once per statement, on each referenced table that refuses to
  delete a row still referenced by a figure. Django's own ``on_delete`` (CASCADE for the
  enterprise, SET NULL for the batch) deletes or detaches the figures first, as before.

Concurrency, which the constraints' row locks gave: the checks take a shared advisory lock of
the transaction, the delete guards the exclusive one, so a deletion waits for every
transaction writing figures to end and then sees their rows (READ COMMITTED, Django's level);
a write waits for a deletion to end and then sees the row gone. The lock is one for the table,
not one per row (100,000 row locks would not fit PostgreSQL's lock table): no service deletes
an enterprise, region, user or import batch, and when something does, it waits for every
writer of figures and they for it, and the batch and user guards read the whole figures table
(those columns have no index: the cost falls on the rare deletion, not on the 100,000-row
write). A statement that deletes nothing takes no lock.

Differences from the constraints they replace: the check is at the end of each statement, not
deferred to the commit (every writer registers an enterprise before its figures; a fixture
must list them before their figures); ``TRUNCATE`` of a referenced table alone (the
application's role has no TRUNCATE: ``docs/postgresql_app_role.sql``) and changing a referenced
row's id (Django never does) are not guarded. SQLite keeps its own foreign keys: its row checks
cost little. ``install`` and ``remove`` are idempotent."""

from __future__ import annotations

from typing import Any

TABLE = "enterprises_monthlyfigure"
# (column, referenced table, may the column be empty)
KEYS = (
    ("enterprise_id", "enterprises_enterprise", False),
    ("region_id", "orgs_region", False),
    ("batch_id", "enterprises_figureimport", True),
    ("entered_by_id", "accounts_user", True),
)
# the advisory lock shared by every writer of figures and taken alone by every deletion
LOCK = f"'{TABLE}'::regclass::oid::integer, 0"
CHECK = "enterprises_figure_keys_check"
GUARD = "enterprises_figure_keys_guard_"


def _absent(column: str, table: str, nullable: bool) -> str:
    """SQL true when the row ``w`` names a ``table`` row that does not exist."""
    empty = f"w.{column} IS NOT NULL AND " if nullable else ""
    return f"{empty}NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = w.{column})"  # noqa: S608


def _create() -> list[str]:
    # the enterprise looked up for every written row; the few other keys (one region, batch
    # and user a sheet) among their distinct combinations, read from the rows once
    (first, first_table, first_nullable), others = KEYS[0], KEYS[1:]
    few = ", ".join(column for column, _table, _nullable in others)
    cases = " ".join(f"WHEN {_absent(*key)} THEN '{key[0]}'" for key in others)
    statements = [
        f"""CREATE FUNCTION {CHECK}() RETURNS trigger AS $$
    DECLARE
      bad text;
    BEGIN
      PERFORM pg_advisory_xact_lock_shared({LOCK});
      IF EXISTS (SELECT 1 FROM written w WHERE {_absent(first, first_table, first_nullable)})
      THEN
        bad := '{first}';
      ELSE
        SELECT m INTO bad FROM (
          SELECT CASE {cases} END AS m FROM (SELECT DISTINCT {few} FROM written) w
        ) found WHERE m IS NOT NULL LIMIT 1;
      END IF;
      IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "{TABLE}" violates foreign key %', bad
          USING ERRCODE = 'foreign_key_violation',
                DETAIL = format('Key (%s) is not present in the table it refers to.', bad);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",  # noqa: S608 - names are this module's constants
        *(
            f"""CREATE TRIGGER {CHECK}_{event.lower()} AFTER {event} ON {TABLE}
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION {CHECK}()"""
            for event in ("INSERT", "UPDATE")
        ),
    ]
    for column, table, _nullable in KEYS:
        statements += [
            f"""CREATE FUNCTION {GUARD}{column}() RETURNS trigger AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM gone) THEN
        RETURN NULL;
      END IF;
      PERFORM pg_advisory_xact_lock({LOCK});
      IF EXISTS (SELECT 1 FROM gone g JOIN {TABLE} f ON f.{column} = g.id) THEN
        RAISE EXCEPTION 'update or delete on table "{table}" violates foreign key {column} of table "{TABLE}"'
          USING ERRCODE = 'foreign_key_violation',
                DETAIL = 'Key is still referenced from table "{TABLE}".';
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",  # noqa: S608 - names are this module's constants
            f"""CREATE TRIGGER {GUARD}{column} AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION {GUARD}{column}()""",
        ]
    return statements


def _drop() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS {CHECK}_{event} ON {TABLE}" for event in ("insert", "update")
    ]
    statements.append(f"DROP FUNCTION IF EXISTS {CHECK}()")
    for column, table, _nullable in KEYS:
        statements += [
            f"DROP TRIGGER IF EXISTS {GUARD}{column} ON {table}",
            f"DROP FUNCTION IF EXISTS {GUARD}{column}()",
        ]
    return statements


def native_keys(connection: Any) -> dict[str, list[str]]:
    """column → the names of the table's own foreign-key constraints on it."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    found: dict[str, list[str]] = {}
    for name, info in constraints.items():
        if info["foreign_key"] and len(info["columns"]) == 1:
            found.setdefault(info["columns"][0], []).append(name)
    return found


def install(connection: Any) -> None:
    """PostgreSQL: the constraints dropped, the triggers in their place; else nothing."""
    if connection.vendor != "postgresql":
        return
    remove(connection, restore=False)
    existing = native_keys(connection)
    with connection.cursor() as cursor:
        for column, _table, _nullable in KEYS:
            for name in existing.get(column, []):
                cursor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
        for statement in _create():
            cursor.execute(statement)


def remove(connection: Any, *, restore: bool = True) -> None:
    """PostgreSQL: the triggers dropped and (``restore``) the constraints back as Django makes
    them (deferred to the commit); else nothing."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in _drop():
            cursor.execute(statement)
        if not restore:
            return
        existing = native_keys(connection)
        for column, table, _nullable in KEYS:
            if column in existing:
                continue
            cursor.execute(
                f'ALTER TABLE {TABLE} ADD CONSTRAINT "{TABLE}_{column}_fk" FOREIGN KEY ({column}) '
                f"REFERENCES {table} (id) DEFERRABLE INITIALLY DEFERRED"
            )
