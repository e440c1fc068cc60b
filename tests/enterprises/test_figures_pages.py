"""The figures pages: the bureau's upload → preview → confirm, the import history, an
enterprise's monthly entry form (and the bureau's correction), growth in the selectors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.audit.models import AuditEntry
from gongye.enterprises.models import Enterprise, FigureImport, MonthlyFigure
from gongye.enterprises.selectors.figures import county_totals, figures_series, growth
from gongye.enterprises.signals import register_changed
from gongye.enterprises.views.figures import SESSION_KEY
from gongye.orgs.models import Region
from tests.enterprises import figures_fixtures as fx
from tests.enterprises.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    MonthlyFigureFactory,
)

pytestmark = pytest.mark.django_db

A, B = fx.code(1), fx.code(2)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, data, name="2022年6月.xlsx", month=""):
    return client.post(
        "/enterprises/figures/import/",
        {"file": SimpleUploadedFile(name, data), "month": month},
    )


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")


def test_upload_previews_new_enterprises_then_confirm_writes(statistics, org):
    EnterpriseFactory(credit_code=A, name="甲公司")
    client = _client(statistics)
    response = _upload(client, fx.simple([[A, "甲公司", 10, 1], [B, "新乙有限公司", 5, 1]]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "新乙有限公司" in page and B in page and "figure-confirm" in page
    assert not Enterprise.objects.filter(credit_code=B).exists()  # a preview writes nothing
    assert not FigureImport.objects.exists()
    response = client.post("/enterprises/figures/import/confirm/")
    assert response.status_code == 302 and response["Location"] == "/enterprises/figures/imports/"
    assert Enterprise.objects.get(credit_code=B).name == "新乙有限公司"
    assert MonthlyFigure.objects.filter(year=2022, month=6).count() == 2
    assert SESSION_KEY not in client.session
    history = client.get("/enterprises/figures/imports/").content.decode()
    assert "2022年6月.xlsx" in history
    assert (
        AuditEntry.objects.filter(verb="enterprise.figures_import", actor=statistics).count() == 1
    )


def test_upload_with_errors_shows_each_by_row_and_column_and_stages_nothing(statistics, org):
    client = _client(statistics)
    response = _upload(client, fx.simple([[A, "甲", -3, 1], [A[:10], "乙", 1, 1]]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "未写入任何数据" in page
    assert "<td>3</td><td>营业收入(万元)</td>" in page
    assert "<td>4</td><td>统一社会信用代码</td>" in page
    assert SESSION_KEY not in client.session
    assert client.post("/enterprises/figures/import/confirm/").status_code == 302
    assert not Enterprise.objects.exists() and not MonthlyFigure.objects.exists()


def test_a_month_that_contradicts_the_title_is_refused(statistics, org):
    response = _upload(_client(statistics), fx.simple([[A, "甲", 1, 1]]), month="2022-07")
    assert response.status_code == 400 and "不一致" in response.content.decode()


def test_history_query_count_does_not_grow_with_imports(statistics, plan_office, org):
    huoshan = Region.objects.get(code="341525")
    client = _client(plan_office)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/enterprises/figures/imports/").status_code == 200
        return len(ctx)

    FigureImport.objects.create(
        region=huoshan, year=2022, month=1, file_name="a", sha256="x", imported_by=statistics
    )
    few = count()
    for m in range(2, 13):
        FigureImport.objects.create(
            region=huoshan, year=2022, month=m, file_name="b", sha256="y", imported_by=statistics
        )
        MonthlyFigureFactory(month=m)
    assert count() == few


# --------------------------------------------------------------------------- entry form


def _entry_url(enterprise, month="2022-06"):
    return f"/enterprises/{enterprise.pk}/figures/entry/?month={month}"


def test_the_enterprise_files_its_month_audited_and_signalled(
    own_enterprise, enterprise, django_capture_on_commit_callbacks
):
    MonthlyFigure.objects.filter(enterprise=own_enterprise).update(revenue=Decimal("500"))
    heard = []
    register_changed.connect(listener := lambda **kw: heard.append((kw["year"], kw["month"])))
    client = _client(enterprise)
    assert client.get("/enterprises/figures/mine/")["Location"].endswith(
        f"/enterprises/{own_enterprise.pk}/figures/entry/"
    )
    assert client.get(_entry_url(own_enterprise)).status_code == 200
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _entry_url(own_enterprise),
                {"revenue_month": "120", "employees": "88", "profit": "-5"},
            )
    finally:
        register_changed.disconnect(listener)
    assert response.status_code == 302
    june = MonthlyFigure.objects.get(enterprise=own_enterprise, year=2022, month=6)
    assert (june.revenue_month, june.revenue, june.employees) == (
        Decimal("120"),
        Decimal("620"),
        88,
    )
    assert (
        june.profit == Decimal("-5")
        and june.source == "enterprise"
        and june.entered_by == enterprise
    )
    entry = AuditEntry.objects.get(verb="enterprise.figures_save")
    assert entry.actor == enterprise and entry.before is None
    assert entry.after["revenue"] == "620.0000" and entry.parent_id == str(own_enterprise.pk)
    assert heard == [(2022, 6)]


def test_negative_and_falling_cumulative_are_refused_on_their_fields(own_enterprise, enterprise):
    MonthlyFigure.objects.filter(enterprise=own_enterprise).update(revenue=Decimal("500"))
    response = _client(enterprise).post(
        _entry_url(own_enterprise), {"revenue": "400", "tax_month": "-1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "小于上月已报的" in page and "不能为负数" in page
    assert not MonthlyFigure.objects.filter(enterprise=own_enterprise, month=6).exists()
    assert not AuditEntry.objects.filter(verb="enterprise.figures_save").exists()


def test_a_month_not_yet_come_is_refused(own_enterprise, enterprise):
    from django.core.exceptions import ValidationError

    from gongye.enterprises.services.figures import figures_save

    with pytest.raises(ValidationError):
        figures_save(actor=enterprise, enterprise=own_enterprise, year=2099, month=1, values={})


def test_another_enterprises_user_gets_404_the_plan_office_403(
    own_enterprise, other_enterprise, plan_office
):
    from gongye.core.roles import Role
    from tests.conftest import make_user

    other_user = make_user("other_ent", "他企用户", Role.ENTERPRISE, "341525", None)
    EnterpriseAccountFactory(enterprise=other_enterprise, user=other_user)
    client = _client(other_user)
    assert client.get(_entry_url(other_enterprise)).status_code == 200
    assert client.get(_entry_url(own_enterprise)).status_code == 404
    assert client.post(_entry_url(own_enterprise), {"revenue": "1"}).status_code == 404
    assert _client(plan_office).get(_entry_url(own_enterprise)).status_code == 403


def test_the_bureau_corrects_an_enterprises_month(own_enterprise, statistics):
    response = _client(statistics).post(_entry_url(own_enterprise, "2022-05"), {"revenue": "450"})
    assert response.status_code == 302
    may = MonthlyFigure.objects.get(enterprise=own_enterprise, month=5)
    assert (may.revenue, may.source, may.entered_by) == (Decimal("450"), "bureau", statistics)
    entry = AuditEntry.objects.get(verb="enterprise.figures_save")
    assert entry.before["revenue"] == "1000.0000" and entry.after["revenue"] == "450.0000"


# --------------------------------------------------------------------------- growth


def test_growth_against_the_same_month_last_year():
    assert growth(Decimal("110"), Decimal("100")) == Decimal("10.0")
    assert growth(Decimal("-50"), Decimal("-100")) == Decimal("50.0")
    assert growth(Decimal("1"), None) is None and growth(Decimal("1"), 0) is None


def test_series_and_county_totals_carry_year_on_year_growth(org, plan_office):
    first, second = EnterpriseFactory(), EnterpriseFactory()
    for e, last, this in ((first, "100", "120"), (second, "300", "270")):
        MonthlyFigureFactory(enterprise=e, year=2021, month=3, revenue=Decimal(last), employees=10)
        MonthlyFigureFactory(enterprise=e, year=2022, month=3, revenue=Decimal(this), employees=12)
    series = figures_series(first)
    assert [(r.year, r.month) for r in series] == [(2021, 3), (2022, 3)]
    assert series[1].yoy["revenue"] == Decimal("20.0") and series[0].yoy["revenue"] is None
    assert series[1].yoy["employees"] == Decimal("20.0")
    totals = county_totals(plan_office, region=Region.objects.get(code="341525"), year=2022)
    assert [(r.month, r.values["revenue"], r.values["count"]) for r in totals] == [
        (3, Decimal("390"), 2)
    ]
    assert totals[0].yoy["revenue"] == Decimal("-2.5")


# --------------------------------------------------------------------------- API


def test_api_preview_names_errors_and_writes_nothing(statistics, org):
    client = _client(statistics)
    bad = fx.simple([[A, "甲", "abc", 1]])
    response = client.post(
        "/api/v1/enterprises/imports", {"file": SimpleUploadedFile("m.xlsx", bad)}
    )
    assert response.status_code == 200  # a preview: the sheet's errors are its content
    assert response.json()["errors"] == [
        {"row": 3, "column": "营业收入(万元)", "message": "应填写数字，此处为“abc”。"}
    ]
    good = fx.simple([[A, "甲", 5, 1]])
    response = client.post(
        "/api/v1/enterprises/imports",
        {"file": SimpleUploadedFile("m.xlsx", good), "month": "2022-06"},
    )
    assert response.status_code == 200
    assert response.json()["new_enterprises"] == 1 and response.json()["data"][0]["revenue"] == 5
    assert not Enterprise.objects.exists()


def test_api_series_of_an_enterprise(own_enterprise, enterprise):
    MonthlyFigureFactory(enterprise=own_enterprise, year=2021, month=5, revenue=Decimal("800"))
    response = _client(enterprise).get(f"/api/v1/enterprises/{own_enterprise.pk}/figures/series")
    assert response.status_code == 200
    last = response.json()[-1]
    assert (last["year"], last["month"], last["yoy"]["revenue"]) == (2022, 5, "25.0")
