"""Writing many rows at once, as the databases are fastest at it: PostgreSQL's ``COPY`` through
psycopg's C writer, SQLite's ``executemany`` with the values that are the same on every row
written into the statement. For the bulk writes of the registers (a bureau sheet's 100,000
figures, an evaluation's 100,000 results), where ``bulk_create`` would build and prepare a
model instance per row. The caller's service still validates first and writes in its one
transaction."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import connection


def copy_rows(
    cursor: Any, sql: str, rows: Iterable[tuple[Any, ...]], fixed: Sequence[Any] = ()
) -> None:
    """PostgreSQL's ``COPY``, a row at a time through psycopg (its C writer: formatting the
    text ourselves a column at a time was no faster, ``repr`` of each float dominating);
    ``fixed`` is appended to every row, a JSON value among them written as its text once
    (psycopg would serialise it again on every row: a fifth of writing 100,000 enterprises)."""
    from psycopg.types.json import Json, Jsonb

    tail = tuple(
        (v.dumps or json.dumps)(v.obj) if isinstance(v, (Json, Jsonb)) else v for v in fixed
    )
    # psycopg's own cursor: its errors made Django's (a conflict is an IntegrityError)
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for row in rows:
            write(row + tail)


def sql_literal(value: Any) -> str:
    """A fixed value written into an SQLite statement: a number, NULL, or a quoted string
    (``%`` doubled for the placeholder conversion)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):  # bool too: 0, 1
        return str(int(value))
    if isinstance(value, (Decimal, float)) and math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


@contextmanager
def sqlite_cache(cursor: Any) -> Iterator[None]:
    """A bulk write touches 100,000 rows of an index each: SQLite's default page cache (2 MB)
    would read the indexes back from disk over and over; 256 MB for this write."""
    cursor.execute("PRAGMA cache_size")
    cache_size = cursor.fetchone()[0]
    cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def fetch_rows(queryset: Any, chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset as the database driver gives them, without the
    ORM's per-row converters (for reads of 100,000 rows whose columns the caller converts
    itself: booleans may come as 0/1 on SQLite)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            yield from rows


def insert_rows(
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    fixed: dict[str, Any] | None = None,
) -> None:
    """``rows`` (values for ``columns``) into ``table``, each with the ``fixed`` columns'
    values; in the caller's transaction."""
    fixed = fixed or {}
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in [*columns, *fixed])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_rows(cursor, f"COPY {q(table)} ({names}) FROM STDIN", rows, list(fixed.values()))
            return
        marks = ", ".join(["%s"] * len(columns) + [sql_literal(v) for v in fixed.values()])
        with sqlite_cache(cursor):
            cursor.executemany(f"INSERT INTO {q(table)} ({names}) VALUES ({marks})", list(rows))  # noqa: S608
