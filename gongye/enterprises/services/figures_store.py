"""What the figures services share: deriving 本月 from 本年累计 and back, the previous
month's stored figures, and the bulk upsert of a whole sheet.

The bulk write skips the ORM's per-value conversions (a sheet is 100,000 rows of 17 figures):
on SQLite one ``executemany`` of ``INSERT … ON CONFLICT DO UPDATE``; on PostgreSQL ``COPY``
into a temporary table, then one ``INSERT … SELECT … ON CONFLICT DO UPDATE``. Only the
columns the sheet gives (and those derived from them) are updated: a sheet without 用电量
leaves the electricity an enterprise filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection

from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.models.register import FLOW_FIELDS

N = TypeVar("N")  # float (the import) or Decimal (the entry form)

# 利润 may fall through the year (a loss); every other 本年累计 only grows
MAY_FALL = {"profit"}
MONTH_OF = {f: f"{f}_month" for f in FLOW_FIELDS}
ALL_FIELDS = [*FLOW_FIELDS, *(f"{f}_month" for f in FLOW_FIELDS), "employees"]


def flows_in(fields: Iterable[str]) -> list[str]:
    """The flows a set of given fields touches (``revenue_month`` → ``revenue``)."""
    given = set(fields)
    return [f for f in FLOW_FIELDS if f in given or f"{f}_month" in given]


def derive(
    values: Mapping[str, Any], previous: Mapping[str, Any] | None, month: int, flows: Sequence[str]
) -> tuple[dict[str, Any], int]:
    """Both 本月 and 本年累计 of each flow from whichever is given: 本年累计 = last month's
    本年累计 + 本月, 本月 = 本年累计 − last month's (in January the two are the same). A figure
    that cannot be derived (last month not stored) stays None; the count of those is returned."""
    out: dict[str, Any] = {}
    missing = 0
    get = values.get
    first = month == 1
    last = None if first else previous
    for f in flows:
        f_month = MONTH_OF[f]
        cum, this = get(f), get(f_month)
        if cum is None:
            if this is not None:
                if first:
                    cum = this
                elif last is not None and (before := last.get(f)) is not None:
                    cum = before + this
                else:
                    missing += 1
        elif this is None:
            if first:
                this = cum
            elif last is not None and (before := last.get(f)) is not None:
                this = cum - before
            else:
                missing += 1
        out[f] = cum
        out[f_month] = this
    if "employees" in values:
        out["employees"] = values["employees"]
    return out, missing


def previous_month(
    region_id: int, year: int, month: int, enterprise_ids: set[int] | None = None
) -> dict[int, dict[str, float | None]]:
    """The region's stored 本年累计 of the month before ``month`` (none for January), as
    floats, by enterprise id: one query, no model instances."""
    if month == 1:
        return {}
    table = connection.ops.quote_name(MonthlyFigure._meta.db_table)
    casts = ", ".join(f"CAST({f} AS DOUBLE PRECISION)" for f in FLOW_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT enterprise_id, {casts} FROM {table} "  # noqa: S608 - names are ours
            "WHERE region_id = %s AND year = %s AND month = %s",
            [region_id, year, month - 1],
        )
        found = {}
        for row in cursor.fetchall():
            if enterprise_ids is None or row[0] in enterprise_ids:
                found[row[0]] = dict(zip(FLOW_FIELDS, row[1:], strict=True))
    return found


def upsert(
    *,
    region_id: int,
    year: int,
    month: int,
    fields: Sequence[str],
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    source: str,
    batch_id: int | None,
    entered_by_id: int | None,
) -> int:
    """Insert or update one MonthlyFigure per (enterprise id, values); the columns written
    are ``fields`` and the bookkeeping ones. Returns the number of rows."""
    if not set(fields) <= set(ALL_FIELDS):  # the SQL names only our own columns
        raise ValueError(f"unknown figure fields: {sorted(set(fields) - set(ALL_FIELDS))}")
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(tz=dt.UTC))
    meta = MonthlyFigure._meta
    columns = [
        "enterprise_id",
        "region_id",
        "year",
        "month",
        *fields,
        "source",
        "batch_id",
        "entered_by_id",
        "updated_at",
    ]
    tail = (source, batch_id, entered_by_id, now)
    head = (region_id, year, month)
    pick = itemgetter(*fields)
    if len(fields) == 1:
        data = [(pk, *head, pick(v), *tail) for pk, v in rows]
    else:
        data = [(pk, *head, *pick(v), *tail) for pk, v in rows]
    if not data:
        return 0
    q = connection.ops.quote_name
    table = q(meta.db_table)
    names = ", ".join(q(c) for c in columns)
    updates = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in columns[4:])
    conflict = "ON CONFLICT (enterprise_id, year, month) DO UPDATE SET " + updates
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE _figures_in AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
            )
            # created inside the transaction: a failure rolls it back with everything else
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(f"COPY _figures_in ({names}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM _figures_in {conflict}"  # noqa: S608
            )
            cursor.execute("DROP TABLE _figures_in")
        else:
            # a sheet touches 100,000 rows of an index each: SQLite's default page cache (2 MB)
            # would read the indexes back from disk over and over; 256 MB for this write
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}"  # noqa: S608
            try:
                cursor.executemany(sql, data)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
    return len(data)


def insert_enterprises(*, region_id: int, rows: Sequence[tuple[str, str]]) -> None:
    """Registers the sheet's new enterprises (code, name) with every other field at its model
    default: one ``executemany`` (``bulk_create`` builds and prepares a model instance per row,
    and the first month of a new county's sheets is 100,000 of them)."""
    if not rows:
        return
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(tz=dt.UTC))
    given = ("region_id", "credit_code", "name")
    columns = list(given)
    fixed: list[Any] = []
    for f in Enterprise._meta.concrete_fields:
        if f.primary_key or f.attname in given:
            continue
        columns.append(f.column)
        if f.attname in ("created_at", "updated_at"):
            fixed.append(now)
        else:
            fixed.append(f.get_db_prep_save(f.get_default(), connection))
    q = connection.ops.quote_name
    names = ", ".join(q(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {q(Enterprise._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {q(Enterprise._meta.db_table)} ({names}) FROM STDIN"
            ) as copy:
                for code, name in rows:
                    copy.write_row((region_id, code, name, *fixed))
        else:
            cursor.executemany(sql, [(region_id, code, name, *fixed) for code, name in rows])


def enterprises_by_code(codes: Sequence[str], chunk: int = 5000) -> list[tuple[str, int, str, int]]:
    """(code, id, name, region id) of the registered enterprises among ``codes``: plain
    ``IN`` queries of ``chunk`` codes (the ORM would prepare each of 100,000 parameters)."""
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    found: list[tuple[str, int, str, int]] = []
    with connection.cursor() as cursor:
        for i in range(0, len(codes), chunk):
            part = codes[i : i + chunk]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT credit_code, id, name, region_id FROM {table} "  # noqa: S608
                f"WHERE credit_code IN ({marks})",
                list(part),
            )
            found.extend(cursor.fetchall())
    return found
