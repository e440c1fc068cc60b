"""Uploaded files on their way in, and what a crash leaves behind.

``LimitedUploadHandler`` is the first of ``FILE_UPLOAD_HANDLERS``: it counts each file's bytes
as they stream in and, past ``GONGYE_UPLOAD_MAX_BYTES``, stops passing them on — the file
being written (in memory or in ``FILE_UPLOAD_TEMP_DIR``) is closed and removed, the rest of
the file is read from the socket and dropped, and the form receives a ``RefusedUpload``: a
file with its name and a size above the limit and no content, which every upload path's size
check refuses with its own Chinese message. No upload path therefore ever holds more than the
limit, in memory or on disk, before its own checks run.

``too_large`` is what a view asks before it reads an upload a reader needs whole: the size
comes from the upload's metadata, so nothing is read to learn it. ``stale_upload_files`` finds what a killed worker leaves:
media files no row points to, and temporary upload files, both older than an hour.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models


class RefusedUpload(UploadedFile):
    """A file refused while it streamed in: its name, the bytes seen (above the limit), no
    content. Reading it answers nothing; every path refuses it on its size first."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, None, None)
        self.refused = True


class LimitedUploadHandler(FileUploadHandler):
    """Refuses a file once more than ``GONGYE_UPLOAD_MAX_BYTES`` of it has arrived."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.over:
            return None
        if self.seen > settings.GONGYE_UPLOAD_MAX_BYTES:
            self.over = True
            # the later handlers have written up to the limit: drop it now, not at the end
            for handler in self.request.upload_handlers if self.request else ():
                if handler is not self and hasattr(handler, "file"):
                    handler.file.close()
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over:
            return None  # the next handler (memory or temporary file) answers the file
        return RefusedUpload(self.file_name or "", self.seen, self.content_type)


def too_large(upload: File, limit: int) -> bool:
    return bool(getattr(upload, "refused", False)) or (upload.size or 0) > limit


def stage(upload: File) -> Path:
    """A copy of the upload, written in chunks to a file of our own in FILE_UPLOAD_TEMP_DIR,
    that outlives the request: a service writes it into storage once its transaction commits
    (``store_staged``). Should the process die first, ``cleanup_uploads`` sweeps it."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    handle, path = tempfile.mkstemp(suffix=".staged", dir=folder)
    with os.fdopen(handle, "wb") as out:
        upload.seek(0)
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    return Path(path)


def store_staged(storage: Any, name: str, staged: Path) -> str:
    """Writes a staged file into ``storage`` under ``name`` (or the name the storage picks,
    returned), then removes the staged copy."""
    try:
        with staged.open("rb") as handle:
            return str(storage.save(name, File(handle, name=name)))
    finally:
        staged.unlink(missing_ok=True)


# — what a crash leaves behind —


@dataclass(frozen=True)
class StaleFile:
    path: Path
    kind: str  # "orphan" (media no row names) or "temporary" (an interrupted upload)
    size: int


def referenced_media() -> set[str]:
    """Every name a FileField of any installed model stores (relative to MEDIA_ROOT)."""
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in fields:
            rows = model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
            names.update(str(name) for name in rows.iterator() if name)
    return names


def _old_files(root: Path, cutoff: float) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
            yield path


def stale_upload_files(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> list[StaleFile]:
    """Media files no row points to, and files left in FILE_UPLOAD_TEMP_DIR, older than
    ``older_than`` (a younger file may belong to an upload still in progress)."""
    cutoff = time.time() - older_than.total_seconds()
    media = Path(settings.MEDIA_ROOT)
    referenced = referenced_media()
    found = [
        StaleFile(path, "orphan", path.stat().st_size)
        for path in _old_files(media, cutoff)
        if path.relative_to(media).as_posix() not in referenced
    ]
    temp = Path(settings.FILE_UPLOAD_TEMP_DIR)
    found += [
        StaleFile(path, "temporary", path.stat().st_size) for path in _old_files(temp, cutoff)
    ]
    return found
