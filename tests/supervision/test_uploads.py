"""Uploads (issue 10, item 9): a zip bomb is refused by every upload path from its directory,
before any reader; evidence streams in and a file above the limit is refused while it arrives;
evidence reaches the folder only when its report commits."""

from __future__ import annotations

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import transaction
from django.test import Client

from gongye.supervision.models import Evidence, ProgressReport
from gongye.supervision.services import report_submit
from tests.conftest import TINY_PDF
from tests.core.test_sheets import bomb

API = "/api/v1/supervision"
BOMB = bomb()  # built before ``never_read`` forbids opening zip entries


@pytest.fixture
def never_read(monkeypatch):
    """Fails the test should openpyxl open a workbook or any zip entry be inflated."""

    def refuse(*args, **kwargs):
        raise AssertionError("a reader ran before the upload guard refused the file")

    import openpyxl

    from gongye.indicators import stats_sheet
    from gongye.supervision import bulk

    for target in (openpyxl, stats_sheet, bulk):
        monkeypatch.setattr(target, "load_workbook", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _bomb(name: str = "炸弹.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, BOMB)


def test_a_zip_bomb_is_refused_by_every_upload_path_before_any_reader(
    small_plan, kfq_task, persona, never_read, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    office, liaison = _client(persona("plan_office")), _client(persona("lead_liaison"))
    statistics = _client(persona("statistics"))
    answers = {
        "plan import": office.post("/plans/import/", {"document": _bomb()}),
        "statistics sheet": statistics.post(
            f"/indicators/data/plan/{small_plan.pk}/statistics/", {"file": _bomb()}
        ),
        "progress sheet page": liaison.post("/supervision/sheet/", {"sheet": _bomb()}),
        "progress sheet API": liaison.post(f"{API}/progress-sheet", {"file": _bomb()}),
        "evidence page": liaison.post(
            f"/supervision/tasks/{kfq_task.pk}/report/",
            {"text": "进展", "percent": 10, "state": "in_progress", "files": [_bomb()]},
        ),
        "evidence API": liaison.post(
            f"{API}/tasks/{kfq_task.pk}/reports",
            {"text": "进展", "percent": 10, "state": "in_progress", "files": [_bomb()]},
        ),
    }
    for path, response in answers.items():
        assert response.status_code in (200, 400), path
        assert "压缩炸弹" in response.content.decode(), path
    assert not ProgressReport.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_an_oversized_evidence_is_refused_while_it_streams_in(
    kfq_task, persona, settings, tmp_path, monkeypatch
):
    """3 MB against a 1 MB limit: the temporary file never gets more than the limit, and
    neither the evidence folder nor the temporary folder keeps anything."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    settings.GONGYE_UPLOAD_MAX_BYTES = settings.GONGYE_EVIDENCE_MAX_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # so the upload goes to a temporary file
    received = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
    big = SimpleUploadedFile("大.pdf", TINY_PDF + b"\0" * (3 * 1024 * 1024))
    response = _client(persona("lead_liaison")).post(
        f"/supervision/tasks/{kfq_task.pk}/report/",
        {"text": "进展", "percent": 10, "state": "in_progress", "files": [big]},
    )
    assert response.status_code == 200
    assert "佐证材料“大.pdf”超过 1 MB" in response.content.decode()
    assert 0 < sum(received) <= 1024 * 1024  # stopped at the limit, not after 3 MB
    assert not ProgressReport.objects.exists()
    assert not list((tmp_path / "media").rglob("*.*"))
    assert not list((tmp_path / "upload-tmp").iterdir())


def test_evidence_through_the_page_lands_once_the_report_commits(
    kfq_task, persona, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # a temporary file, moved into place
    pdf = TINY_PDF + b"%" * 4096
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(persona("lead_liaison")).post(
            f"/supervision/tasks/{kfq_task.pk}/report/",
            {
                "text": "进展",
                "percent": 10,
                "state": "in_progress",
                "files": [SimpleUploadedFile("佐证.pdf", pdf)],
            },
        )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.size, evidence.content_type) == (
        "佐证.pdf",
        len(pdf),
        "application/pdf",
    )
    assert (tmp_path / evidence.file.name).read_bytes() == pdf


def test_a_report_whose_transaction_rolls_back_leaves_no_evidence_file(
    kfq_task, persona, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    liaison = persona("lead_liaison")
    submit = dict(actor=liaison, task=kfq_task, text="进展", percent=10, state="in_progress")

    # the service's own transaction fails after the evidence row was written
    def broken(**kwargs):
        raise RuntimeError("the audit log refused")

    with django_capture_on_commit_callbacks(execute=True):
        with monkeypatch.context() as patched:
            patched.setattr("gongye.supervision.services.audit_record", broken)
            with pytest.raises(RuntimeError):
                report_submit(**submit, files=[("佐证.pdf", TINY_PDF)])
        # the caller's transaction rolls back after the service returned
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            report_submit(**submit, files=[("佐证.pdf", TINY_PDF)])
            1 / 0  # noqa: B018
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert not list((tmp_path / "media").rglob("*.*"))
    # the service's own failure removed its staged copy; the caller's rollback, which the
    # service cannot see, leaves one in the temporary folder for cleanup_uploads
    assert len(list((tmp_path / "upload-tmp").iterdir())) == 1
