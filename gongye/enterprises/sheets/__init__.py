"""The statistics bureau's monthly enterprise sheet (企业月度数据表), read in whatever shape it
comes: see ``header`` (columns by meaning, units, the month) and ``rows`` (cell checks).

``read_figure_sheet`` answers every error at once; the service adds the checks that need the
register (codes registered in another county, cumulative figures below last month's) and
writes nothing unless there is none.

The month: the one the title states ("2022年6月", "2022年1-6月"), else the file name's, else
the one the caller passes. When both are given and differ the sheet is refused: a sheet
titled May imported as June is far likelier a wrong file than a wrong title."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from gongye.core.sheets import CellError
from gongye.enterprises.sheets.grid import Grid, read_grid
from gongye.enterprises.sheets.header import (
    CODE,
    MEASURES,
    NAME,
    Column,
    HeaderError,
    find_header,
    month_of,
    read_header,
    title_texts,
)
from gongye.enterprises.sheets.rows import RowError, SheetData, SheetRow, read_rows

__all__ = [
    "CODE",
    "MEASURES",
    "NAME",
    "Column",
    "RowError",
    "SheetData",
    "SheetResult",
    "SheetRow",
    "read_figure_sheet",
]


@dataclass
class SheetResult:
    year: int | None
    month: int | None
    columns: list[Column] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    data: SheetData = field(default_factory=SheetData)
    errors: list[RowError] = field(default_factory=list)
    month_from: str = ""  # where the month came from: the title's text, the file name, the caller

    @cached_property
    def rows(self) -> list[SheetRow]:
        """The rows one by one (the data is kept column by column)."""
        return self.data.rows()

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns if c.field not in (CODE, NAME)]


def read_figure_sheet(
    data: bytes, filename: str, *, year: int | None = None, month: int | None = None
) -> SheetResult:
    """Read and check a sheet; ``year`` and ``month`` are the caller's (the page's or the
    command's), needed only when neither the title nor the file name states them."""
    try:
        grid = read_grid(data, filename)
    except CellError as error:
        return SheetResult(year, month, errors=[RowError(None, "", str(error.message))])
    if not grid.rows or not any(any(v not in (None, "") for v in r) for r in grid.rows):
        return SheetResult(year, month, errors=[RowError(None, "", _("工作表是空的。"))])
    try:
        first, _last = find_header(grid)
    except HeaderError as error:
        return SheetResult(year, month, errors=[RowError(error.row, error.column, error.message)])
    result = _month(grid, first, filename, year, month)
    if result.errors:
        return result
    try:
        header = read_header(grid, cumulative_title=_cumulative_title(grid, first, filename))
    except HeaderError as error:
        result.errors.append(RowError(error.row, error.column, error.message))
        return result
    result.columns, result.ignored = header.columns, header.ignored
    if not result.fields:
        result.errors.append(
            RowError(
                header.first_row + 1,
                "",
                _("表头中没有可识别的指标列（如工业总产值、营业收入、税收、利润总额、用电量）。"),
            )
        )
        return result
    table, errors = read_rows(grid.rows, header.last_row + 1, header.columns)
    result.data, result.errors = table, errors
    if not len(table) and not errors:
        result.errors.append(RowError(None, "", _("表中没有企业数据行。")))
    return result


def _cumulative_title(grid: Grid, first: int, filename: str) -> bool:
    return month_of([*title_texts(grid, first), filename])[2]


def _month(
    grid: Grid, first: int, filename: str, year: int | None, month: int | None
) -> SheetResult:
    t_year, t_month, _cum, source = month_of(title_texts(grid, first))
    if t_month is None:
        t_year2, t_month, _cum, source = month_of([filename])
        t_year = t_year or t_year2
    elif t_year is None:
        t_year = month_of([filename])[0]
    result = SheetResult(year, month)
    if month is not None and year is not None:
        if t_month is not None and (t_month != month or (t_year and t_year != year)):
            result.errors.append(
                RowError(
                    None,
                    "",
                    _("表题“%(title)s”所示月份与指定的%(year)s年%(month)s月不一致，请核对文件。")
                    % {"title": source, "year": year, "month": month},
                )
            )
        result.month_from = _("指定")
        return result
    if t_month is None or (t_year is None and year is None):
        result.errors.append(
            RowError(None, "", _("无法从表题或文件名确定年月，请指定月份（如 2022-06）。"))
        )
        return result
    result.year, result.month, result.month_from = t_year or year, t_month, source
    return result
