"""An uploaded sheet as a grid of cell values, read fast: .xlsx, .xls and .ods through
python-calamine (Rust), .csv through the csv module (UTF-8 or GB18030, as Excel saves it in
China). The grid starts at A1 so that row and column numbers are those the person sees;
merged header cells are given back as ranges so the header reader can spread their text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongye.core.sheets import CellError, guard_upload

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (first row, first column, last row, last column), 0-based and inclusive
Merge = tuple[int, int, int, int]


@dataclass
class Grid:
    """The first worksheet's cells (0-based lists; a missing cell is "")."""

    sheet: str
    rows: list[list[Any]]
    merges: list[Merge] = field(default_factory=list)


def read_grid(data: bytes, filename: str) -> Grid:
    """The first sheet of ``data``, judged by content rather than by its name. Raises
    ``CellError`` about the whole file when it cannot be read."""
    shown = filename or _("上传的文件")
    guard_upload(data, filename=shown)  # size and zip bombs, before any reader inflates it
    if data[:4] == b"PK\x03\x04" or data[:8] == XLS_MAGIC:
        return _calamine(data, shown)
    return _csv(data, shown)


def _calamine(data: bytes, shown: str) -> Grid:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise CellError(_("文件中没有工作表。"), file=shown)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
        merges: list[Merge] = []
        try:
            for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
                merges.append((r0, c0, r1, c1))
        except (AttributeError, TypeError, ValueError):  # a format without merge records
            merges = []
    except CellError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    # calamine raises several kinds for a file it cannot parse, and a Rust panic arrives as
    # pyo3's PanicException, which is not an Exception
    except BaseException as error:
        raise CellError(
            _("文件不是有效的 Excel（.xlsx/.xls）文件，无法打开。"), file=shown
        ) from error
    return Grid(sheet=str(names[0]), rows=rows, merges=merges)


def _csv(data: bytes, shown: str) -> Grid:
    if b"\x00" in data[:4096]:
        raise CellError(_("文件不是 Excel（.xlsx/.xls）或 CSV 文件，无法读取。"), file=shown)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence without NUL
        raise CellError(_("CSV 文件编码无法识别，请另存为 UTF-8。"), file=shown)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return Grid(sheet=shown, rows=rows)
