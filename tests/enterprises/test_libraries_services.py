"""The libraries' services: default libraries made once, recording and proposing entries (who
may, audit entries, a move each), the register's fields kept in step with the 专精特新 and
listing stages, refusals that write nothing, the bulk decision; and the two formulas against
hand-computed values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.enterprises.computed.registry import FORMULAS
from gongye.enterprises.library_choices import EntryStatus, LibraryKind, LibraryVerb
from gongye.enterprises.models import Library, LibraryEntry
from gongye.enterprises.services.libraries import (
    libraries_ensure,
    library_entries_decide,
    library_entry_add,
    library_entry_step,
)
from gongye.orgs.models import Region
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs(org):
    region = Region.objects.get(code="341525")
    return {lib.kind: lib for lib in libraries_ensure(region=region)}


def test_default_libraries_are_made_once(libs):
    assert len(libs) == 7
    assert libs[LibraryKind.SRDI].stage_codes == [
        "innovative",
        "provincial",
        "little_giant",
        "champion",
    ]
    assert libs[LibraryKind.LISTING].stage_codes[-1] == "listed"
    libs[LibraryKind.GROWTH].name = "改过的名字"
    libs[LibraryKind.GROWTH].save()
    again = libraries_ensure(region=Region.objects.get(code="341525"))
    assert len(again) == 7 and Library.objects.count() == 7
    assert Library.objects.get(kind=LibraryKind.GROWTH).name == "改过的名字"


def test_the_plan_office_records_and_the_register_follows_the_stage(libs, persona, own_enterprise):
    office = persona("plan_office")
    entry = library_entry_add(
        actor=office,
        library=libs[LibraryKind.SRDI],
        enterprise=own_enterprise,
        stage="innovative",
        reason="获评创新型中小企业",
        on=dt.date(2022, 3, 1),
    )
    assert entry.status == EntryStatus.ACTIVE and entry.decided_by == office
    assert entry.entered_on == dt.date(2022, 3, 1)
    record = AuditEntry.objects.get(verb=LibraryVerb.RECORD)
    assert record.target_id == str(entry.pk) and record.actor == office
    sync = AuditEntry.objects.get(verb=LibraryVerb.SYNC)
    assert sync.before == {"srdi_level": ""} and sync.after == {"srdi_level": "innovative"}
    own_enterprise.refresh_from_db()
    assert own_enterprise.srdi_level == "innovative"
    library_entry_step(actor=office, entry=entry, action="move", stage="provincial", reason="获评")
    own_enterprise.refresh_from_db()
    assert own_enterprise.srdi_level == "provincial"
    move = AuditEntry.objects.get(verb=LibraryVerb.MOVE)
    assert move.before["stage"] == "innovative" and move.after["stage"] == "provincial"
    assert [m.action for m in entry.moves.order_by("id")] == ["record", "move"]


def test_listing_stage_follows_the_listing_library(libs, persona, own_enterprise):
    office = persona("plan_office")
    entry = library_entry_add(
        actor=office, library=libs[LibraryKind.LISTING], enterprise=own_enterprise
    )
    own_enterprise.refresh_from_db()
    assert entry.stage == "reserve" and own_enterprise.listing_stage == "reserve"
    library_entry_step(actor=office, entry=entry, action="move", stage="counselling")
    own_enterprise.refresh_from_db()
    assert own_enterprise.listing_stage == "counselling"


def test_a_township_liaison_proposes_and_the_office_confirms(libs, persona, own_enterprise):
    liaison = persona("coop_liaison")  # 衡山镇, the enterprise's township
    with pytest.raises(ValidationError, match="推荐理由"):
        library_entry_add(
            actor=liaison, library=libs[LibraryKind.HIGHTECH], enterprise=own_enterprise
        )
    entry = library_entry_add(
        actor=liaison,
        library=libs[LibraryKind.HIGHTECH],
        enterprise=own_enterprise,
        reason="研发投入占比 5%",
    )
    assert entry.status == EntryStatus.SUGGESTED and entry.suggested_by == liaison
    assert AuditEntry.objects.get(verb=LibraryVerb.PROPOSE).actor == liaison
    with pytest.raises(PermissionDenied):
        library_entry_step(actor=liaison, entry=entry, action="confirm")
    with pytest.raises(ValidationError, match="已有待确认或在库"):
        library_entry_add(
            actor=persona("plan_office"),
            library=libs[LibraryKind.HIGHTECH],
            enterprise=own_enterprise,
        )
    done = library_entry_step(actor=persona("plan_office"), entry=entry, action="confirm")
    assert done.status == EntryStatus.ACTIVE and done.entered_on is not None


@pytest.mark.parametrize("name", ["lead_liaison", "statistics", "county_leader", "enterprise"])
def test_others_may_not_propose(name, libs, persona, own_enterprise):
    with pytest.raises(PermissionDenied):
        library_entry_add(
            actor=persona(name),
            library=libs[LibraryKind.GROWTH],
            enterprise=own_enterprise,
            reason="x",
        )
    assert (
        not LibraryEntry.objects.exists()
        and not AuditEntry.objects.filter(verb__startswith="library.").exists()
    )


def test_dev_zone_liaison_proposes_dev_zone_enterprises(libs, persona, kfq_enterprise):
    entry = library_entry_add(
        actor=persona("lead_liaison"),
        library=libs[LibraryKind.DIGITAL],
        enterprise=kfq_enterprise,
        tags=["cloud", "5g"],
        reason="已上云",
    )
    assert entry.tags == ["cloud", "5g"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"action": "exit"}, "出库原因"),
        ({"action": "move", "stage": "mars"}, "不属于"),
        ({"action": "move", "stage": "innovative"}, "不同"),
        ({"action": "exit", "reason": "x", "on": dt.date(2000, 1, 1)}, "早于"),
        ({"action": "fly"}, "未知"),
    ],
)
def test_wrong_input_writes_nothing(kwargs, message, libs, persona, own_enterprise):
    office = persona("plan_office")
    entry = library_entry_add(
        actor=office, library=libs[LibraryKind.SRDI], enterprise=own_enterprise, stage="innovative"
    )
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=message):
        library_entry_step(actor=office, entry=entry, **kwargs)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACTIVE and entry.stage == "innovative"
    assert AuditEntry.objects.count() == audits and entry.moves.count() == 1


def test_bulk_decisions_are_all_or_nothing(libs, persona):
    office = persona("plan_office")
    rows = []
    for i in range(3):
        e = EnterpriseFactory(name=f"建议{i}")
        rows.append(
            LibraryEntry.objects.create(
                library=libs[LibraryKind.GROWTH], enterprise=e, region=e.region, rule="approaching"
            )
        )
    with pytest.raises(ValidationError):
        library_entries_decide(actor=office, entries=rows, action="dismiss")  # no reason
    assert LibraryEntry.objects.filter(status=EntryStatus.SUGGESTED).count() == 3
    assert library_entries_decide(actor=office, entries=rows, action="confirm") == 3
    assert AuditEntry.objects.filter(verb=LibraryVerb.CONFIRM).count() == 3


# ----- the formulas, against hand-computed values


def test_cloud_enterprises_at_each_month_end(libs, persona):
    office = persona("plan_office")
    digital = libs[LibraryKind.DIGITAL]
    a, b, c, d = (EnterpriseFactory(name=n) for n in "ABCD")
    library_entry_add(
        actor=office, library=digital, enterprise=a, tags=["cloud"], on=dt.date(2022, 1, 5)
    )
    eb = library_entry_add(
        actor=office, library=digital, enterprise=b, tags=["cloud", "5g"], on=dt.date(2022, 2, 10)
    )
    library_entry_add(
        actor=office, library=digital, enterprise=c, tags=["5g"], on=dt.date(2022, 1, 5)
    )
    library_entry_add(
        actor=office, library=digital, enterprise=d, tags=["cloud"], on=dt.date(2022, 4, 1)
    )
    library_entry_step(
        actor=office, entry=eb, action="exit", reason="停产", on=dt.date(2022, 3, 15)
    )
    f = FORMULAS["cloud_enterprises"].compute
    region = Region.objects.get(code="341525")
    # Jan: A; Feb: A, B; Mar: A (B left 3-15); Apr: A, D
    assert [f(region, 2022, m) for m in (1, 2, 3, 4)] == [Decimal(n) for n in (1, 2, 1, 2)]
    assert f(Region.objects.get(code="341522"), 2022, 4) is None  # 金寨: no library yet
    assert FORMULAS["cloud_enterprises"].unit == "家"


def test_new_srdi_counts_entries_into_provincial_or_higher_in_the_year(libs, persona):
    office = persona("plan_office")
    srdi = libs[LibraryKind.SRDI]
    a, b, c, d = (EnterpriseFactory(name=n) for n in "ABCD")
    # A: provincial straight in, March 2022 → counts from March
    library_entry_add(
        actor=office, library=srdi, enterprise=a, stage="provincial", on=dt.date(2022, 3, 1)
    )
    # B: innovative in January, up to 小巨人 in May → counts from May
    eb = library_entry_add(
        actor=office, library=srdi, enterprise=b, stage="innovative", on=dt.date(2022, 1, 1)
    )
    library_entry_step(
        actor=office, entry=eb, action="move", stage="little_giant", on=dt.date(2022, 5, 20)
    )
    # C: provincial in 2021, up to 小巨人 in 2022: was already provincial → not new
    ec = library_entry_add(
        actor=office, library=srdi, enterprise=c, stage="provincial", on=dt.date(2021, 6, 1)
    )
    library_entry_step(
        actor=office, entry=ec, action="move", stage="little_giant", on=dt.date(2022, 4, 1)
    )
    # D: innovative only → never
    library_entry_add(
        actor=office, library=srdi, enterprise=d, stage="innovative", on=dt.date(2022, 2, 1)
    )
    f = FORMULAS["new_srdi"].compute
    region = Region.objects.get(code="341525")
    assert [f(region, 2022, m) for m in (2, 3, 5, 12)] == [Decimal(n) for n in (0, 1, 2, 2)]
    assert f(region, 2021, 12) == Decimal(1)  # C in 2021
    # an exit undone is not a new entry
    library_entry_step(actor=office, entry=ec, action="exit", reason="撤销", on=dt.date(2022, 6, 1))
    library_entry_step(actor=office, entry=ec, action="reinstate", on=dt.date(2022, 7, 1))
    assert f(region, 2022, 12) == Decimal(2)
