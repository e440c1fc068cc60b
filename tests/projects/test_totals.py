"""The monthly investment totals by place (``projects.totals``): after every kind of write —
a return filed, corrected (moving the next month's figure by ``update()``), imported in bulk,
deleted; a project's kind or place changed, a project deleted — the totals equal the returns
summed afresh; a failed import leaves them as they were; a bulk load is put right by
``rebuild`` (the nightly job) and by the migration's fill."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db.models import Q, Sum

from gongye.core.contrib import collect
from gongye.projects import totals
from gongye.projects.choices import INDUSTRIAL_KINDS, ProjectKind, ProjectStage
from gongye.projects.models import ProjectReturn, ReturnTotal
from gongye.projects.services.projects import project_update
from gongye.projects.services.returns import return_file
from gongye.projects.services.returns_import import (
    ReturnRow,
    ReturnSheetInvalid,
    returns_import,
)
from tests.projects.factories import ProjectFactory, ProjectReturnFactory, on

pytestmark = pytest.mark.django_db

D = Decimal
STARTED = {"stage": ProjectStage.BUILDING, "started_on": dt.date(2022, 1, 10)}


@pytest.fixture(autouse=True)
def _july_5th():
    with time_machine.travel(on(2022, 7, 5), tick=False):
        yield


def afresh() -> dict[tuple, tuple[Decimal, Decimal]]:
    """The returns of industrial projects summed by county, place and month, straight."""
    rows = (
        ProjectReturn.objects.filter(project__kind__in=INDUSTRIAL_KINDS)
        .values("region_id", "project__location_id", "year", "month")
        .order_by()
        .annotate(
            i=Sum("investment_month"),
            u=Sum("investment_month", filter=Q(project__kind=ProjectKind.UPGRADE)),
        )
    )
    return {
        (r["region_id"], r["project__location_id"], r["year"], r["month"]): (r["i"], r["u"] or 0)
        for r in rows
    }


def kept() -> dict[tuple, tuple[Decimal, Decimal]]:
    return {
        (t.region_id, t.location_id, t.year, t.month): (t.industrial, t.upgrade)
        for t in ReturnTotal.objects.all()
    }


@pytest.fixture
def world(unit):
    kfq, hs = unit("开发区"), unit("衡山镇")
    return {
        "kfq": kfq,
        "hs": hs,
        "new": ProjectFactory(name="新建一期", location=kfq, **STARTED),
        "upgrade": ProjectFactory(
            name="技改一期", location=kfq, kind=ProjectKind.UPGRADE, **STARTED
        ),
        "town": ProjectFactory(name="镇上技改", location=hs, kind=ProjectKind.UPGRADE, **STARTED),
        "road": ProjectFactory(
            name="园区道路", location=kfq, kind=ProjectKind.INFRASTRUCTURE, **STARTED
        ),
    }


def file(who, project, month, this_month, total):
    return return_file(
        actor=who,
        project=project,
        year=2022,
        month=month,
        investment_month=this_month,
        investment_total=total,
        progress="主体施工",
    )


def test_filed_returns_are_summed_by_place_and_month(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    file(plan_office, world["upgrade"], 5, "40", "40")
    file(plan_office, world["town"], 5, "7.5", "7.5")
    file(plan_office, world["road"], 5, "900", "900")  # 基础设施: in neither
    file(plan_office, world["new"], 6, "30", "130")
    region = world["new"].region_id
    kfq, hs = world["kfq"].pk, world["hs"].pk
    # by hand: 开发区 May 100 + 40 (技改 40); 衡山镇 May 7.5 (技改 7.5); 开发区 June 30
    assert kept() == {
        (region, kfq, 2022, 5): (D("140"), D("40")),
        (region, hs, 2022, 5): (D("7.5"), D("7.5")),
        (region, kfq, 2022, 6): (D("30"), D("0")),
    }
    assert kept() == afresh()


def test_a_corrected_cumulative_moves_next_months_total_too(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    file(plan_office, world["new"], 6, "30", "130")
    # May's cumulative corrected to 120: May's month is 120, June's becomes 130 − 120 = 10
    file(plan_office, world["new"], 5, "120", "120")
    region, kfq = world["new"].region_id, world["kfq"].pk
    assert kept()[(region, kfq, 2022, 5)] == (D("120"), D("0"))
    assert kept()[(region, kfq, 2022, 6)] == (D("10"), D("0"))
    assert kept() == afresh()


def test_a_project_moved_to_another_place_or_kind_moves_its_totals(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    file(plan_office, world["upgrade"], 5, "40", "40")
    region, kfq, hs = world["new"].region_id, world["kfq"].pk, world["hs"].pk
    project_update(actor=plan_office, project=world["new"], facts={"location": world["hs"]})
    assert kept() == {
        (region, kfq, 2022, 5): (D("40"), D("40")),
        (region, hs, 2022, 5): (D("100"), D("0")),
    }
    project_update(actor=plan_office, project=world["new"], facts={"kind": ProjectKind.UPGRADE})
    assert kept()[(region, hs, 2022, 5)] == (D("100"), D("100"))
    project_update(
        actor=plan_office, project=world["upgrade"], facts={"kind": ProjectKind.INFRASTRUCTURE}
    )
    assert (region, kfq, 2022, 5) not in kept()
    assert kept() == afresh()


def test_deleted_returns_and_projects_leave_the_totals(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    june = file(plan_office, world["new"], 6, "30", "130")
    file(plan_office, world["upgrade"], 5, "40", "40")
    june.delete()
    assert kept() == afresh()
    world["upgrade"].delete()
    region, kfq = world["new"].region_id, world["kfq"].pk
    assert kept() == {(region, kfq, 2022, 5): (D("100"), D("0"))}


def test_an_import_recomputes_each_county_month_once(world, plan_office, monkeypatch):
    calls = []
    real = totals.refresh
    monkeypatch.setattr(totals, "refresh", lambda *a: calls.append(a) or real(*a))
    rows = [
        ReturnRow(4 + i, p.pk, D(m), D(m), "主体施工")
        for i, (p, m) in enumerate(
            [(world["new"], "10"), (world["upgrade"], "20"), (world["town"], "5")]
        )
    ]
    returns_import(actor=plan_office, year=2022, month=6, rows=rows)
    assert calls == [(world["new"].region_id, 2022, 6)]
    assert kept() == afresh()
    assert sum(i for i, _u in kept().values()) == D("35")


def test_a_refused_import_leaves_the_totals_as_they_were(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    before = kept()
    rows = [
        ReturnRow(4, world["upgrade"].pk, D("20"), D("20"), "主体施工"),
        # falling cumulative (100 in May, 50 in June): refused, so the whole sheet is
        ReturnRow(5, world["new"].pk, D("1"), D("50"), "主体施工"),
    ]
    with pytest.raises(ReturnSheetInvalid):
        returns_import(actor=plan_office, year=2022, month=6, rows=rows)
    assert kept() == before


def test_bulk_loads_are_put_right_by_rebuild_and_the_nightly_job(world, plan_office):
    ProjectReturn.objects.bulk_create(
        [
            ProjectReturnFactory.build(project=world["upgrade"], month=m, filed_by=plan_office)
            for m in (3, 4)
        ]
    )
    assert kept() == {}  # ``bulk_create`` sent no signal
    assert totals.rebuild() == 2
    assert kept() == afresh()
    jobs = {job.name: job for _app, job in collect("schedules")}
    assert jobs["projects.totals"].func == "gongye.projects.totals.rebuild_nightly"
    ReturnTotal.objects.update(industrial=D("1"))  # around the signals: wrong until the night
    totals.rebuild_nightly()
    assert kept() == afresh()


def test_the_migration_fills_the_totals_of_returns_already_filed(world, plan_office):
    file(plan_office, world["new"], 5, "100", "100")
    file(plan_office, world["town"], 5, "7.5", "7.5")
    expected = kept()
    ReturnTotal.objects.all().delete()
    migration = importlib.import_module("gongye.projects.migrations.0002_return_totals")
    migration.fill(django_apps, None)
    assert kept() == expected
