"""Suggestions computed from the register, with a controlled clock (``today=``): each rule on
both sides of its thresholds, idempotence, a dismissal not repeated for the same reason in the
same year (but again the next), the thresholds taken from the library's settings, and the
nightly job."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongye.audit.models import AuditEntry
from gongye.enterprises.choices import Scale
from gongye.enterprises.library_choices import EntryStatus, LibraryKind, LibraryVerb
from gongye.enterprises.models import Library, LibraryEntry
from gongye.enterprises.services.libraries import library_configure, library_entry_step
from gongye.enterprises.services.library_suggestions import (
    library_suggestions_nightly,
    library_suggestions_recompute,
)
from gongye.orgs.models import Region
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 6, 15)


@pytest.fixture
def huoshan(org):
    return Region.objects.get(code="341525")


def _below(name: str, revenue: str, month: int = 5, year: int = 2022, **kw):
    e = EnterpriseFactory(name=name, scale=Scale.BELOW, **kw)
    MonthlyFigureFactory(enterprise=e, year=year, month=month, revenue=Decimal(revenue))
    return e


def _suggested(kind: str) -> dict[str, LibraryEntry]:
    rows = LibraryEntry.objects.filter(library__kind=kind, status=EntryStatus.SUGGESTED)
    return {e.enterprise.name: e for e in rows.select_related("enterprise")}


def test_revenue_rules_annualise_the_latest_cumulative_figure(huoshan):
    # May's 本年累计 × 12 / 5: 625 → 1500 (growth), 833.33 → 2000 (candidate), 620 → 1488
    _below("恰好1500", "625")
    _below("接近规上", "800")
    _below("不足1500", "620")
    _below("达到2000", "833.34")
    # June's figure is after today's month? no: month 6 ≤ 6, it is the latest
    e = _below("六月才到", "600", month=5)
    MonthlyFigureFactory(enterprise=e, year=2022, month=6, revenue=Decimal("1000"))  # → 2000
    _below("去年的数", "1800", month=12, year=2021)  # last year's December: 1800 → growth
    EnterpriseFactory(name="规上企业", scale=Scale.ABOVE)
    added = library_suggestions_recompute(region=huoshan, today=TODAY)
    growth = _suggested(LibraryKind.GROWTH)
    assert set(growth) == {"恰好1500", "接近规上", "去年的数"}
    assert "1920.00" in growth["接近规上"].reason
    candidates = _suggested(LibraryKind.SCALE_UP)
    assert set(candidates) == {"达到2000", "六月才到"}
    assert {e.stage for e in candidates.values()} == {"candidate"}
    assert added == 5
    assert AuditEntry.objects.filter(verb=LibraryVerb.SUGGEST).count() == 5


def test_new_above_scale_this_year(huoshan):
    EnterpriseFactory(name="今年纳规", scale=Scale.ABOVE, above_scale_since=dt.date(2022, 3, 1))
    EnterpriseFactory(name="去年纳规", scale=Scale.ABOVE, above_scale_since=dt.date(2021, 12, 1))
    EnterpriseFactory(name="下月纳规", scale=Scale.ABOVE, above_scale_since=dt.date(2022, 7, 1))
    library_suggestions_recompute(region=huoshan, today=TODAY)
    new = _suggested(LibraryKind.SCALE_UP)
    assert set(new) == {"今年纳规"}
    assert new["今年纳规"].stage == "new_above"


def test_hightech_certificates_expiring_within_the_months_set(huoshan):
    # valid three years: issued 2019-07-01 → until 2022-07-01 (within 6 months of 2022-06-15)
    EnterpriseFactory(name="将到期", hightech_cert_date=dt.date(2019, 7, 1))
    EnterpriseFactory(name="年底到期", hightech_cert_date=dt.date(2019, 12, 15))  # until 12-15
    EnterpriseFactory(name="明年到期", hightech_cert_date=dt.date(2020, 1, 20))
    EnterpriseFactory(name="已过期", hightech_cert_date=dt.date(2019, 6, 1))
    library_suggestions_recompute(region=huoshan, today=TODAY)
    due = _suggested(LibraryKind.HIGHTECH)
    assert set(due) == {"将到期", "年底到期"}
    assert due["将到期"].stage == "recertify"
    assert "2022-07-01" in due["将到期"].reason
    # three months only: the December one is no longer due
    library = Library.objects.get(region=huoshan, kind=LibraryKind.HIGHTECH)
    LibraryEntry.objects.filter(library=library).delete()
    library.settings = {"months": 3}
    library.save()
    library_suggestions_recompute(region=huoshan, today=TODAY)
    assert set(_suggested(LibraryKind.HIGHTECH)) == {"将到期"}


def test_srdi_registered_tiers_and_hightech_route(huoshan):
    EnterpriseFactory(name="登记省级", srdi_level="provincial")
    EnterpriseFactory(name="有效高企", hightech_cert_date=dt.date(2021, 3, 1))
    EnterpriseFactory(name="过期高企", hightech_cert_date=dt.date(2018, 3, 1))
    library_suggestions_recompute(region=huoshan, today=TODAY)
    srdi = _suggested(LibraryKind.SRDI)
    assert set(srdi) == {"登记省级", "有效高企"}
    assert srdi["登记省级"].stage == "provincial"
    assert srdi["有效高企"].stage == "innovative"


def test_recompute_is_idempotent_and_dismissals_hold_for_the_year(huoshan, persona):
    _below("接近规上", "800")
    assert library_suggestions_recompute(region=huoshan, today=TODAY) == 1
    assert library_suggestions_recompute(region=huoshan, today=TODAY) == 0
    entry = LibraryEntry.objects.get(enterprise__name="接近规上")
    library_entry_step(actor=persona("plan_office"), entry=entry, action="dismiss", reason="非工业")
    assert library_suggestions_recompute(region=huoshan, today=dt.date(2022, 9, 1)) == 0
    assert LibraryEntry.objects.filter(enterprise__name="接近规上").count() == 1
    # next year, with next year's figures, the rule may suggest it again
    e = entry.enterprise
    MonthlyFigureFactory(enterprise=e, year=2023, month=2, revenue=Decimal("300"))  # → 1800
    assert library_suggestions_recompute(region=huoshan, today=dt.date(2023, 3, 1)) == 1
    assert LibraryEntry.objects.filter(enterprise=e, status=EntryStatus.SUGGESTED).count() == 1


def test_thresholds_come_from_the_library_settings(huoshan, persona):
    _below("一千二", "500")  # → 1200
    library_suggestions_recompute(region=huoshan, today=TODAY)
    assert not _suggested(LibraryKind.GROWTH)
    library = Library.objects.get(region=huoshan, kind=LibraryKind.GROWTH)
    library_configure(
        actor=persona("plan_office"),
        library=library,
        name=library.name,
        criteria="新的标准",
        suggests=True,
        settings={"lower": 1000},
    )
    assert AuditEntry.objects.filter(verb=LibraryVerb.CONFIGURE).latest("id").after["settings"] == {
        "lower": 1000,
        "upper": 2000,
    }
    library_suggestions_recompute(region=huoshan, today=TODAY)
    assert set(_suggested(LibraryKind.GROWTH)) == {"一千二"}


def test_a_library_not_suggesting_gets_nothing(huoshan, persona):
    _below("接近规上", "800")
    library_suggestions_recompute(region=huoshan, today=dt.date(2022, 1, 1))  # makes libraries
    library = Library.objects.get(region=huoshan, kind=LibraryKind.GROWTH)
    library.suggests = False
    library.save()
    assert library_suggestions_recompute(region=huoshan, today=TODAY) == 0


def test_the_nightly_job_covers_every_region_with_enterprises(huoshan):
    from django.utils import timezone

    today = timezone.localdate()
    _below("纳规候选", "2500", month=today.month, year=today.year)  # ≥ 2500 a year
    message = library_suggestions_nightly()
    assert "1 added" in message
    assert Library.objects.filter(region=huoshan).count() == 7
