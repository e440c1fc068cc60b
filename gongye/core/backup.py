"""Backup and restore of a whole installation: the database and the uploaded files (evidence,
plan documents) in one archive.

The archive is a ``.tar.gz`` holding ``manifest.json`` (when, which engine, how many rows of
the audit log, every file with its SHA-256), the database (SQLite: a copy made with SQLite's
online backup, safe while the site runs; PostgreSQL: ``pg_dump --format=custom``) and
``media/`` (Django's MEDIA_ROOT). A restore checks every file against the manifest before it
touches anything, then replaces the database (SQLite's backup API into the live file;
PostgreSQL: ``pg_restore --clean``) and puts the files back. Nothing here is specific to an app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
DB_SQLITE = "database.sqlite3"
DB_POSTGRES = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a Chinese message."""


@dataclass(frozen=True)
class Summary:
    path: Path
    engine: str
    files: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore from Django's settings (password through
    the environment, never on the command line)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    """The PostgreSQL client program's full path (pg_dump / pg_restore of the server's
    version, from the postgresql-client package)."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"找不到 {name}，请安装与数据库同版本的 PostgreSQL 客户端。")
    return found


def _dump_database(workdir: Path) -> Path:
    if _engine() == "sqlite":
        target = workdir / DB_SQLITE
        connection.ensure_connection()
        source = connection.connection
        assert source is not None  # ensure_connection opened it
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
        return target
    if _engine() == "postgresql":
        target = workdir / DB_POSTGRES
        args, env = _pg_env()
        result = subprocess.run(  # noqa: S603  (fixed program, arguments from settings)
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:500]}")
        return target
    raise BackupError(f"不支持的数据库类型：{_engine()}")


def _audit_rows() -> int | None:
    with connection.cursor() as cursor:
        try:
            cursor.execute("SELECT COUNT(*) FROM audit_auditentry")
        except Exception:  # a database not yet migrated has no audit table
            return None
        row = cursor.fetchone()
    return int(row[0]) if row else None


def backup_create(path: Path) -> Summary:
    """Writes the archive to ``path`` (a new file; written beside it and renamed, so a failed
    backup never leaves a half archive under the final name)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"“{path}”已存在，请换一个文件名。")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        workdir = Path(tmp)
        database = _dump_database(workdir)
        files: dict[str, str] = {database.name: _sha256(database)}
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for file in media_files:
            files["media/" + file.relative_to(media).as_posix()] = _sha256(file)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": _engine(),
            "audit_rows": _audit_rows(),
            "files": files,
        }
        partial = workdir / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for file in media_files:
                archive.add(file, arcname="media/" + file.relative_to(media).as_posix())
        os.replace(partial, path)
    return Summary(path, manifest["engine"], len(files), path.stat().st_size)


def _read(path: Path, workdir: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(workdir, filter="data")  # no absolute paths, no "..", no links out
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"“{path}”不是有效的备份文件：{error}") from error
    manifest_path = workdir / "manifest.json"
    if not manifest_path.is_file():
        raise BackupError(f"“{path}”中没有 manifest.json，不是本系统的备份。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 与本系统（{FORMAT}）不符。")
    for name, digest in manifest["files"].items():
        file = workdir / name
        if not file.is_file() or _sha256(file) != digest:
            raise BackupError(f"备份中的“{name}”缺失或已被改动，拒绝恢复。")
    listed = set(manifest["files"]) | {"manifest.json"}
    present = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*") if p.is_file()}
    if present - listed:
        raise BackupError(f"备份中有清单以外的文件：{sorted(present - listed)[:3]}，拒绝恢复。")
    return manifest


def backup_restore(path: Path) -> Summary:
    """Replaces the database and the uploaded files with the archive's, after checking every
    file against its manifest. Run it with the site and the worker stopped."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件“{path}”。")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        manifest = _read(path, workdir)
        if manifest["engine"] != _engine():
            raise BackupError(
                f"这是 {manifest['engine']} 数据库的备份，当前数据库是 {_engine()}，不能直接恢复。"
            )
        if _engine() == "sqlite":
            connections.close_all()
            target = Path(str(settings.DATABASES["default"]["NAME"]))
            with (
                sqlite3.connect(workdir / DB_SQLITE) as source,
                sqlite3.connect(target) as live,
            ):
                source.backup(live)
            source.close()
            live.close()
        else:
            connections.close_all()
            args, env = _pg_env()
            result = subprocess.run(  # noqa: S603  (fixed program, arguments from settings)
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(workdir / DB_POSTGRES),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:500]}")
        media = Path(settings.MEDIA_ROOT)
        restored = workdir / "media"
        if restored.exists():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(restored, media, dirs_exist_ok=True)
    return Summary(path, manifest["engine"], len(manifest["files"]), path.stat().st_size)
