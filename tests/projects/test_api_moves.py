"""The project API's moves and files: a start through 三库联动 needs its proof on file
(uploaded through ``/documents``, checked by its content); a move not the reader's is 403, one
that does not fit, lacks its date or reason, or is dated in the future a Chinese 400 on its
field; nothing is written on a refusal and every step is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongye.audit.models import AuditEntry
from gongye.projects.choices import ProjectStage, ProjectVerb
from gongye.projects.models import ProjectDocument
from tests.conftest import TINY_PDF
from tests.projects.api_support import API, PNG, conforms, media
from tests.projects.api_support import api_client as _api
from tests.projects.api_support import post as _post
from tests.projects.factories import on

pytestmark = pytest.mark.django_db
__all__ = ["conforms", "media"]  # fixtures used by name


def test_a_start_needs_its_proof_on_file_first(persona, kfq_project, media, conforms):
    liaison = _api(persona("lead_liaison"))
    moves = f"{API}/{kfq_project.pk}/moves"
    with time_machine.travel(on(2022, 6, 10), tick=False):
        refused = _post(liaison, moves, {"action": "start", "date": "2022-06-08"})
        assert refused.status_code == 400
        assert refused.json()["errors"]["action"] == ["开工须上传施工许可证或现场照片作为佐证。"]
        uploaded = liaison.post(
            f"{API}/{kfq_project.pk}/documents",
            {"kind": "photo", "file": SimpleUploadedFile("工地.png", PNG)},
        )
        assert uploaded.status_code == 201, uploaded.content
        conforms(f"{API}/{{id}}/documents", "post", "201", uploaded.json())
        assert uploaded.json()["content_type"] == "image/png"
        future = _post(liaison, moves, {"action": "start", "date": "2022-06-11"})
        assert future.status_code == 400 and "date" in future.json()["errors"]
        started = _post(liaison, moves, {"action": "start", "date": "2022-06-08"})
    assert started.status_code == 200, started.content
    body = started.json()
    assert body["stage"] == "building" and body["started_on"] == "2022-06-08"
    assert [d["name"] for d in body["documents"]] == ["工地.png"]
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.BUILDING
    entry = AuditEntry.objects.get(verb=ProjectVerb.START, target_id=str(kfq_project.pk))
    assert entry.after == {"stage": "building", "started_on": "2022-06-08"}


def test_moves_not_the_readers_or_not_fitting_are_refused(persona, kfq_project):
    moves = f"{API}/{kfq_project.pk}/moves"
    today = timezone.localdate().isoformat()
    # 终止 is the plan office's; a hidden project is not found; a reader may not move it
    assert _post(_api(persona("lead_liaison")), moves, {"action": "cancel"}).status_code == 403
    assert _post(_api(persona("coop_liaison")), moves, {"action": "cancel"}).status_code == 404
    assert _post(_api(persona("statistics")), moves, {"action": "start"}).status_code == 403
    office = _api(persona("plan_office"))
    for body, field in (
        ({"action": "explode"}, "action"),
        ({"action": "complete", "date": today}, "action"),  # not from 储备库
        ({"action": "cancel", "date": today}, "reason"),
        ({"action": "cancel", "reason": "放弃"}, "date"),
        ({"action": "cancel", "date": "yesterday", "reason": "放弃"}, "date"),
        ({"date": today}, "action"),
    ):
        response = _post(office, moves, body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json()["errors"], (body, response.json())
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.RESERVE and kfq_project.cancelled_on is None
    cancelled = _post(office, moves, {"action": "cancel", "date": today, "reason": "企业放弃"})
    assert cancelled.status_code == 200 and cancelled.json()["cancel_reason"] == "企业放弃"
    assert cancelled.json()["actions"] == ["restore"]


def test_a_file_is_checked_by_its_content_and_nothing_is_kept_when_refused(
    persona, kfq_project, media
):
    api = _api(persona("unit_head"))
    url = f"{API}/{kfq_project.pk}/documents"
    fake = api.post(url, {"kind": "photo", "file": SimpleUploadedFile("工地.png", TINY_PDF)})
    assert fake.status_code == 400 and "file" in fake.json()["errors"]
    exe = api.post(
        url, {"kind": "permit", "file": SimpleUploadedFile("许可.pdf", b"MZ\x90\0" * 50)}
    )
    assert exe.status_code == 400 and "file" in exe.json()["errors"]
    assert api.post(url, {"kind": "deed", "file": SimpleUploadedFile("a.pdf", TINY_PDF)}).json()[
        "errors"
    ].keys() == {"kind"}
    assert api.post(url, {"kind": "permit"}).json()["errors"].keys() == {"file"}
    assert not ProjectDocument.objects.exists()
    assert not AuditEntry.objects.filter(verb=ProjectVerb.DOCUMENT).exists()
    assert not any(media.rglob("*.*"))
    ok = api.post(url, {"kind": "permit", "file": SimpleUploadedFile("许可.pdf", TINY_PDF)})
    assert ok.status_code == 201 and ok.json()["kind"] == "permit"
    entry = AuditEntry.objects.get(verb=ProjectVerb.DOCUMENT)
    assert entry.parent_id == str(kfq_project.pk) and entry.after["name"] == "许可.pdf"
    statistics = _api(persona("statistics"))
    refused = statistics.post(
        url, {"kind": "permit", "file": SimpleUploadedFile("b.pdf", TINY_PDF)}
    )
    assert refused.status_code == 403


def test_completion_then_scaling_follows_the_register(persona, kfq_project):
    kfq_project.stage = ProjectStage.BUILDING
    kfq_project.started_on = timezone.localdate() - dt.timedelta(days=200)
    kfq_project.save()
    moves = f"{API}/{kfq_project.pk}/moves"
    done, produced = (timezone.localdate() - dt.timedelta(days=d) for d in (20, 10))
    body = {"action": "complete", "date": done.isoformat(), "produced_on": produced.isoformat()}
    early = {**body, "produced_on": (done - dt.timedelta(days=1)).isoformat()}
    liaison = _api(persona("lead_liaison"))
    refused = _post(liaison, moves, early)
    assert refused.status_code == 400 and "produced_on" in refused.json()["errors"]
    completed = _post(liaison, moves, body)
    assert completed.status_code == 200, completed.content
    assert completed.json()["stage"] == "producing"
    assert completed.json()["produced_on"] == produced.isoformat()
    # 纳规 is the plan office's, once the builder is a registered 规上 enterprise
    scale = {"action": "scale", "date": timezone.localdate().isoformat()}
    assert _post(liaison, moves, scale).status_code == 403
    office = _api(persona("plan_office"))
    not_yet = _post(office, moves, scale)
    assert not_yet.status_code == 400
    assert not_yet.json()["errors"]["action"] == ["项目单位尚未登记入企业库，不能纳规。"]
    kfq_project.refresh_from_db()
    assert kfq_project.stage == ProjectStage.PRODUCING and kfq_project.scaled_on is None
    verbs = AuditEntry.objects.filter(target_id=str(kfq_project.pk), verb__startswith="project.")
    assert list(verbs.values_list("verb", flat=True)) == [ProjectVerb.COMPLETE]
