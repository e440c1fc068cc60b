"""/healthz (issue 10, item 10): the worker's heartbeat age, and 503 when it is down."""

from __future__ import annotations

import datetime as dt
import time

from django.test import Client
from django.utils import timezone

from gongye.core import views
from gongye.core.models import WorkerHeartbeat


def _beat(seconds_ago: float) -> None:
    WorkerHeartbeat.objects.create(
        worker="host:1", at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )


def test_a_recent_heartbeat_is_ok_with_its_age(db, settings):
    settings.GONGYE_HEALTHZ_WORKER_MAX_AGE = 120
    _beat(30)
    body = Client().get("/healthz").json()
    assert body["status"] == "ok" and body["worker"] == "ok"
    assert 29 <= body["worker_age_seconds"] <= 32 and body["worker_max_age_seconds"] == 120


def test_a_worker_not_seen_for_longer_than_the_limit_answers_503(db, settings):
    settings.GONGYE_HEALTHZ_WORKER_MAX_AGE = 120
    _beat(7 * 60)  # the finding: nothing ran for 7 minutes and /healthz said ok
    response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["worker"] == "down"
    assert body["worker_age_seconds"] >= 420 and "无心跳" in body["detail"]


def test_a_worker_never_seen_is_starting_then_down(db, settings, monkeypatch):
    settings.GONGYE_HEALTHZ_WORKER_MAX_AGE = 120
    monkeypatch.setattr(views, "PROCESS_STARTED", time.monotonic() - 10)
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["worker"] == "starting"
    monkeypatch.setattr(views, "PROCESS_STARTED", time.monotonic() - 121)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["worker"] == "not seen"
    assert response.json()["worker_last_seen"] is None
