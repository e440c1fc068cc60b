"""Backup archives (core.backup): what a backup holds, and a restore that refuses an archive
that is not exactly what was written — before it touches anything. The whole round trip
(backup → change → restore, on SQLite and PostgreSQL) is .ci/backup_restore.sh."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from gongye.core import backup
from gongye.core.backup import BackupError, backup_create, backup_restore


@pytest.fixture(autouse=True)
def _small_database(monkeypatch):
    """The test database lives in memory inside the test's transaction, which SQLite's backup
    would wait on forever; a small database file stands in for it here. The real dump and
    restore, on SQLite and PostgreSQL, is .ci/backup_restore.sh."""

    def dump(workdir: Path) -> Path:
        target = workdir / "database.sqlite3"
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE t (x)")
            db.execute("INSERT INTO t VALUES (1)")
        db.close()
        return target

    monkeypatch.setattr(backup, "_dump_database", dump)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4 evidence")
    return settings.MEDIA_ROOT


def _other_engine(manifest: bytes) -> bytes:
    data = json.loads(manifest)
    data["engine"] = "postgresql" if data["engine"] == "sqlite" else "sqlite"
    return json.dumps(data).encode()


def _rewrite(archive: Path, change) -> Path:
    """A copy of the archive with its members passed through ``change(name, data)``."""
    out = archive.with_name("changed.tar.gz")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            for name, content in change(member.name, data):
                info = tarfile.TarInfo(name)
                info.size = len(content)
                target.addfile(info, io.BytesIO(content))
    return out


@pytest.mark.django_db
def test_a_backup_holds_the_database_the_files_and_their_checksums(media, tmp_path):
    summary = backup_create(tmp_path / "b.tar.gz")
    with tarfile.open(summary.path, "r:gz") as archive:
        names = set(archive.getnames())
        manifest = json.loads(archive.extractfile("manifest.json").read())
    assert {"manifest.json", "database.sqlite3", "media/evidence/a.pdf"} <= names
    assert manifest["engine"] == connection.vendor and manifest["audit_rows"] is not None
    assert set(manifest["files"]) == {"database.sqlite3", "media/evidence/a.pdf"}
    with pytest.raises(BackupError, match="已存在"):
        backup_create(summary.path)  # never overwrites


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda n, d: [(n, d + b"x" if n.endswith(".pdf") else d)], "已被改动"),
        (lambda n, d: [] if n.endswith(".pdf") else [(n, d)], "缺失"),
        (
            lambda n, d: [(n, d), ("media/extra.exe", b"MZ")] if n == "manifest.json" else [(n, d)],
            "清单以外",
        ),
        (
            lambda n, d: [(n, d), ("../outside.txt", b"x")] if n == "manifest.json" else [(n, d)],
            "不是有效的备份",
        ),
        (
            lambda n, d: [(n, _other_engine(d))] if n == "manifest.json" else [(n, d)],
            "不能直接恢复",
        ),
    ],
)
def test_a_restore_refuses_an_archive_that_is_not_what_was_written(media, tmp_path, change, words):
    summary = backup_create(tmp_path / "b.tar.gz")
    (media / "evidence" / "a.pdf").write_bytes(b"after the backup")
    with pytest.raises(BackupError, match=words):
        backup_restore(_rewrite(summary.path, change))
    # nothing was touched
    assert (media / "evidence" / "a.pdf").read_bytes() == b"after the backup"
    assert not (tmp_path / "outside.txt").exists()
