"""Deciding the format from the bytes, not the file name.

A zip is handed to the OOXML reader; an OLE compound file (old .doc/.xls or an encrypted OOXML)
is refused with advice; known non-documents (PDF, images, archives, programs, web pages) are
refused by name; anything else is decoded as text. Every failure becomes a :class:`ParseError`.
"""

from __future__ import annotations

from ..model import Document, ParseError
from .ooxml import OOXML_ADVICE, read_zip
from .safety import DEFAULT_LIMITS, MB, ReadLimits
from .text import read_text


def read_document(data: bytes, filename: str, *, limits: ReadLimits | None = None) -> Document:
    """Read ``data`` (the uploaded bytes) into a :class:`Document`.

    Raises :class:`ParseError` for anything unreadable; never lets a library error escape.
    """
    limits = limits or DEFAULT_LIMITS
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("内容不是文件数据", file=filename)
    data = bytes(data)
    if len(data) == 0:
        raise ParseError("文件为空（0 字节），请检查是否上传了正确的文件", file=filename)
    if len(data) > limits.max_bytes:
        raise ParseError(
            f"文件大小为 {len(data) / MB:.1f} MB，超过上限 {limits.max_bytes / MB:.0f} MB；"
            "请删去图片等无关内容后再上传",
            file=filename,
        )
    try:
        return _dispatch(data, filename, limits)
    except ParseError:
        raise
    except MemoryError:
        raise ParseError("文件内容过大，无法在内存中读取", file=filename) from None
    except Exception as exc:  # a reader library failed in a way not foreseen below
        raise ParseError(
            f"文件已损坏或格式无法识别，读取失败（{type(exc).__name__}）", file=filename
        ) from exc


_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (
        b"%PDF",
        "这是 PDF 文件，无法读取其中的表格；请上传 Word（.docx）或 Excel（.xlsx）原件",
    ),
    (
        b"\x89PNG",
        "这是图片（PNG），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (
        b"\xff\xd8\xff",
        "这是图片（JPEG），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (
        b"GIF8",
        "这是图片（GIF），不是文档；请上传 Word（.docx）、Excel（.xlsx）或文本文件",
    ),
    (b"BM", ""),  # checked more strictly below
    (b"{\\rtf", "这是 RTF 格式，" + OOXML_ADVICE),
    (b"Rar!", "这是 RAR 压缩包，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"7z\xbc\xaf\x27\x1c", "这是 7z 压缩包，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"\x1f\x8b", "这是 gzip 压缩文件，请解压后上传其中的 .docx/.xlsx 文件"),
    (b"MZ", "这是可执行程序，不是文档"),
    (b"\x7fELF", "这是可执行程序，不是文档"),
]


def _dispatch(data: bytes, filename: str, limits: ReadLimits) -> Document:
    if data.startswith(_CFB_MAGIC):
        raise ParseError(_cfb_message(data), file=filename)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return read_zip(data, filename, limits)
    for magic, message in _OTHER_MAGIC:
        if data.startswith(magic):
            if magic == b"BM" and not (len(data) > 14 and data[6:10] == b"\x00\x00\x00\x00"):
                continue
            raise ParseError(message or "这是图片（BMP），不是文档", file=filename)
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"mime-version:")):
        raise ParseError("这是网页（HTML/MHT）格式，" + OOXML_ADVICE, file=filename)
    return read_text(data, filename)


def _cfb_message(data: bytes) -> str:
    """Old binary Office files and password-protected OOXML are both OLE compound files."""
    probe = data[: 4 * MB]

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in probe

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return (
            "文件已设置密码（加密的 Office 文档），无法读取；"
            "请取消密码保护后另存为 .docx/.xlsx 再上传"
        )
    if has("WordDocument"):
        return "这是旧版 Word 97-2003 文档（.doc），" + OOXML_ADVICE
    if has("Workbook") or has("Book"):
        return "这是旧版 Excel 97-2003 工作簿（.xls），请用 Excel 或 WPS 另存为 .xlsx 再上传"
    return "这是旧版 Office 格式或已加密的文档，无法读取；" + OOXML_ADVICE
