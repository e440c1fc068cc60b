"""The plan's checkpoints (序时节点) stored on the plan: what an import writes, what the pace
rule reads (``Plan.checkpoint_shares``), the plan page's line, and the backfill of plans made
before the field existed."""

from __future__ import annotations

import importlib
from fractions import Fraction

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.test import Client

from gongye.audit.models import AuditEntry
from gongye.plans.models import Plan
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from tests.conftest import SMALL_PLAN

from .helpers import HUOSHAN


def test_the_seed_plan_is_stored_with_sixty_percent_by_june(seed_plan) -> None:
    plan = Plan.objects.get(pk=seed_plan.plan.pk)
    assert plan.checkpoints == {"6": 60}
    assert plan.checkpoint_shares() == {6: Fraction(3, 5)}


def test_a_plan_whose_text_states_none_has_none(small_plan) -> None:
    small_plan.refresh_from_db()
    assert small_plan.checkpoints == {}
    assert small_plan.checkpoint_shares() == {}


def test_a_revision_replaces_the_checkpoints_and_is_audited(org, small_plan) -> None:
    revised = SMALL_PLAN.replace(
        "力争规上工业产值突破200亿元。", "力争规上工业产值突破200亿元，确保时间过半、任务过半。"
    )
    parsed, resolver = plan_document_parse(
        region=org[HUOSHAN], data=revised.encode(), filename="small.txt"
    )
    plan_apply_parsed(
        actor=None, region=org[HUOSHAN], parsed=parsed, resolver=resolver, filename="small.txt"
    )
    small_plan.refresh_from_db()
    assert small_plan.checkpoint_shares() == {6: Fraction(1, 2)}
    entry = AuditEntry.objects.filter(
        verb="update", target_type__endswith="plan", target_id=str(small_plan.pk)
    ).get()
    assert entry.before["checkpoints"] == {} and entry.after["checkpoints"] == {"6": 50}


def test_shares_are_fractions_by_month_in_order() -> None:
    plan = Plan(checkpoints={"9": 75, "3": 30, "6": 62.5})
    assert list(plan.checkpoint_shares().items()) == [
        (3, Fraction(3, 10)),
        (6, Fraction(5, 8)),
        (9, Fraction(3, 4)),
    ]


@pytest.mark.parametrize("bad", [{"13": 50}, {"6": 0}, {"6": 120}, {"六": 60}, [60]])
def test_invalid_checkpoints_are_refused(org, bad) -> None:
    plan = Plan(region=org[HUOSHAN], year=2030, title="测试", checkpoints=bad)
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "checkpoints" in error.value.message_dict


def test_the_plan_page_shows_the_checkpoints(plan_office, seed_plan) -> None:
    client = Client()
    client.force_login(plan_office)
    page = client.get(f"/plans/{seed_plan.plan.pk}/").content.decode()
    assert "序时节点：6月底 60%" in page
    Plan.objects.filter(pk=seed_plan.plan.pk).update(checkpoints={"3": 30, "6": 60})
    page = client.get(f"/plans/{seed_plan.plan.pk}/").content.decode()
    assert "序时节点：3月底 30%、6月底 60%" in page


def test_the_plan_page_says_when_the_plan_states_none(plan_office, org) -> None:
    plan = Plan.objects.create(region=org[HUOSHAN], year=2031, title="无节点计划")
    client = Client()
    client.force_login(plan_office)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "序时节点：未写明（按时间均匀推进）" in page


def test_the_migration_gives_existing_plans_sixty_percent_by_june(org) -> None:
    """Plans made before the field existed were judged by 6月 60%; the migration's data step
    keeps that for every one of them (the schema step runs whenever the test database is made;
    a transactional migration test cannot flush the append-only audit table afterwards)."""
    migration = importlib.import_module("gongye.plans.migrations.0004_plan_checkpoints")
    for year in (2021, 2022):
        Plan.objects.create(region=org[HUOSHAN], year=year, title=f"{year}年旧计划")
    migration.backfill(django_apps, None)
    assert {p.year: p.checkpoints for p in Plan.objects.all()} == {
        2021: {"6": 60},
        2022: {"6": 60},
    }
    assert Plan.objects.get(year=2021).checkpoint_shares() == {6: Fraction(3, 5)}
