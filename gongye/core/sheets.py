"""Uploaded files and where they are wrong: one guard every upload passes before anything
reads it, and one error type that says, in Chinese, which file, sheet, row and column.

Every upload path calls ``guard_upload`` first — plan documents, the statistics bureau's
sheet, the bulk progress sheet, evidence: the size, and for the zip-based formats (.xlsx,
.docx) the number of entries, the total unpacked size and each entry's inflation ratio, read
from the zip directory without unpacking anything ("zip bombs" are refused before a reader
would inflate them). ``CellError`` is what a reader reports for a cell, a row, a paragraph or
the whole file."""

from __future__ import annotations

import gc
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

MB = 1024 * 1024


@dataclass(eq=False)
class CellError(Exception):
    """Something wrong in an uploaded file, where the person will look for it. ``row`` and
    ``column`` are 1-based positions in a sheet or table; ``line`` is a paragraph or text
    line; ``column_name`` the column's header as the sheet names it. In a spreadsheet
    (``spreadsheet``) the column is named by its letter (H列), in a Word table by its number
    (第4列), as each looks to the person who opens the file."""

    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: int | None = None
    column_name: str = ""
    line: int | None = None
    spreadsheet: bool = False

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)

    @property
    def column_letter(self) -> str | None:
        return get_column_letter(self.column) if self.column else None

    @property
    def location(self) -> str:
        """文件“计划.xlsx”工作表“目标”第9行 H列（完成百分比）, 文件“计划.docx”第7行第4列"""
        parts: list[str] = []
        if self.file:
            parts.append(_("文件“%(file)s”") % {"file": self.file})
        if self.sheet:
            parts.append(_("工作表“%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.column:
            name = _("（%(name)s）") % {"name": self.column_name} if self.column_name else ""
            parts.append(
                _(" %(column)s列%(name)s") % {"column": self.column_letter, "name": name}
                if self.spreadsheet
                else _("第%(column)s列%(name)s") % {"column": self.column, "name": name}
            )
        if self.line and not self.row:
            parts.append(_("第%(line)s段") % {"line": self.line})
        return "".join(parts)

    def __str__(self) -> str:
        message = str(self.message)
        return (
            _("%(where)s：%(message)s") % {"where": self.location, "message": message}
            if self.location
            else message
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "column_name": self.column_name or None,
            "line": self.line,
            "message": self.message,
            "text": str(self),
        }


@dataclass(frozen=True)
class UploadLimits:
    """What an upload may be. The defaults suit every office document the product reads."""

    max_bytes: int = 20 * MB
    max_unpacked: int = 256 * MB
    max_ratio: int = 100  # per zip entry, checked for entries above ratio_min_size
    ratio_min_size: int = 4 * MB
    max_entries: int = 5000


DEFAULT_LIMITS = UploadLimits()


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def guard_upload(
    data: bytes | IO[bytes], *, filename: str, limits: UploadLimits = DEFAULT_LIMITS
) -> None:
    """Refuses (``CellError`` about the whole file) an upload too large, or a zip-based one
    whose directory promises too many entries, too much unpacked data, an entry inflating
    more than ``max_ratio`` times, or encrypted content. Reads the zip directory only, so
    ``data`` may be a seekable file (an upload on disk) that is never read whole."""
    source: IO[bytes]
    if isinstance(data, bytes | bytearray):
        size, head, source = len(data), bytes(data[:4]), io.BytesIO(data)
    else:
        size = data.seek(0, io.SEEK_END)
        data.seek(0)
        head, source = data.read(4), data
        data.seek(0)
    if size > limits.max_bytes:
        raise CellError(
            _("文件大小 %(size).1f MB，超过上限 %(limit).0f MB")
            % {"size": size / MB, "limit": limits.max_bytes / MB},
            file=filename,
        )
    if not size:
        raise CellError(_("文件内容为空，请重新选择文件"), file=filename)
    if not is_zip(head):
        return
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CellError(_("文件已损坏或不是有效的 Office 文件，无法读取"), file=filename) from error
    finally:
        if isinstance(data, bytes | bytearray):
            source.close()
        else:
            data.seek(0)
    check_zip_directory(infos, filename=filename, limits=limits)


def check_zip_directory(
    infos: list[zipfile.ZipInfo], *, filename: str, limits: UploadLimits = DEFAULT_LIMITS
) -> None:
    """The zip part of the guard, for a reader that has the archive open already."""
    if len(infos) > limits.max_entries:
        raise CellError(
            _("压缩包内文件数（%(count)s）过多，疑似恶意文件，拒绝读取") % {"count": len(infos)},
            file=filename,
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise CellError(_("文件内容已加密，无法读取；请取消密码保护后再上传"), file=filename)
        total += info.file_size
        if info.file_size > limits.ratio_min_size:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise CellError(
                    _(
                        "压缩包内“%(name)s”解压后为 %(size).0f MB，"
                        "压缩比 %(ratio).0f 倍，疑似“压缩炸弹”，拒绝读取"
                    )
                    % {"name": info.filename, "size": info.file_size / MB, "ratio": ratio},
                    file=filename,
                )
    if total > limits.max_unpacked:
        raise CellError(
            _("文件解压后共 %(size).0f MB，超过上限 %(limit).0f MB，拒绝读取")
            % {"size": total / MB, "limit": limits.max_unpacked / MB},
            file=filename,
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a large sheet is read, checked and
    written. Such an import builds millions of lists and tuples (rows, columns) that all stay
    alive until it ends: the collector would walk them again and again and free nothing
    (a tenth of a 100,000-row sheet's import). Reference counting still frees everything as
    usual; the collector resumes afterwards (nested uses leave it to the outermost)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cell_blank(value: Any) -> bool:
    """A cell left empty: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: a whole number Excel stored as a float without its ".0", trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
