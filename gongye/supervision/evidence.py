"""Evidence files: the type is decided by the bytes, not by the name (a renamed .exe is refused)."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from gongye.core.sheets import CellError, UploadLimits, guard_upload

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


def check_evidence(name: str, data: bytes) -> tuple[str, str]:
    """Returns (content type, sha256) or raises a Chinese ValidationError naming the file."""
    limit = settings.GONGYE_EVIDENCE_MAX_BYTES
    if not data:
        raise ValidationError(f"佐证材料“{name}”是空文件。")
    if len(data) > limit:
        raise ValidationError(f"佐证材料“{name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。")
    try:  # the shared upload guard: a .docx/.xlsx is a zip that must not inflate without bound
        guard_upload(data, filename=name, limits=UploadLimits(max_bytes=limit))
    except CellError as refused:
        raise ValidationError(f"佐证材料“{name}”{refused.message}，已拒收。") from None
    kind = filetype.guess(data[:8192] if len(data) > 8192 and not data.startswith(b"PK") else data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED:
        found = f"（实际内容是 {kind.extension} 文件）" if kind else "（无法识别的内容）"
        raise ValidationError(
            f"佐证材料“{name}”的内容不是图片、PDF、Word 或 Excel 文件{found}，已拒收。"
        )
    return mime, hashlib.sha256(data).hexdigest()
