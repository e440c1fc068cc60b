"""What the figures services share: deriving 本月 from 本年累计 and back (a row at a time for
the entry form, whole columns for the import), the previous month's stored figures, and the
bulk write of a whole sheet.

The bulk write skips the ORM's per-value conversions (a sheet is 100,000 rows of 17 figures).
The first import of a month is a plain insert (SQLite: one ``executemany``; PostgreSQL:
``COPY`` into the table); a month already holding rows is upserted (SQLite: ``INSERT … ON
CONFLICT DO UPDATE``; PostgreSQL: ``COPY`` into a temporary table, then one ``INSERT … SELECT
… ON CONFLICT DO UPDATE``). Only the columns the sheet gives (and those derived from them) are
updated: a sheet without 用电量 leaves the electricity an enterprise filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import add, itemgetter, sub
from typing import Any, TypeVar, cast

import numpy as np
from django.db import IntegrityError, connection, transaction

from gongye.core.bulk import copy_rows, sql_literal, sqlite_cache
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.models.register import FLOW_FIELDS

N = TypeVar("N")  # float (the import) or Decimal (the entry form)

# 利润 may fall through the year (a loss); every other 本年累计 only grows
MAY_FALL = {"profit"}
MONTH_OF = {f: f"{f}_month" for f in FLOW_FIELDS}
# kept on conflict: the row's key, and its region (as the enterprise's when first written)
KEY_COLUMNS = ("region_id", "year", "month")
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


def insert_enterprises(*, region_id: int, rows: Sequence[tuple[str, str]]) -> None:
    """Registers the sheet's new enterprises (code, name) with every other field at its model
    default: one ``executemany`` (``bulk_create`` builds and prepares a model instance per row,
    and the first month of a new county's sheets is 100,000 of them)."""
    if not rows:
        return
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(tz=dt.UTC))
    given = ("region_id", "credit_code", "name")
    columns = ["region_id"]
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
    names = ", ".join(q(c) for c in ["region_id", "credit_code", "name", *columns[1:]])
    table = q(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            data = ((region_id, code, name) for code, name in rows)
            copy_rows(cursor, f"COPY {table} ({names}) FROM STDIN", data, fixed)
            return
        # the defaults written into the statement: two parameters a row, not one a column
        marks = ", ".join(["%s", "%s", *map(sql_literal, [region_id, *fixed])])
        names = ", ".join(q(c) for c in ["credit_code", "name", *columns])
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def enterprises_by_code(codes: Sequence[str], chunk: int = 5000) -> list[tuple[str, int, str, int]]:
    """(code, id, name, region id) of the registered enterprises among ``codes``: on
    PostgreSQL one query with the codes as an array; on SQLite plain ``IN`` queries of
    ``chunk`` codes (the ORM would prepare each of 100,000 parameters)."""
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    found: list[tuple[str, int, str, int]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter, not 100,000 placeholders
            cursor.execute(
                f"SELECT credit_code, id, name, region_id FROM {table} "  # noqa: S608
                "WHERE credit_code = ANY(%s)",
                [list(codes)],
            )
            return list(cursor.fetchall())
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


@dataclass
class StoredMonth:
    """A region's month as stored: enterprise id → (id, 本年累计 of each of ``flows``)."""

    year: int
    month: int
    flows: list[str]
    rows: dict[int, tuple[Any, ...]]


def latest_month(region_id: int) -> tuple[int, int] | None:
    """The latest (year, month) the region holds figures of: the month before the next sheet
    as a bureau sends them in order (the (region, year, month) index answers it)."""
    found = (
        MonthlyFigure.objects.filter(region_id=region_id)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    return (found[0], found[1]) if found else None


def stored_month(region_id: int, year: int, month: int, flows: Sequence[str]) -> StoredMonth:
    """The region's month of ``flows``: one query, no model instances."""
    if not set(flows) <= set(FLOW_FIELDS):  # the SQL names only our own columns
        raise ValueError(f"unknown flows: {sorted(set(flows) - set(FLOW_FIELDS))}")
    table = connection.ops.quote_name(MonthlyFigure._meta.db_table)
    casts = "".join(f", CAST({f} AS DOUBLE PRECISION)" for f in flows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT enterprise_id{casts} FROM {table} "  # noqa: S608 - names are ours
            "WHERE region_id = %s AND year = %s AND month = %s",
            [region_id, year, month],
        )
        found_rows = cursor.fetchall()
    rows = dict(zip(map(itemgetter(0), found_rows), found_rows, strict=True))
    return StoredMonth(year, month, list(flows), rows)


def previous_columns(
    region_id: int,
    year: int,
    month: int,
    ids: Sequence[int | None],
    flows: Sequence[str],
    ahead: StoredMonth | None = None,
) -> dict[str, list[float | None]] | None:
    """The stored 本年累计 of the month before ``month`` of each flow, as a column aligned with
    ``ids`` (None where an enterprise has no row, or ``ids`` holds None): ``ahead`` when it
    is that month read beforehand with every flow needed, else one query. None in January,
    or when the month before is empty."""
    if month == 1 or not flows:
        return None
    stored = ahead
    if (
        stored is None
        or (stored.year, stored.month) != (year, month - 1)
        or set(flows) - set(stored.flows)
    ):
        stored = stored_month(region_id, year, month - 1, flows)
    if not stored.rows:
        return None
    place = [stored.flows.index(f) + 1 for f in flows]
    get = cast(Callable[[int | None], tuple[Any, ...] | None], stored.rows.get)  # None: no id
    found = list(map(get, ids))
    if None in found:
        return {
            f: [row[k] if row is not None else None for row in found]
            for k, f in zip(place, flows, strict=True)
        }
    rows = cast(list[tuple[Any, ...]], found)
    return {f: list(map(itemgetter(k), rows)) for k, f in zip(place, flows, strict=True)}


def _minus(a: Any, b: Any) -> Any:
    return a - b if a is not None and b is not None else None


def _plus(a: Any, b: Any) -> Any:
    return a + b if a is not None and b is not None else None


def derive_columns(
    values: Mapping[str, list[Any]],
    previous: Mapping[str, list[Any]] | None,
    month: int,
    flows: Sequence[str],
    count: int,
) -> tuple[dict[str, list[Any]], int]:
    """``derive`` for whole columns (the import): each flow's 本月 and 本年累计 columns, both
    given, one derived from the other and last month's, or None where that cannot be; and the
    count of figures that could not be derived."""
    out: dict[str, list[Any]] = {}
    missing = 0
    nothing: list[Any] = [None] * count
    first = month == 1
    for f in flows:
        f_month = MONTH_OF[f]
        cum, this = values.get(f), values.get(f_month)
        before = None if first or previous is None else previous.get(f)
        if cum is not None and this is not None:
            if None in cum or None in this:  # fill each blank from the other where it can
                cum, this, lost = _fill(cum, this, before, first)
                missing += lost
        elif cum is not None:
            this, missing = _other(cum, before, first, _minus, missing)
        elif this is not None:
            cum, missing = _other(this, before, first, _plus, missing)
        out[f] = cum if cum is not None else nothing
        out[f_month] = this if this is not None else nothing
    if "employees" in values:
        out["employees"] = values["employees"]
    return out, missing


def _other(
    given: list[Any], before: list[Any] | None, first: bool, op: Any, missing: int
) -> tuple[list[Any], int]:
    """本月 from 本年累计 (``op`` minus) or 本年累计 from 本月 (plus)."""
    if first:
        return list(given), missing
    if before is None:
        return [None] * len(given), missing + len(given) - given.count(None)
    if None not in given and None not in before:
        return list(map(sub if op is _minus else add, given, before)), missing
    lost = sum(1 for g, b in zip(given, before, strict=True) if g is not None and b is None)
    return list(map(op, given, before)), missing + lost


def _fill(
    cum: list[Any], this: list[Any], before: list[Any] | None, first: bool
) -> tuple[list[Any], list[Any], int]:
    """Both columns given with blanks: each row as ``derive`` does it."""
    cum, this = list(cum), list(this)
    lost = 0
    for i, (c, t) in enumerate(zip(cum, this, strict=True)):
        if (c is None) == (t is None):
            continue
        last = None if first or before is None else before[i]
        if c is None:
            if first:
                cum[i] = t
            elif last is not None:
                cum[i] = last + t
            else:
                lost += 1
        elif first:
            this[i] = c
        elif last is not None:
            this[i] = c - last
        else:
            lost += 1
    return cum, this, lost


def month_stored(region_id: int, year: int, month: int) -> bool:
    """Whether the region has any figures of the month (an import, an enterprise's filing)."""
    table = connection.ops.quote_name(MonthlyFigure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE region_id = %s AND year = %s AND month = %s LIMIT 1",  # noqa: S608
            [region_id, year, month],
        )
        return cursor.fetchone() is not None


def write_columns(
    *,
    region_id: int,
    year: int,
    month: int,
    ids: Sequence[int],
    values: Mapping[str, Sequence[Any]],
    source: str,
    batch_id: int | None,
    entered_by_id: int | None,
) -> int:
    """One MonthlyFigure per id of ``ids`` with the columns of ``values`` (aligned with
    ``ids``) and the bookkeeping ones. The first import of a month has nothing to conflict
    with: a plain ``INSERT`` (SQLite: one ``executemany``; PostgreSQL: ``COPY`` into the
    table). When the region's month already holds rows, or the plain insert meets one (an
    enterprise's row under another region), the upsert. Returns the number of rows."""
    fields = list(values)
    if not set(fields) <= set(ALL_FIELDS):  # the SQL names only our own columns
        raise ValueError(f"unknown figure fields: {sorted(set(fields) - set(ALL_FIELDS))}")
    if not ids:
        return 0
    now = connection.ops.adapt_datetimefield_value(dt.datetime.now(tz=dt.UTC))
    given = ["enterprise_id", *fields]
    fixed = {
        "region_id": region_id,
        "year": year,
        "month": month,
        "source": source,
        "batch_id": batch_id,
        "entered_by_id": entered_by_id,
        "updated_at": now,
    }

    columns = [ids, *(values[f] for f in fields)]
    if connection.vendor == "postgresql":  # COPY sends text: the float noise taken off first
        columns[1:] = [_without_noise(f, values[f]) for f in fields]
    if not month_stored(region_id, year, month):
        try:
            with transaction.atomic():  # a savepoint: a conflict undoes this insert alone
                _write(given, fixed, columns, upsert=False)
            return len(ids)
        except IntegrityError:
            pass
    _write(given, fixed, columns, upsert=True)
    return len(ids)


def _without_noise(field: str, column: Sequence[Any]) -> Sequence[Any]:
    """A column of floats rounded four places below its field's scale: the noise of float
    arithmetic gone (``23.330000000000013`` of a derived 本月 is ``23.33`` again), and the
    text ``COPY`` sends half as long to write and to parse. The database then rounds to the
    scale (half away from zero) as before; what it stores differs only where the noise sat
    just below a half (12.34565 − 10 = ``2.345649999999999``: now 2.3457, the rounding of the
    exact difference, where the noisy text gave 2.3456). Whole columns through numpy; a
    column with blanks (None, which numpy would make NaN) a value at a time."""
    places = getattr(MonthlyFigure._meta.get_field(field), "decimal_places", None)
    if places is None or not column:
        return column
    if None in column:
        return [None if v is None else round(v, places + 4) for v in column]
    if not isinstance(column[0], float):  # the import's columns are floats
        return column
    rounded: list[float] = np.round(np.asarray(column, dtype=np.float64), places + 4).tolist()
    return rounded


def _write(
    given: list[str], fixed: dict[str, Any], data: list[Sequence[Any]], *, upsert: bool
) -> None:
    """The ``given`` columns (``data``, aligned) and the ``fixed`` ones, the same on every
    row. PostgreSQL: ``COPY`` (into the table, or into a temporary one and an ``INSERT … ON
    CONFLICT``); SQLite: one ``executemany`` with the fixed values written into the statement
    (binding seven more parameters on each of 100,000 rows costs a fifth of the write)."""
    q = connection.ops.quote_name
    table = q(MonthlyFigure._meta.db_table)
    columns = [*given, *fixed]
    names = ", ".join(q(c) for c in columns)
    updates = ", ".join(f"{q(c)} = EXCLUDED.{q(c)}" for c in columns[1:] if c not in KEY_COLUMNS)
    conflict = f"ON CONFLICT (enterprise_id, year, month) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            into = "_figures_in" if upsert else table
            if upsert:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE _figures_in AS SELECT {names} FROM {table} WITH NO DATA"  # noqa: S608
                )
                # created inside the transaction: a failure rolls it back with everything else
            rows = zip(*data, strict=True)
            copy_rows(cursor, f"COPY {into} ({names}) FROM STDIN", rows, list(fixed.values()))
            if upsert:
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM _figures_in {conflict}"  # noqa: S608
                )
                cursor.execute("DROP TABLE _figures_in")
            return
        marks = ", ".join(["%s"] * len(given) + [sql_literal(v) for v in fixed.values()])
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        with sqlite_cache(cursor):
            cursor.executemany(
                f"{sql} {conflict}" if upsert else sql, list(zip(*data, strict=True))
            )


def enterprise_ids_of_region(region_id: int) -> dict[str, int]:
    """code → id of every enterprise registered in the region: one query (a sheet of the
    whole county finds nearly all its codes here)."""
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT credit_code, id FROM {table} WHERE region_id = %s",  # noqa: S608
            [region_id],
        )
        return dict(cursor.fetchall())
