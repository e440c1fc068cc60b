"""Monthly figures (issue 12 item 2): the statistics bureau's sheet imported, an enterprise's
own monthly filing (and the bureau's correction of it).

The import reads and checks the whole sheet first (``figures_import_prepare``: the page's
preview, the command's --dry-run), then writes in one transaction or not at all
(``figures_import``): the unknown codes registered as new enterprises, one ``FigureImport``,
every row upserted, one audit entry with the counts. Once committed, ``signals.register_changed``
tells whatever is computed from the register."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from operator import sub
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.sheets import collector_paused
from gongye.enterprises.choices import EnterpriseVerb, FigureSource
from gongye.enterprises.models import Enterprise, FigureImport
from gongye.enterprises.permissions import can_import_figures
from gongye.enterprises.services import figures_store as store
from gongye.enterprises.services.figures_entry import figures_save
from gongye.enterprises.sheets import (
    CODE,
    NAME,
    Column,
    RowError,
    SheetResult,
    read_figure_sheet,
)
from gongye.enterprises.signals import register_changed
from gongye.orgs.models import Region

if TYPE_CHECKING:
    from gongye.accounts.models import User

__all__ = [
    "FigureSheetInvalid",
    "PreparedImport",
    "figures_import",
    "figures_import_batch",
    "figures_import_prepare",
    "figures_save",
]

# the command's JSON: money in 万元, electricity in 千瓦时, energy in 吨标准煤, people
JSON_FIELDS = (
    "output_value",
    "revenue",
    "tax",
    "profit",
    "rd_expense",
    "electricity_kwh",
    "energy_tce",
    "employees",
)
LOOKUP_CHUNK = 5000
REGION_LOOKUP = 2000  # a sheet of more rows reads the county's register in one query
READ_AHEAD_BYTES = 256 * 1024  # a file this large (≈ 2,000 rows) is parsed on a worker thread
AUDIT_CODES = 1000  # new codes named in the audit entry (the count is always there)


@dataclass
class PreparedImport:
    """A sheet read and checked against the register, nothing written."""

    region: Region
    filename: str
    sha256: str
    sheet: SheetResult
    errors: list[RowError] = field(default_factory=list)
    new: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, row)
    # aligned with the sheet's rows: the enterprise's id (None: new, or in error), and each
    # MonthlyFigure column written (``fields``), 本月 and 本年累计 derived
    ids: list[int | None] = field(default_factory=list)
    values: dict[str, list[Any]] = field(default_factory=dict)
    underivable: int = 0
    fields: list[str] = field(default_factory=list)  # the MonthlyFigure columns written

    @property
    def year(self) -> int | None:
        return self.sheet.year

    @property
    def month(self) -> int | None:
        return self.sheet.month

    @property
    def known(self) -> dict[str, int]:
        """code → id of the sheet's enterprises already registered in the county."""
        return {
            c: pk for c, pk in zip(self.sheet.data.codes, self.ids, strict=False) if pk is not None
        }

    @property
    def rows(self) -> int:
        return len(self.sheet.data)

    def as_json(self) -> dict[str, Any]:
        """The command's --json answer (see the management command)."""
        sheet_fields = set(self.sheet.fields)
        unnamed = [r.code for r in self.sheet.rows if not r.name]
        names = dict(
            Enterprise.objects.filter(credit_code__in=unnamed).values_list("credit_code", "name")
            if unnamed
            else ()
        )
        data = []
        for row in self.sheet.rows:
            item: dict[str, Any] = {
                "credit_code": row.code,
                "name": row.name or names.get(row.code, ""),
            }
            for f in JSON_FIELDS:
                key = f if f in sheet_fields else f"{f}_month"
                value = row.values.get(key)
                item[f] = int(value) if f == "employees" and value is not None else value
            data.append(item)
        month = f"{self.year:04d}-{self.month:02d}" if self.year and self.month else None
        return {
            "month": month,
            "rows": self.rows,
            "new_enterprises": len(self.new),
            "errors": [e.as_dict() for e in self.errors],
            "data": data,
        }


class FigureSheetInvalid(ValidationError):
    """The sheet has errors; nothing was written. ``row_errors`` names each cell."""

    def __init__(self, prepared: PreparedImport) -> None:
        self.prepared = prepared
        self.row_errors = prepared.errors
        super().__init__([str(e) for e in prepared.errors] or [_("文件有误。")])


def figures_import_prepare(
    *,
    region: Region,
    data: bytes,
    filename: str,
    year: int | None = None,
    month: int | None = None,
) -> PreparedImport:
    """Read the sheet and check it against the register: a code registered in another
    county, a new enterprise without a name, a 本年累计 below last month's stored one (利润
    excepted). Writes nothing. Column by column: a row is looked at alone only to say what
    is wrong with it."""
    with collector_paused():
        return _prepare(region=region, data=data, filename=filename, year=year, month=month)


@dataclass
class ReadAhead:
    """What a large sheet's checks need from the database, read while the sheet is parsed."""

    known: dict[str, int]  # code → id of the county's register
    latest: store.StoredMonth | None  # the latest month the county holds, every flow


def _parser() -> ThreadPoolExecutor:
    """The one worker thread that parses sheets ahead of the request's thread."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="figure-sheet")


def _parse_on(
    pool: ThreadPoolExecutor, data: bytes, filename: str, year: int | None, month: int | None
) -> Future[SheetResult]:
    """The sheet parsed on ``pool``'s worker, in the caller's language (for the messages)."""
    language = translation.get_language()

    def parse() -> SheetResult:
        with translation.override(language):
            return read_figure_sheet(data, filename, year=year, month=month)

    return pool.submit(parse)


def _read(
    region: Region,
    data: bytes,
    filename: str,
    year: int | None,
    month: int | None,
    parsed: Future[SheetResult] | None = None,
) -> tuple[SheetResult, ReadAhead | None]:
    """The sheet, and for a large file what its checks will read from the database, read at
    once: python-calamine lets go of Python's lock while it parses, so a worker thread parses
    (``parsed``, when a batch started it already) while this one reads the county's register
    and its latest stored month (the month before the sheet's when the bureau's sheets come
    in order; ``previous_columns`` reads the right one itself otherwise). The worker touches
    no database: the reads stay in the caller's connection and transaction."""
    if parsed is None and len(data) < READ_AHEAD_BYTES:
        return read_figure_sheet(data, filename, year=year, month=month), None
    with ExitStack() as stack:
        if parsed is None:
            pool = stack.enter_context(_parser())
            parsed = _parse_on(pool, data, filename, year, month)
        known = store.enterprise_ids_of_region(region.pk)
        latest = store.latest_month(region.pk)
        stored = store.stored_month(region.pk, *latest, store.FLOW_FIELDS) if latest else None
        return parsed.result(), ReadAhead(known, stored)


def _prepare(
    *,
    region: Region,
    data: bytes,
    filename: str,
    year: int | None,
    month: int | None,
    parsed: Future[SheetResult] | None = None,
) -> PreparedImport:
    sheet, ahead = _read(region, data, filename, year, month, parsed)
    prepared = PreparedImport(
        region=region,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        sheet=sheet,
        errors=list(sheet.errors),
    )
    if sheet.year is None or sheet.month is None or not sheet.columns:
        return prepared
    columns = {c.field: c for c in sheet.columns}
    table = sheet.data
    codes = table.codes
    prepared.ids, elsewhere = _registered(region, codes, ahead.known if ahead else None)
    if None in prepared.ids:
        _new_or_elsewhere(prepared, elsewhere, columns)
    flows = store.flows_in(sheet.fields)
    previous = store.previous_columns(
        region.pk, sheet.year, sheet.month, prepared.ids, flows, ahead.latest if ahead else None
    )
    if previous is not None:
        for f in flows:
            if f not in store.MAY_FALL and (given := table.values.get(f)) is not None:
                _check_falls(prepared, f, given, previous[f], columns[f].header)
    values, prepared.underivable = store.derive_columns(
        table.values, previous, sheet.month, flows, len(codes)
    )
    prepared.fields = [f for f in store.ALL_FIELDS if f in {*flows, *(f"{x}_month" for x in flows)}]
    if "employees" in sheet.fields:
        prepared.fields.append("employees")
    prepared.values = {f: values[f] for f in prepared.fields}
    prepared.errors.sort(key=lambda e: e.row or 0)
    return prepared


def _registered(
    region: Region, codes: list[str], known: dict[str, int] | None = None
) -> tuple[list[int | None], dict[str, int]]:
    """Each code's enterprise id when registered in ``region`` (None otherwise, aligned with
    ``codes``), and the region id of those registered elsewhere. A large sheet reads the
    county's register in one query first (``known``, when read already); what it does not
    find is looked up by code."""
    if known is None:
        known = store.enterprise_ids_of_region(region.pk) if len(codes) > REGION_LOOKUP else {}
    elsewhere: dict[str, int] = {}
    if missing := [c for c in codes if c not in known]:
        for code, pk, _name, region_id in store.enterprises_by_code(missing, LOOKUP_CHUNK):
            if region_id == region.pk:
                known[code] = pk
            else:
                elsewhere[code] = region_id
    return list(map(known.get, codes)), elsewhere


def _new_or_elsewhere(
    prepared: PreparedImport, elsewhere: dict[str, int], columns: dict[str, Column]
) -> None:
    """The codes not registered in the county: new enterprises (they need a name), or an
    error when registered in another county."""
    table = prepared.sheet.data
    code_header = columns[CODE].header
    region_names = (
        dict(Region.objects.filter(pk__in=set(elsewhere.values())).values_list("pk", "name"))
        if elsewhere
        else {}
    )
    for i in [i for i, pk in enumerate(prepared.ids) if pk is None]:
        code, name, number = table.codes[i], table.names[i], table.numbers[i]
        if code in elsewhere:
            prepared.errors.append(
                RowError(
                    number,
                    code_header,
                    _("统一社会信用代码“%(code)s”已登记在%(region)s，不能导入本县（区）。")
                    % {"code": code, "region": region_names.get(elsewhere[code], "")},
                )
            )
        elif not name:
            column = columns[NAME].header if NAME in columns else code_header
            prepared.errors.append(
                RowError(number, column, _("新企业须填写企业名称，才能登记入库。"))
            )
        else:
            prepared.new.append((code, name[:200], number))


def _check_falls(
    prepared: PreparedImport, flow: str, given: list[Any], last: list[Any], header: str
) -> None:
    """A 本年累计 below last month's stored one: an error on that row."""
    if given and None not in given and None not in last and min(map(sub, given, last)) >= -1e-9:
        return
    numbers = prepared.sheet.data.numbers
    for i, (value, before) in enumerate(zip(given, last, strict=True)):
        if value is None or before is None or value >= before - 1e-9:
            continue
        prepared.errors.append(
            RowError(
                numbers[i],
                header,
                _("本年累计%(value)s小于上月已报的%(last)s，累计数不应下降。")
                % {"value": _show(value), "last": _show(before)},
            )
        )


@transaction.atomic
def figures_import(
    *,
    actor: User | None,
    region: Region,
    data: bytes,
    filename: str,
    year: int | None = None,
    month: int | None = None,
) -> tuple[FigureImport, PreparedImport]:
    """The bureau's monthly sheet written (issue 12 item 2): all of it or, on any error,
    nothing (``FigureSheetInvalid``). ``actor`` None is the command (a batch run by the
    operator, who answers for it as for any command)."""
    if actor is not None:
        can_import_figures(actor).require()
    with collector_paused():
        return _import(actor, region, data, filename, year, month)


def _import(
    actor: User | None,
    region: Region,
    data: bytes,
    filename: str,
    year: int | None,
    month: int | None,
    parsed: Future[SheetResult] | None = None,
    audits: list[dict[str, Any]] | None = None,
) -> tuple[FigureImport, PreparedImport]:
    """One sheet written; its audit entry recorded, or added to ``audits`` for the caller to
    record (a batch, at its end)."""
    prepared = _prepare(
        region=region, data=data, filename=filename, year=year, month=month, parsed=parsed
    )
    if prepared.errors:
        raise FigureSheetInvalid(prepared)
    assert prepared.year is not None and prepared.month is not None
    new_ids: dict[str, int | None] = {}
    if prepared.new:
        store.insert_enterprises(
            region_id=region.pk, rows=[(code, name) for code, name, _row in prepared.new]
        )
        found, _elsewhere = _registered(region, [code for code, _name, _row in prepared.new])
        new_ids = {c: pk for (c, _n, _r), pk in zip(prepared.new, found, strict=True)}
    ids: list[int] = [
        pk if pk is not None else _must(new_ids[code])
        for pk, code in zip(prepared.ids, prepared.sheet.data.codes, strict=True)
    ]
    batch = FigureImport.objects.create(
        region=region,
        year=prepared.year,
        month=prepared.month,
        file_name=filename[:255],
        sha256=prepared.sha256,
        rows=prepared.rows,
        new_enterprises=len(prepared.new),
        columns=[
            {"header": c.header, "field": c.field, "unit": c.unit} for c in prepared.sheet.columns
        ],
        imported_by=actor,
    )
    written = store.write_columns(
        region_id=region.pk,
        year=prepared.year,
        month=prepared.month,
        ids=ids,
        values=prepared.values,
        source=FigureSource.BUREAU,
        batch_id=batch.pk,
        entered_by_id=actor.pk if actor is not None else None,
    )
    new_codes = [c for c, _n, _r in prepared.new]
    entry: dict[str, Any] = dict(
        actor=actor,
        verb=EnterpriseVerb.FIGURES_IMPORT,
        target=batch,
        region_code=region.code,
        after={
            "file": filename,
            "sha256": prepared.sha256,
            "month": f"{prepared.year}-{prepared.month:02d}",
            "rows": written,
            "new_enterprises": len(new_codes),
            "updated": written - len(new_codes),
            "fields": prepared.fields,
            "new_codes": new_codes[:AUDIT_CODES],
            "new_codes_truncated": len(new_codes) > AUDIT_CODES,
        },
    )
    if audits is None:
        audit_record(**entry)
    else:
        audits.append(entry)
    year_, month_ = prepared.year, prepared.month
    transaction.on_commit(
        lambda: register_changed.send(sender=FigureImport, region=region, year=year_, month=month_)
    )
    return batch, prepared


@transaction.atomic
def figures_import_batch(
    *,
    actor: User | None,
    region: Region,
    files: Sequence[tuple[bytes, str]],
    on_sheet: Callable[[PreparedImport], None] | None = None,
) -> list[FigureImport]:
    """Several monthly sheets ((data, file name), a year's as the command takes them) written
    in the order given, each checked against the months written before it, in one
    transaction: all of them or, when any has errors, none (``FigureSheetInvalid`` of the
    first such sheet; its ``prepared`` names the file; the sheets after it are not read).
    While one sheet is checked and written the next is parsed on a worker thread. A sheet's
    columns are let go once it is written and ``on_sheet`` (the command's answer for it) has
    seen it: in memory at once, the sheet being written and the next one. The audit entries
    are recorded at the end (each takes the audit chain's lock, which every audited action
    waits for, to the commit)."""
    if actor is not None:
        can_import_figures(actor).require()
    written: list[FigureImport] = []
    audits: list[dict[str, Any]] = []
    with collector_paused(), _parser() as pool:
        ahead = _parse_on(pool, *files[0], None, None) if files else None
        for i, (data, filename) in enumerate(files):
            parsed = ahead
            # queued behind this sheet's parse on the one worker: it starts as that ends
            ahead = _parse_on(pool, *files[i + 1], None, None) if i + 1 < len(files) else None
            batch, prepared = _import(actor, region, data, filename, None, None, parsed, audits)
            written.append(batch)
            if on_sheet is not None:
                on_sheet(prepared)
            del parsed, prepared
    for entry in audits:
        audit_record(**entry)
    return written


def _must(pk: int | None) -> int:
    if pk is None:  # pragma: no cover - the new enterprise was inserted just before
        raise RuntimeError("a new enterprise was not registered")
    return pk


def _show(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".")
