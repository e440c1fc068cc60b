"""Evidence files (a report's 佐证材料, a project's permits and photos): the type is decided by
the bytes, not by the name (a renamed .exe is refused).

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
from django.utils.translation import gettext_lazy as _

from gongye.core.sheets import CellError, UploadLimits, guard_upload
from gongye.core.uploads import too_large

ALLOWED = {
    "image/jpeg": _("图片"),
    "image/png": _("图片"),
    "image/gif": _("图片"),
    "image/webp": _("图片"),
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/x-ole-storage": _("Word/Excel（旧版）"),
}

IMAGES = {mime: label for mime, label in ALLOWED.items() if mime.startswith("image/")}

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


def check_evidence(upload: File, *, images_only: bool = False) -> tuple[str, str]:
    """Returns (content type, sha256) or raises a Chinese ValidationError naming the file.
    ``images_only``: a photo (a project's 形象进度) must be a picture by its content."""
    name = upload.name or ""
    limit = settings.GONGYE_EVIDENCE_MAX_BYTES
    if too_large(upload, limit):  # the size is known before a byte is read
        raise ValidationError(
            _("佐证材料“%(name)s”超过 %(limit)s MB，请压缩后再上传。")
            % {"name": name, "limit": limit // (1024 * 1024)}
        )
    if not upload.size:
        raise ValidationError(_("佐证材料“%(name)s”是空文件。") % {"name": name})
    try:  # the shared upload guard: a .docx/.xlsx is a zip that must not inflate without bound
        guard_upload(upload, filename=name, limits=UploadLimits(max_bytes=limit))
    except CellError as refused:
        raise ValidationError(
            _("佐证材料“%(name)s”%(message)s，已拒收。")
            % {"name": name, "message": refused.message}
        ) from None
    upload.seek(0)
    head = upload.read(8192)
    if head.startswith(b"PK\x03\x04"):
        mime = _zip_kind(upload)
        found = str(_("（实际内容是 zip 文件）"))
    else:
        kind = filetype.guess(head)
        mime = kind.mime if kind else None
        found = (
            (_("（实际内容是 %(extension)s 文件）") % {"extension": kind.extension})
            if kind
            else str(_("（无法识别的内容）"))
        )
    if images_only and mime not in IMAGES:
        raise ValidationError(
            _("照片“%(name)s”的内容不是图片（JPEG、PNG、GIF 或 WebP）%(found)s，已拒收。")
            % {"name": name, "found": "" if mime in ALLOWED else found}
        )
    if mime not in ALLOWED:
        raise ValidationError(
            _("佐证材料“%(name)s”的内容不是图片、PDF、Word 或 Excel 文件%(found)s，已拒收。")
            % {"name": name, "found": found}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return mime, digest.hexdigest()
