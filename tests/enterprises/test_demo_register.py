"""The register's demo (issue 12, item 9): loads fast, twice without duplicating; valid codes;
the plan's named enterprises and chains; three years of consistent monthly figures, marked
demo; the demo enterprise user linked; and the plan's recognisable targets computed."""

from __future__ import annotations

import time
from collections import Counter
from decimal import Decimal

import pytest

from gongye.accounts.demo import load_demo_accounts
from gongye.enterprises import credit_code
from gongye.enterprises.choices import FigureSource, Ownership, Scale
from gongye.enterprises.demo import computed_demo_load, enterprises_demo_load
from gongye.enterprises.demo_data import CHAINS, NAMED
from gongye.enterprises.models import (
    ComputedTarget,
    Enterprise,
    EnterpriseAccount,
    IndustryChain,
    MonthlyFigure,
)
from gongye.indicators.choices import ObservationSource
from gongye.indicators.demo import indicators_demo_load
from gongye.indicators.models import Observation
from gongye.orgs.choices import UnitKind
from gongye.plans.demo import load_seed_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(org, settings):
    settings.DEMO_MODE = True
    load_demo_accounts()
    load_seed_plan()
    indicators_demo_load(None)
    started = time.monotonic()
    note = enterprises_demo_load(None)
    computed = computed_demo_load(None)
    return {
        "note": note,
        "computed": computed,
        "seconds": time.monotonic() - started,
        "region": org["341525"],
    }


def test_it_loads_in_a_few_seconds_and_says_what_it_added(loaded):
    assert loaded["seconds"] < 15  # about 2 s on an idle machine; CI shares its cores
    assert loaded["note"].startswith("企业库演示数据：产业链 5 条")
    assert loaded["computed"].startswith("由系统计算的目标")


def test_loading_twice_adds_nothing(loaded):
    counts = (
        Enterprise.objects.count(),
        MonthlyFigure.objects.count(),
        ComputedTarget.objects.count(),
    )
    assert enterprises_demo_load(None) == "企业库演示数据已存在，未作改动。"
    assert computed_demo_load(None) == ""
    assert counts == (
        Enterprise.objects.count(),
        MonthlyFigure.objects.count(),
        ComputedTarget.objects.count(),
    )
    assert IndustryChain.objects.count() == len(CHAINS)


def test_the_enterprises_are_plausible(loaded):
    enterprises = list(Enterprise.objects.filter(region=loaded["region"]))
    assert 300 <= len(enterprises) <= 500
    assert all(e.is_demo for e in enterprises)
    assert all(credit_code.problem(e.credit_code) is None for e in enterprises)
    assert all(e.credit_code[2:8] == "341525" for e in enterprises)
    assert len({e.credit_code for e in enterprises}) == len(enterprises)
    assert len({e.name for e in enterprises}) == len(enterprises)
    individuals = [e for e in enterprises if e.ownership == Ownership.INDIVIDUAL]
    assert individuals and all(
        credit_code.kind_of(e.credit_code).endswith("个体工商户") or e.credit_code[1] == "2"
        for e in individuals
    )
    # every named enterprise, located in the county's townships and zones
    names = {e.name for e in enterprises}
    assert {n[0] for n in NAMED} <= names
    assert all(
        e.township and e.township.kind in (UnitKind.TOWNSHIP, UnitKind.DEV_ZONE)
        for e in enterprises
    )
    assert all(e.in_dev_zone == (e.township.kind == UnitKind.DEV_ZONE) for e in enterprises)
    above = [e for e in enterprises if e.scale == Scale.ABOVE]
    assert 120 <= len(above) <= 220 and all(e.above_scale_since for e in above)
    assert sum(1 for e in enterprises if e.srdi_level) >= 15
    assert sum(1 for e in enterprises if e.listing_stage) >= 5
    assert sum(1 for e in enterprises if e.paired_leader_id) >= 10
    assert sum(1 for e in enterprises if e.hightech_cert_date) >= 55
    assert set(Counter(e.chain.name for e in enterprises if e.chain)) == {c[0] for c in CHAINS}
    assert IndustryChain.objects.filter(is_leading=True).count() == 3


def test_three_years_of_consistent_monthly_figures(loaded):
    figures = MonthlyFigure.objects.filter(region=loaded["region"])
    assert set(figures.values_list("year", flat=True)) == {2020, 2021, 2022}
    assert set(figures.values_list("source", flat=True)) == {FigureSource.DEMO}
    # 本年累计 is the running sum of 本月, for every enterprise and year
    by_key = {(f.enterprise_id, f.year, f.month): f for f in figures}
    for (enterprise_id, year, month), f in list(by_key.items())[:600]:
        before = by_key.get((enterprise_id, year, month - 1))
        expected = (before.output_value if before else Decimal(0)) + f.output_value_month
        assert f.output_value == expected
        assert f.revenue >= f.revenue_month > 0
    # the county's 规上 output of the plan's year is of the plan's order (200亿元 aimed at)
    from gongye.enterprises.services.computed import formulas_loaded

    total = formulas_loaded()["above_scale_output"].compute(loaded["region"], 2022, 12)
    assert Decimal(1_200_000) < total < Decimal(2_600_000)
    growth = formulas_loaded()["above_scale_output_growth"].compute(loaded["region"], 2022, 12)
    assert Decimal(0) < growth < Decimal(25)


def test_the_demo_enterprise_user_is_linked(loaded):
    account = EnterpriseAccount.objects.get(user__username="qiye")
    assert account.enterprise.is_demo


def test_the_plans_recognisable_targets_are_computed(loaded):
    marked = dict(
        ComputedTarget.objects.filter(target__plan__region=loaded["region"]).values_list(
            "target__name", "formula"
        )
    )
    assert marked["规上工业产值"] == "above_scale_output"
    assert marked["新增规上工业企业"] == "new_above_scale"
    assert marked["全县有效高企"] == "hightech_valid"
    assert marked["规上工业增加值增长"] == "above_scale_value_added_growth"
    assert marked["三大主导产业营业收入占比"] == "leading_chain_share"
    assert marked["新增十亿元企业"] == "new_revenue_over"
    # their figures are the register's, demo, and replaced the indicators' made-up ones
    for name in ("规上工业产值", "新增规上工业企业"):
        observations = Observation.objects.filter(
            target__name=name,
            target__plan__region=loaded["region"],
            year=2022,
            part_unit__isnull=True,
        )
        assert observations.count() == 12
        assert {o.source for o in observations} == {ObservationSource.REGISTER}
        assert all(o.is_demo for o in observations)
    assert (
        Observation.objects.get(
            target__name="新增规上工业企业",
            target__plan__region=loaded["region"],
            month=12,
            part_unit__isnull=True,
        ).value
        == 16
    )
