"""The libraries' pages: the overview's counts, a library's members with its criteria and
filters, an entry's history and the steps offered (asked of the workflow kit), the suggestions
queue one by one and several at once, the propose/record form, the settings, the enterprise
page's section; list pages in a number of queries that does not grow with the data; junk input
never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.enterprises.library_choices import EntryStatus, LibraryKind
from gongye.enterprises.library_demo import libraries_demo_load
from gongye.enterprises.models import Library, LibraryEntry
from gongye.enterprises.selectors.libraries import libraries_for_enterprise
from gongye.enterprises.services.libraries import libraries_ensure, library_entry_add
from gongye.orgs.models import Region
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def libs(org):
    return {lib.kind: lib for lib in libraries_ensure(region=Region.objects.get(code="341525"))}


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(libs, office, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        e = EnterpriseFactory(name=f"企业{i:03d}")
        library_entry_add(
            actor=office, library=libs[LibraryKind.SRDI], enterprise=e, stage="provincial"
        )
        LibraryEntry.objects.create(
            library=libs[LibraryKind.GROWTH], enterprise=e, region=e.region, rule="approaching"
        )


def test_list_pages_query_counts_are_flat(libs, persona):
    office = persona("plan_office")
    client = _client(office)
    urls = [
        "/enterprises/libraries/",
        f"/enterprises/libraries/{libs[LibraryKind.SRDI].pk}/",
        "/enterprises/libraries/suggestions/",
    ]
    _fill(libs, office, 2)
    small = [_queries(client, u) for u in urls]
    _fill(libs, office, 25, start=2)
    large = [_queries(client, u) for u in urls]
    assert large == small


def test_overview_counts_per_stage(libs, persona, own_enterprise):
    office = persona("plan_office")
    library_entry_add(
        actor=office, library=libs[LibraryKind.SRDI], enterprise=own_enterprise, stage="provincial"
    )
    page = _client(office).get("/enterprises/libraries/").content.decode()
    assert 'data-stage="provincial">1<' in page
    assert "专精特新梯度培育库" in page


def test_members_show_criteria_and_filter(libs, persona, own_enterprise, kfq_enterprise):
    office = persona("plan_office")
    srdi = libs[LibraryKind.SRDI]
    library_entry_add(actor=office, library=srdi, enterprise=own_enterprise, stage="provincial")
    library_entry_add(actor=office, library=srdi, enterprise=kfq_enterprise, stage="innovative")
    client = _client(office)
    page = client.get(f"/enterprises/libraries/{srdi.pk}/").content.decode()
    assert srdi.criteria[:10] in page and "衡山精工" in page and "开发区智造" in page
    page = client.get(
        f"/enterprises/libraries/{srdi.pk}/", {"stage": "provincial"}
    ).content.decode()
    assert "衡山精工" in page and "开发区智造" not in page
    # the township's liaison sees its own enterprise only
    page = (
        _client(persona("coop_liaison")).get(f"/enterprises/libraries/{srdi.pk}/").content.decode()
    )
    assert "衡山精工" in page and "开发区智造" not in page
    # junk filters and pages are not errors
    for junk in ({"stage": "x" * 500}, {"status": "nope"}, {"page": "9" * 40}, {"q": "%00"}):
        assert client.get(f"/enterprises/libraries/{srdi.pk}/", junk).status_code == 200


def test_entry_page_offers_the_steps_the_person_may_take(libs, persona, own_enterprise):
    office = persona("plan_office")
    entry = library_entry_add(
        actor=office,
        library=libs[LibraryKind.DIFFICULT],
        enterprise=own_enterprise,
        stage="diagnose",
    )
    page = _client(office).get(f"/enterprises/libraries/entries/{entry.pk}/").content.decode()
    assert 'data-action="move"' in page and 'data-action="exit"' in page
    assert 'data-action="dispose"' in page and 'data-action="recover"' not in page  # not 巩固 yet
    page = (
        _client(persona("coop_liaison"))
        .get(f"/enterprises/libraries/entries/{entry.pk}/")
        .content.decode()
    )
    assert "data-action=" not in page.split('id="history"')[0]
    # steps through the page: move to 巩固, recover; the history shows both
    client = _client(office)
    r = client.post(f"/enterprises/libraries/entries/{entry.pk}/move/", {"stage": "consolidate"})
    assert r.status_code == 302
    client.post(f"/enterprises/libraries/entries/{entry.pk}/recover/", {"reason": "恢复生产"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECOVERED
    page = client.get(f"/enterprises/libraries/entries/{entry.pk}/").content.decode()
    assert "确认脱困" in page and "恢复生产" in page and 'data-action="reinstate"' in page
    # a wrong step or bad input is a message, not an error
    r = client.post(f"/enterprises/libraries/entries/{entry.pk}/fly/", follow=True)
    assert r.status_code == 200
    r = client.post(
        f"/enterprises/libraries/entries/{entry.pk}/dispose/", {"method": "x"}, follow=True
    )
    assert r.status_code == 200
    entry.refresh_from_db()
    assert entry.status == EntryStatus.RECOVERED


def test_suggestions_queue_one_and_several(libs, persona):
    office = persona("plan_office")
    rows = []
    for i in range(3):
        e = EnterpriseFactory(name=f"建议企业{i}")
        rows.append(
            LibraryEntry.objects.create(
                library=libs[LibraryKind.GROWTH],
                enterprise=e,
                region=e.region,
                rule="approaching",
                reason="折合全年 1800 万元",
            )
        )
    client = _client(office)
    page = client.get("/enterprises/libraries/suggestions/").content.decode()
    assert all(f"建议企业{i}" in page for i in range(3))
    r = client.post(
        f"/enterprises/libraries/entries/{rows[0].pk}/confirm/", {"next": "suggestions"}
    )
    assert r["Location"].endswith("/enterprises/libraries/suggestions/")
    client.post(
        "/enterprises/libraries/suggestions/",
        {
            "action": "dismiss",
            "entries": [rows[1].pk, rows[2].pk, "junk", "9" * 40],
            "reason": "非工业",
        },
    )
    statuses = [LibraryEntry.objects.get(pk=r.pk).status for r in rows]
    assert statuses == [EntryStatus.ACTIVE, EntryStatus.DISMISSED, EntryStatus.DISMISSED]
    r = client.post("/enterprises/libraries/suggestions/", {"action": "explode"}, follow=True)
    assert r.status_code == 200


def test_propose_and_record_form(libs, persona, own_enterprise, other_enterprise):
    growth = libs[LibraryKind.GROWTH]
    liaison = _client(persona("coop_liaison"))
    page = liaison.get("/enterprises/libraries/entries/new/", {"enterprise": own_enterprise.pk})
    assert own_enterprise.credit_code in page.content.decode()
    r = liaison.post(
        "/enterprises/libraries/entries/new/",
        {"library": growth.pk, "enterprise": own_enterprise.credit_code, "reason": "订单增长快"},
    )
    assert r.status_code == 302
    entry = LibraryEntry.objects.get(enterprise=own_enterprise)
    assert entry.status == EntryStatus.SUGGESTED
    # another township's enterprise cannot be found by this liaison
    r = liaison.post(
        "/enterprises/libraries/entries/new/",
        {"library": growth.pk, "enterprise": other_enterprise.name, "reason": "x"},
    )
    assert r.status_code == 200 and "未找到该企业" in r.content.decode()
    office = _client(persona("plan_office"))
    r = office.post(
        "/enterprises/libraries/entries/new/",
        {
            "library": libs[LibraryKind.SRDI].pk,
            "enterprise": other_enterprise.name,
            "stage": "provincial",
            "on": "2022-04-01",
        },
    )
    assert r.status_code == 302
    other_enterprise.refresh_from_db()
    assert other_enterprise.srdi_level == "provincial"
    r = office.post("/enterprises/libraries/entries/new/", {"library": "junk", "enterprise": ""})
    assert r.status_code == 200


def test_settings_page(libs, persona):
    growth = libs[LibraryKind.GROWTH]
    client = _client(persona("plan_office"))
    assert (
        "营业收入下限" in client.get(f"/enterprises/libraries/{growth.pk}/edit/").content.decode()
    )
    r = client.post(
        f"/enterprises/libraries/{growth.pk}/edit/",
        {
            "name": "成长性企业",
            "criteria": "新标准",
            "suggests": "on",
            "setting_lower": "1600",
            "setting_upper": "2000",
        },
    )
    assert r.status_code == 302
    growth.refresh_from_db()
    assert growth.settings == {"lower": 1600, "upper": 2000} and growth.criteria == "新标准"
    r = client.post(
        f"/enterprises/libraries/{growth.pk}/edit/",
        {"name": "x", "setting_lower": "3000", "setting_upper": "2000"},
    )
    assert r.status_code == 200 and "下限应小于上限" in r.content.decode()


def test_enterprise_section_hides_pending_from_the_enterprise(libs, persona, own_enterprise):
    office = persona("plan_office")
    library_entry_add(
        actor=office, library=libs[LibraryKind.SRDI], enterprise=own_enterprise, stage="provincial"
    )
    LibraryEntry.objects.create(
        library=libs[LibraryKind.DIFFICULT], enterprise=own_enterprise, region=own_enterprise.region
    )
    assert len(libraries_for_enterprise(office, own_enterprise)) == 2
    mine = libraries_for_enterprise(persona("enterprise"), own_enterprise)
    assert [e.library.kind for e in mine] == [LibraryKind.SRDI]
    html = render_to_string("enterprises/_libraries_section.html", {"library_entries": mine})
    assert "专精特新梯度培育库" in html and "省级专精特新" in html
    assert "未进入任何培育库" in render_to_string("enterprises/_libraries_section.html", {})


def test_demo_loads_entries_in_every_state_once(libs):
    assert libraries_demo_load() == ""  # no demo enterprises: nothing
    for i in range(20):
        EnterpriseFactory(name=f"演示企业{i}", is_demo=True)
    assert "16" in libraries_demo_load()
    statuses = set(LibraryEntry.objects.values_list("status", flat=True))
    assert statuses == set(EntryStatus.values)
    assert libraries_demo_load() == ""
    assert LibraryEntry.objects.count() == 16
    assert Library.objects.filter(region__code="341525").count() == 7
    dates = set(LibraryEntry.objects.exclude(entered_on=None).values_list("entered_on", flat=True))
    assert all(isinstance(d, dt.date) for d in dates)


def test_the_enterprise_user_reads_its_entry_without_links_it_may_not_follow(
    libs, persona, own_enterprise
):
    entry = library_entry_add(
        actor=persona("plan_office"),
        library=libs[LibraryKind.SRDI],
        enterprise=own_enterprise,
        stage="provincial",
    )
    page = _client(persona("enterprise")).get(f"/enterprises/libraries/entries/{entry.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "省级专精特新" in html
    assert "/enterprises/libraries/" + str(libs[LibraryKind.SRDI].pk) not in html
    assert "data-action=" not in html.split('id="history"')[0]


def test_digital_members_show_their_tags_by_name_and_filter_by_tag(
    libs, persona, kfq_enterprise, own_enterprise
):
    office = persona("plan_office")
    digital = libs[LibraryKind.DIGITAL]
    library_entry_add(actor=office, library=digital, enterprise=kfq_enterprise, tags=["cloud"])
    library_entry_add(
        actor=office, library=digital, enterprise=own_enterprise, tags=["smart_factory"]
    )
    client = _client(office)
    html = client.get(f"/enterprises/libraries/{digital.pk}/").content.decode()
    assert "上云用数" in html and "智能工厂" in html
    html = client.get(f"/enterprises/libraries/{digital.pk}/", {"tag": "cloud"}).content.decode()
    assert "开发区智造" in html and "衡山精工" not in html
