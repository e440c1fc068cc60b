"""The plan's targets computed from the project register (issue 13 item 6): each formula month
by month against ``statistics_world``'s hand-computed figures, which targets each measures (by
meaning, not one plan's wording), the plan's targets marked and computed through the
enterprise register's service, and a change of projects or returns queuing the recompute."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from gongye.core.computed import FORMULAS
from gongye.enterprises.computed import jobs
from gongye.enterprises.models import ComputedTarget
from gongye.enterprises.services.computed import computed_target_set
from gongye.enterprises.signals import register_changed
from gongye.indicators.choices import ObservationSource
from gongye.indicators.models import Observation
from gongye.plans.models import Target
from gongye.projects.computed.targets import formula_for, project_targets_mark, size_line
from tests.projects.statistics_world import filed, small_world

pytestmark = pytest.mark.django_db

MONTHS = list(range(1, 13))


@pytest.fixture
def world(persona):
    return small_world(persona("plan_office"))


@pytest.fixture
def huoshan(org):
    return org["341525"]


def _months(key, region, **params):
    formula = FORMULAS[key]
    full = {p.key: Decimal(params.get(p.key, p.default)) for p in formula.params}
    return formula.months(region, 2022, MONTHS, full)


def _d(*values):
    return dict(zip(MONTHS, [None if v is None else Decimal(str(v)) for v in values], strict=True))


def test_large_projects_started_month_by_month(world, huoshan):
    # A in March, B on 30 June, C in July; E under the line, D 基础设施, F given up
    assert _months("projects_large_started", huoshan) == _d(0, 0, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3)
    # a line of 8000 万元 (亿元以上 would be 10000): only A
    assert _months("projects_large_started", huoshan, line=8000) == _d(0, 0, *[1] * 10)


def test_upgrade_projects_completed_month_by_month(world, huoshan):
    # U1 in February, U2 on 1 June; U3 is under 500, U4 is not 技改
    assert _months("projects_upgrade_completed", huoshan) == _d(0, 1, 1, 1, 1, *[2] * 7)


def test_investment_and_its_growth_month_by_month(world, huoshan):
    assert _months("projects_industrial_investment", huoshan) == _d(
        40, 100, 200, 425, 425, 775, *[1774] * 6
    )
    # 2021: nothing before March (no growth), 30, 30, 530, 620, then 1320 from July
    assert _months("projects_industrial_investment_growth", huoshan) == _d(
        None, None, "566.67", "1316.67", "-19.81", "25.00", *["34.39"] * 6
    )
    assert _months("projects_upgrade_investment", huoshan) == _d(
        40, 100, 100, 125, 125, 125, *[125] * 6
    )
    # 技改 2021: 30 from March, 50 from June
    assert _months("projects_upgrade_investment_growth", huoshan) == _d(
        None, None, "233.33", "316.67", "316.67", "150.00", *["150.00"] * 6
    )
    # 125 of 775 in June
    assert _months("projects_upgrade_share", huoshan)[6] == Decimal("16.13")


def test_new_above_scale_through_projects_month_by_month(world, huoshan):
    assert _months("projects_scaled", huoshan) == _d(0, 1, 1, 1, 1, 1, *[2] * 6)


def test_a_region_without_projects_has_nothing_to_compute(world, org):
    jinan = org["341502"]
    for key in ("projects_large_started", "projects_industrial_investment", "projects_scaled"):
        assert _months(key, jinan) == _d(*[None] * 12)


def _target(name, kind, unit):
    return Target(name=name, kind=kind, comparator="gte", value=Decimal(10), unit=unit)


@pytest.mark.parametrize(
    ("name", "kind", "unit", "expected"),
    [
        # the seed's wording
        ("落地开工5000万元以上工业项目", "count", "个", ("projects_large_started", "5000")),
        ("完成500万元以上技改项目", "count", "个", ("projects_upgrade_completed", "500")),
        ("工业固定资产投资增长", "growth", "%", ("projects_industrial_investment_growth", None)),
        ("技改投资增长", "growth", "%", ("projects_upgrade_investment_growth", None)),
        # other plans' words for the same things
        ("新开工亿元以上工业项目", "count", "个", ("projects_large_started", "10000")),
        ("开工 1.5亿元及以上项目", "count", "项", ("projects_large_started", "15000")),
        ("竣工技术改造项目", "count", "项", ("projects_upgrade_completed", None)),
        ("工业投资增速", "growth", "％", ("projects_industrial_investment_growth", None)),
        ("工业性投资增长", "growth", "%", ("projects_industrial_investment_growth", None)),
        ("技术改造投资增长", "growth", "%", ("projects_upgrade_investment_growth", None)),
        ("工业技改投资", "level", "亿元", ("projects_upgrade_investment", None)),
        ("工业固定资产投资", "level", "亿元", ("projects_industrial_investment", None)),
        ("工业技改投资占工业投资比重", "share", "%", ("projects_upgrade_share", None)),
        ("积树成林纳规企业", "count", "家", ("projects_scaled", None)),
        # not the project register's to measure
        ("新开工工业项目", "count", "个", None),  # no size: every start is not a 大项目
        ("技改投资增速高于工业投资增速", "growth", "个百分点", None),  # a comparison
        ("新增规上工业企业", "count", "家", None),  # the enterprise register's
        ("规上工业增加值增长", "growth", "%", None),
        ("落地开工5000万元以上工业项目", "count", "家", None),  # 家 are not 个
        ("工业固定资产投资增长", "count", "个", None),  # a growth target written as a count
    ],
)
def test_which_targets_a_project_formula_measures(name, kind, unit, expected):
    found = formula_for(_target(name, kind, unit))
    if expected is None:
        assert found is None
        return
    key, line = expected
    assert found == (key, {"line": line} if line else {})


def test_size_lines_read_from_a_name():
    assert size_line("落地开工5000万元以上工业项目") == Decimal(5000)
    assert size_line("亿元以上项目") == Decimal(10000)
    assert size_line("10亿元以上项目") == Decimal(100000)
    assert size_line("技改项目") is None


def _plan_target(plan, seq, name, kind, unit, value="40"):
    return Target.objects.create(
        plan=plan, seq=seq, name=name, kind=kind, comparator="gte", value=Decimal(value), unit=unit
    )


def _figures(target):
    return {
        o.month: o.value
        for o in Observation.objects.filter(target=target, year=2022, part_unit__isnull=True)
    }


def test_the_plans_targets_are_marked_and_computed(world, small_plan, plan_office):
    plan = small_plan
    started = _plan_target(plan, 2, "落地开工5000万元以上工业项目", "count", "个")
    invest = _plan_target(plan, 3, "工业固定资产投资增长", "growth", "%", "12")
    upgrade = _plan_target(plan, 4, "技改投资", "level", "亿元", "1")
    other = _plan_target(plan, 5, "新增规上工业企业", "count", "家", "15")
    assert project_targets_mark(plan.region, 2022) == 3
    marks = {c.target_id: (c.formula, c.params) for c in ComputedTarget.objects.all()}
    assert marks == {
        started.pk: ("projects_large_started", {"line": "5000"}),
        invest.pk: ("projects_industrial_investment_growth", {}),
        upgrade.pk: ("projects_upgrade_investment", {}),
    }
    assert other.pk not in marks
    # written as computed figures, in the target's unit (125 万元 = 0.0125 亿元)
    assert _figures(started) == {m: v for m, v in _d(0, 0, 1, 1, 1, 2, *[3] * 6).items()}
    growth = _figures(invest)
    assert (growth[3], growth[6]) == (Decimal("566.67"), Decimal("25"))
    assert 1 not in growth and 2 not in growth  # no growth without last year's figure
    assert _figures(upgrade)[6] == Decimal("0.0125")
    sources = Observation.objects.filter(target=started).values_list("source", flat=True)
    assert set(sources) == {ObservationSource.REGISTER}
    # marked once: a second run finds nothing new to mark
    assert project_targets_mark(plan.region, 2022) == 0


def test_a_return_filed_queues_the_recompute_once_it_commits(
    world, small_plan, plan_office, monkeypatch, django_capture_on_commit_callbacks
):
    target = _plan_target(small_plan, 2, "工业固定资产投资", "level", "万元", "2000")
    computed_target_set(actor=plan_office, target=target, formula="projects_industrial_investment")
    assert _figures(target)[6] == Decimal(775)
    queued: list[tuple] = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda func, *args, **kw: queued.append((func, *args))
    )
    sent: list[tuple] = []

    def heard(sender, region, year, month=None, **kw):
        sent.append((region, year, month))

    register_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                filed(plan_office, world["B"], 2022, 5, "30")
                filed(plan_office, world["U2"], 2022, 5, "20")  # the same month: told once
                filed(plan_office, world["G"], 2022, 8, "5")
    finally:
        register_changed.disconnect(heard)
    region = small_plan.region.pk
    # (the world's own returns, written in this test's transaction, wait for a commit that
    # never comes: months they touched are not asked again here)
    assert sorted(sent) == [(region, 2022, 5), (region, 2022, 8)]
    assert sorted(queued) == [(jobs.RECOMPUTE, region, 2022, 5), (jobs.RECOMPUTE, region, 2022, 8)]
    # the worker's half, run here: June is now 775 + 30 + 20, August 1774 + 50 + 5
    jobs.recompute_later(region, 2022, 5)
    assert (_figures(target)[6], _figures(target)[8]) == (Decimal(825), Decimal(1829))


def test_a_rolled_back_change_tells_nothing(world, plan_office, django_capture_on_commit_callbacks):
    sent: list = []

    def heard(sender, **kw):
        sent.append(kw)

    register_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            try:
                with transaction.atomic():
                    filed(plan_office, world["B"], 2022, 5, "30")
                    raise RuntimeError
            except RuntimeError:
                pass
            # the same change again, now kept: told (the rolled-back one did not hide it)
            filed(plan_office, world["B"], 2022, 5, "30")
    finally:
        register_changed.disconnect(heard)
    assert [(k["year"], k["month"]) for k in sent] == [(2022, 5)]


def test_a_project_saved_tells_the_years_of_its_dates(world, monkeypatch):
    from gongye.projects.computed import changes

    told: list = []
    monkeypatch.setattr(changes, "tell", lambda region, year, month=None: told.append(year))
    project = world["G"]  # started 2021
    project.completed_on = dt.date(2019, 5, 1)
    project.save()
    this_year = dt.date.today().year
    # its dates' years, and this year and last (a move may have cleared a date of theirs)
    assert sorted(told) == sorted({2019, 2021, this_year - 1, this_year})


def test_the_demo_marks_the_seed_plans_project_targets(world, plan_office):
    """The seed plan as imported (its targets as the parser reads them): the four the project
    register measures are marked computed, with the size lines their names give."""
    from gongye.plans.demo import load_seed_plan
    from gongye.projects.computed.targets import computed_demo_load

    load_seed_plan()
    assert computed_demo_load(None).startswith("由项目库计算的目标 4 个")
    marked = dict(
        ComputedTarget.objects.filter(target__plan__region__code="341525").values_list(
            "target__name", "formula"
        )
    )
    assert marked == {
        "落地开工5000万元以上工业项目": "projects_large_started",
        "工业固定资产投资增长": "projects_industrial_investment_growth",
        "完成500万元以上技改项目": "projects_upgrade_completed",
        "技改投资增长": "projects_upgrade_investment_growth",
    }
    started = Target.objects.get(name="落地开工5000万元以上工业项目", plan__year=2022)
    assert started.computed_from_register.params == {"line": "5000"}
    assert _figures(started)[6] == Decimal(2)
    assert computed_demo_load(None) == ""  # marked once
