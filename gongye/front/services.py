"""The shell's own writes: upkeep that concerns every app at once and names none of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongye.audit.services import audit_record
from gongye.core.uploads import stale_upload_files

UPLOADS_CLEANUP = "uploads.cleanup"


def uploads_cleanup(
    *, dry_run: bool = False, older_than: dt.timedelta = dt.timedelta(hours=1)
) -> dict[str, Any]:
    """Removes what interrupted uploads leave behind (issue 10, item 9): files under
    MEDIA_ROOT that no row's file field names (a report whose process died between writing
    the file and committing), and temporary upload files (a worker killed mid-upload), both
    older than ``older_than`` so an upload in progress is never touched. Audited as a system
    action (``uploads.cleanup``) with every path removed; a dry run only lists them."""
    found = stale_upload_files(older_than=older_than)
    removed: list[dict[str, Any]] = []
    for stale in found:
        if not dry_run:
            try:
                stale.path.unlink()
            except FileNotFoundError:  # gone meanwhile
                continue
        removed.append({"path": _shown(stale.path), "kind": stale.kind, "bytes": stale.size})
    summary = {
        "dry_run": dry_run,
        "files": removed,
        "orphans": sum(1 for f in removed if f["kind"] == "orphan"),
        "temporary": sum(1 for f in removed if f["kind"] == "temporary"),
        "bytes": sum(f["bytes"] for f in removed),
    }
    if not dry_run:
        with transaction.atomic():
            audit_record(
                actor=None,
                verb=UPLOADS_CLEANUP,
                target_type="core.upload",
                target_id=timezone.localdate().isoformat(),
                target_repr=(
                    f"清理上传文件：孤立文件 {summary['orphans']} 个，"
                    f"临时文件 {summary['temporary']} 个"
                ),
                after=summary,
            )
    return summary


def _shown(path: Any) -> str:
    """The path relative to the folder it was found in (the log need not show the server's
    directories)."""
    for root in (settings.MEDIA_ROOT, settings.FILE_UPLOAD_TEMP_DIR):
        try:
            return str(path.relative_to(root))
        except ValueError:
            continue
    return path.name
