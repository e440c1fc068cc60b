"""Run by .ci/backup_restore.sh through `manage.py shell`: what the backup holds, a change
made after it, and the restore giving back what was backed up (rows and uploaded files)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile


def _record() -> Path:
    return Path(os.environ["GONGYE_VAR_DIR"]) / "before.json"


def _counts() -> dict[str, int]:
    from gongye.audit.models import AuditEntry
    from gongye.plans.models import Plan, Task
    from gongye.supervision.models import Evidence, ProgressReport

    return {
        "plans": Plan.objects.count(),
        "tasks": Task.objects.count(),
        "reports": ProgressReport.objects.count(),
        "evidence": Evidence.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def before() -> None:
    from gongye.supervision.models import Evidence, ProgressReport

    report = ProgressReport.objects.order_by("pk").first()
    assert report is not None, "the demo has progress reports"
    evidence = Evidence(report=report, name="佐证.pdf", content_type="application/pdf", size=9)
    evidence.file.save("backup-check.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.sha256 = "0" * 64
    evidence.save()
    files = sorted(
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    _record().write_text(json.dumps({"counts": _counts(), "files": files}))
    print("before:", _counts(), f"{len(files)} files")


def change() -> None:
    from gongye.plans.models import Plan
    from gongye.supervision.models import Evidence

    for evidence in Evidence.objects.all():
        evidence.file.delete(save=False)
    Plan.objects.filter(pk=Plan.objects.order_by("pk").values("pk")[:1]).update(title="改过的标题")
    print("changed: evidence files deleted, a plan retitled")


def after() -> None:
    from gongye.plans.models import Plan

    record = json.loads(_record().read_text())
    assert _counts() == record["counts"], (_counts(), record["counts"])
    files = sorted(
        p.relative_to(settings.MEDIA_ROOT).as_posix()
        for p in Path(settings.MEDIA_ROOT).rglob("*")
        if p.is_file()
    )
    assert files == record["files"], (files, record["files"])
    assert not Plan.objects.filter(title="改过的标题").exists()
    print("after: the same rows and files as at the backup")
