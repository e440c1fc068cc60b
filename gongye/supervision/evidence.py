"""Evidence files: the type is decided by the bytes, not by the name (a renamed .exe is refused).

An evidence file is checked where it lies — in memory when small, in a temporary file when
large (``FILE_UPLOAD_HANDLERS``) — and never read whole: the size comes from the upload, the
type from its first bytes or its zip directory, the checksum from its chunks."""

from __future__ import annotations

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from gongye.core.sheets import CellError, UploadLimits, guard_upload
from gongye.core.uploads import too_large

ALLOWED = {
    "image/jpeg": "图片",
    "image/png": "图片",
    "image/gif": "图片",
    "image/webp": "图片",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/x-ole-storage": "Word/Excel（旧版）",
}

# an Office Open XML file is a zip; which one it is, its directory says
_OOXML = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _zip_kind(upload: File) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    return next((mime for part, mime in _OOXML.items() if part in names), None)


def check_evidence(upload: File) -> tuple[str, str]:
    """Returns (content type, sha256) or raises a Chinese ValidationError naming the file."""
    name = upload.name or ""
    limit = settings.GONGYE_EVIDENCE_MAX_BYTES
    if too_large(upload, limit):  # the size is known before a byte is read
        raise ValidationError(f"佐证材料“{name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。")
    if not upload.size:
        raise ValidationError(f"佐证材料“{name}”是空文件。")
    try:  # the shared upload guard: a .docx/.xlsx is a zip that must not inflate without bound
        guard_upload(upload, filename=name, limits=UploadLimits(max_bytes=limit))
    except CellError as refused:
        raise ValidationError(f"佐证材料“{name}”{refused.message}，已拒收。") from None
    upload.seek(0)
    head = upload.read(8192)
    if head.startswith(b"PK\x03\x04"):
        mime = _zip_kind(upload)
        found = "（实际内容是 zip 文件）"
    else:
        kind = filetype.guess(head)
        mime = kind.mime if kind else None
        found = f"（实际内容是 {kind.extension} 文件）" if kind else "（无法识别的内容）"
    if mime not in ALLOWED:
        raise ValidationError(
            f"佐证材料“{name}”的内容不是图片、PDF、Word 或 Excel 文件{found}，已拒收。"
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return mime, digest.hexdigest()
