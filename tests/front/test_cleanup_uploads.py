"""``manage.py cleanup_uploads`` (issue 10, item 9): an orphan and a stale temporary upload go,
a referenced file and anything younger than an hour stay; the run is audited as the system."""

from __future__ import annotations

import os
import time
from io import StringIO

from django.core.management import call_command

from gongye.audit.models import AuditEntry


def _aged(path, hours: float = 2) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_cleanup_removes_an_orphan_and_keeps_a_referenced_file(kfq_report, settings, tmp_path):
    media = tmp_path  # kfq_report's MEDIA_ROOT
    temp = tmp_path.parent / f"{tmp_path.name}-upload-tmp"
    temp.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    referenced = media / kfq_report.evidence.get().file.name
    orphan = referenced.parent / "left-by-a-killed-worker.pdf"
    orphan.write_bytes(b"%PDF-1.4 nobody points here")
    young = referenced.parent / "upload-in-progress.pdf"
    young.write_bytes(b"%PDF-1.4 still arriving")
    stale_temp = temp / "tmpabc.upload.pdf"
    stale_temp.write_bytes(b"half an upload")
    for path in (referenced, orphan, stale_temp):
        _aged(path)

    out = StringIO()
    call_command("cleanup_uploads", "--dry-run", stdout=out)
    assert "将删除孤立文件 1 个、临时文件 1 个" in out.getvalue()
    assert orphan.exists() and stale_temp.exists()
    assert not AuditEntry.objects.filter(verb="uploads.cleanup").exists()

    out = StringIO()
    call_command("cleanup_uploads", stdout=out)
    assert not orphan.exists() and not stale_temp.exists()
    assert referenced.exists() and young.exists()
    entry = AuditEntry.objects.get(verb="uploads.cleanup")
    assert entry.actor is None and entry.channel == "command"
    assert {f["kind"] for f in entry.after["files"]} == {"orphan", "temporary"}
    assert entry.after["orphans"] == 1 and entry.after["temporary"] == 1


def test_the_cleanup_is_scheduled_daily():
    from gongye.core.contrib import collect

    jobs = {job.name: job for _, job in collect("schedules")}
    assert jobs["front.cleanup_uploads"].func == "gongye.front.jobs.cleanup_uploads"
    assert jobs["front.cleanup_uploads"].daily_at is not None
