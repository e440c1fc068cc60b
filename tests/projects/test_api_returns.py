"""The 月30 part of the project API (``/api/v1/projects/{id}/returns``): a return filed as JSON
or with photos (multipart), corrected by filing the month again, listed newest first; a bad
return refused whole (400 per field, with the API's field names) and nothing written. The
clock is fixed (mostly at 2022-06-10): May's return is due on 30 May, June's on 30 June."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.projects.choices import ProjectStage, ProjectVerb
from gongye.projects.models import ProjectDocument, ProjectReturn
from tests.conftest import TINY_PDF
from tests.projects.factories import ProjectReturnFactory, on

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def building(kfq_project):
    kfq_project.stage = ProjectStage.BUILDING
    kfq_project.started_on = dt.date(2022, 3, 10)
    kfq_project.save()
    return kfq_project


@pytest.fixture
def clock():
    with time_machine.travel(on(2022, 6, 10), tick=False):
        yield


def _body(**changes) -> dict:
    body = {
        "year": 2022,
        "month": 5,
        "this_month": "300",
        "cumulative": "300",
        "progress": "主体结构施工",
    }
    body.update(changes)
    return body


def _file(client: Client, project, body: dict):
    return client.post(
        f"/api/v1/projects/{project.pk}/returns", body, content_type="application/json"
    )


def test_a_return_is_filed_then_corrected_and_listed(persona, building):
    liaison = persona("lead_liaison")
    api = _api(liaison)
    with time_machine.travel(on(2022, 5, 25), tick=False):
        filed = _file(api, building, _body(problems="林地报批未完成"))
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert (body["year"], body["month"], body["on_time"]) == (2022, 5, True)
    assert (body["this_month"], body["year_to_date"], body["cumulative"]) == (
        "300.00",
        "300.00",
        "300.00",
    )
    assert body["unit_name"] == "开发区" and body["problems"] == "林地报批未完成"
    with time_machine.travel(on(2022, 6, 10), tick=False):
        june = _file(api, building, _body(month=6, this_month="200", cumulative="500"))
        assert june.status_code == 201 and june.json()["year_to_date"] == "500.00"
        # May filed again: a correction (200), June follows; on time as first filed
        corrected = _file(api, building, _body(this_month="250", cumulative="250"))
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["on_time"] is True
    may_row, june_row = ProjectReturn.objects.filter(project=building).order_by("month")
    assert may_row.investment_month == may_row.investment_total == Decimal("250.00")
    # 本年累计 stays the sum of the year's months (the service keeps June in step)
    assert june_row.investment_year == Decimal("250.00") + june_row.investment_month
    entries = AuditEntry.objects.filter(verb=ProjectVerb.RETURN_FILE).order_by("id")
    assert entries.count() == 3
    assert entries.last().before["investment_month"] == "300.00"
    assert entries.last().after["investment_month"] == "250.00"
    listed = api.get(f"/api/v1/projects/{building.pk}/returns").json()
    assert [(r["month"], r["cumulative"]) for r in listed] == [(6, "500.00"), (5, "250.00")]
    assert api.get(f"/api/v1/projects/{building.pk}/returns", {"year": "2021"}).json() == []


def test_a_return_with_photos_keeps_them(persona, building, clock, media):
    api = _api(persona("unit_head"))
    response = api.post(
        f"/api/v1/projects/{building.pk}/returns",
        {
            **_body(),
            "photos": [SimpleUploadedFile("进度1.png", PNG), SimpleUploadedFile("进度2.png", PNG)],
        },
    )
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert [p["name"] for p in photos] == ["进度1.png", "进度2.png"]
    assert {p["kind"] for p in photos} == {"photo"}
    detail = api.get(f"/api/v1/projects/{building.pk}").json()
    assert detail["documents"] == []  # a return's photos are the return's
    assert [p["name"] for p in detail["returns"][0]["photos"]] == ["进度1.png", "进度2.png"]


def test_a_late_return_is_marked_so(persona, building):
    with time_machine.travel(on(2022, 6, 2), tick=False):
        body = _file(_api(persona("lead_liaison")), building, _body()).json()
    assert body["on_time"] is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cumulative": "9000"}, "cumulative"),  # above the total of 8000
        ({"cumulative": "-1"}, "cumulative"),
        ({"cumulative": 300}, "cumulative"),  # a number: the document says text
        ({"this_month": "abc"}, "this_month"),
        ({"month": 7}, "month"),  # still to come
        ({"month": 13}, "month"),
        ({"month": "5"}, "month"),  # JSON text for an integer
        ({"year": 1999}, "year"),
        ({"year": 2**70}, "year"),
        ({"progress": "  "}, "progress"),
        ({"progress": "x" * 2001}, "progress"),
        ({"problems": "x" * 2001}, "problems"),
    ],
)
def test_a_bad_return_is_refused_whole(persona, building, clock, changes, field):
    response = _file(_api(persona("lead_liaison")), building, _body(**changes))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert not ProjectReturn.objects.exists()
    assert not AuditEntry.objects.filter(verb=ProjectVerb.RETURN_FILE).exists()


def test_a_falling_cumulative_and_a_month_that_does_not_add_up_are_refused(
    persona, building, clock
):
    ProjectReturnFactory(
        project=building,
        year=2022,
        month=4,
        investment_total=Decimal("400"),
        filed_by=persona("lead_liaison"),
    )
    api = _api(persona("lead_liaison"))
    falling = _file(api, building, _body(this_month="0", cumulative="350"))
    assert falling.status_code == 400
    assert "累计数不应下降" in falling.json()["errors"]["cumulative"][0]
    wrong = _file(api, building, _body(this_month="50", cumulative="500"))
    assert wrong.status_code == 400 and "this_month" in wrong.json()["errors"]
    assert ProjectReturn.objects.count() == 1


def test_a_photo_that_is_not_a_picture_writes_nothing(persona, building, clock, media):
    response = _api(persona("lead_liaison")).post(
        f"/api/v1/projects/{building.pk}/returns",
        {**_body(), "photos": [SimpleUploadedFile("进度.png", TINY_PDF)]},
    )
    assert response.status_code == 400
    assert "photos" in response.json()["errors"]
    assert not ProjectReturn.objects.exists() and not ProjectDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_returns_are_scoped(persona, building, clock):
    url = f"/api/v1/projects/{building.pk}/returns"
    assert _file(_api(persona("coop_liaison")), building, _body()).status_code == 404
    assert _file(_api(persona("statistics")), building, _body()).status_code == 403
    assert _file(_api(persona("county_leader")), building, _body()).status_code == 403
    assert _api(persona("coop_liaison")).get(url).status_code == 404
    assert _api(persona("statistics")).get(url).status_code == 200
    assert _api(persona("statistics")).get(url, {"year": "1999"}).status_code == 400
    assert not ProjectReturn.objects.exists()
    # the plan office files for the unit
    assert _file(_api(persona("plan_office")), building, _body()).status_code == 201
