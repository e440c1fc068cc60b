"""Database-level guards that keep a published evaluation run and its results as they were
published (issue 14: "a published run cannot be changed, tested at the service and the
database"): triggers refuse UPDATE and DELETE of a published run, and INSERT, UPDATE or DELETE
of a published run's results, whoever writes. Publishing itself (draft → published) is the
last update a run takes. Installed by migration ``evaluation/0002``; ``remove`` is for the test
database's flush (a DELETE on SQLite), as ``gongye.audit.guards``."""

from __future__ import annotations

from typing import Any

MESSAGE = "published evaluation run is immutable"

SQLITE = [
    f"""CREATE TRIGGER evaluation_run_published_update BEFORE UPDATE ON evaluation_evaluationrun
    WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER evaluation_run_published_delete BEFORE DELETE ON evaluation_evaluationrun
    WHEN OLD.status = 'published' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    *(
        f"""CREATE TRIGGER evaluation_result_published_{event.lower()} BEFORE {event}
        ON evaluation_evaluationresult
        WHEN (SELECT status FROM evaluation_evaluationrun WHERE id = {row}.run_id) = 'published'
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""  # noqa: S608 (constants only)
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))
    ),
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "evaluation_run_published_update",
        "evaluation_run_published_delete",
        "evaluation_result_published_insert",
        "evaluation_result_published_update",
        "evaluation_result_published_delete",
    )
]

POSTGRES = [
    f"""CREATE FUNCTION evaluation_run_guard() RETURNS trigger AS $$
    BEGIN
      IF OLD.status = 'published' THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE FUNCTION evaluation_result_guard() RETURNS trigger AS $$
    BEGIN
      IF (SELECT status FROM evaluation_evaluationrun WHERE id = OLD.run_id) = 'published' THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",  # noqa: S608 (constants only)
    # an INSERT is checked once a statement over the rows it added (a run writes its 100,000
    # results in one COPY: a row trigger would run a query for each)
    f"""CREATE FUNCTION evaluation_result_insert_guard() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (
        SELECT 1 FROM inserted JOIN evaluation_evaluationrun run ON run.id = inserted.run_id
        WHERE run.status = 'published'
      ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",  # noqa: S608 (constants only)
    """CREATE TRIGGER evaluation_run_published BEFORE UPDATE OR DELETE
    ON evaluation_evaluationrun FOR EACH ROW EXECUTE FUNCTION evaluation_run_guard()""",
    """CREATE TRIGGER evaluation_result_published BEFORE UPDATE OR DELETE
    ON evaluation_evaluationresult FOR EACH ROW EXECUTE FUNCTION evaluation_result_guard()""",
    """CREATE TRIGGER evaluation_result_published_insert AFTER INSERT
    ON evaluation_evaluationresult REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION evaluation_result_insert_guard()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS evaluation_result_published_insert ON evaluation_evaluationresult",
    "DROP TRIGGER IF EXISTS evaluation_result_published ON evaluation_evaluationresult",
    "DROP FUNCTION IF EXISTS evaluation_result_insert_guard()",
    "DROP TRIGGER IF EXISTS evaluation_run_published ON evaluation_evaluationrun",
    "DROP FUNCTION IF EXISTS evaluation_result_guard()",
    "DROP FUNCTION IF EXISTS evaluation_run_guard()",
]


def install(connection: Any) -> None:
    remove(connection)
    statements = POSTGRES if connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def remove(connection: Any) -> None:
    statements = POSTGRES_REVERSE if connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        with connection.cursor() as cursor:
            cursor.execute(statement)
