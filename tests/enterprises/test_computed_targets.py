"""Targets computed from the register: the plan office sets one, its figures are written as
computed (converted to the target's unit, approved, audited), the bureau's official figure
wins, a person's figure is never overwritten, and a change of the register (the signal) leads
to a recompute on the worker."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.enterprises.choices import EnterpriseVerb
from gongye.enterprises.computed import jobs
from gongye.enterprises.models import ComputedTarget
from gongye.enterprises.services.computed import (
    computed_target_clear,
    computed_target_set,
    computed_targets_recompute,
)
from gongye.enterprises.signals import register_changed
from gongye.indicators.choices import ObservationSource, ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.services import observation_record
from gongye.plans.models import Target
from tests.enterprises.computed_fixture import figure, small_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(org):
    return small_register()


@pytest.fixture
def output_target(small_plan, register):
    """规上工业产值 200亿元 (the small plan's one target)."""
    return small_plan.targets.get(name="规上工业产值")


def _target(plan, seq, name, kind, unit, value="10"):
    return Target.objects.create(
        plan=plan, seq=seq, name=name, kind=kind, comparator="gte", value=Decimal(value), unit=unit
    )


def _figures(target):
    return {
        o.month: o
        for o in Observation.objects.filter(target=target, year=2022, part_unit__isnull=True)
    }


def test_the_plan_office_sets_a_target_computed_and_its_figures_are_written(
    output_target, plan_office
):
    computed = computed_target_set(
        actor=plan_office, target=output_target, formula="above_scale_output"
    )
    assert computed.formula == "above_scale_output" and computed.set_by == plan_office
    figures = _figures(output_target)
    # 6000 and 14000 万元 are 0.6 and 1.4 亿元; months without figures have none
    assert {m: o.value for m, o in figures.items()} == {3: Decimal("0.6"), 6: Decimal("1.4")}
    assert all(o.source == ObservationSource.REGISTER for o in figures.values())
    assert all(o.status == ObservationStatus.APPROVED for o in figures.values())
    assert all(o.measure == "cumulative" and not o.is_demo for o in figures.values())
    entry = AuditEntry.objects.get(verb=EnterpriseVerb.COMPUTED_SET)
    assert entry.actor == plan_office and entry.after["formula"] == "above_scale_output"
    written = AuditEntry.objects.filter(target_id=str(output_target.pk), actor_name="系统计算")
    assert written.get().after["written"] == [3, 6]
    assert computed.last_run["written"] == [3, 6]


def test_counts_are_written_for_every_ended_month(small_plan, register, plan_office):
    target = _target(small_plan, 2, "新增规上工业企业", "count", "家", "15")
    computed_target_set(actor=plan_office, target=target, formula="new_above_scale")
    values = {m: o.value for m, o in _figures(target).items()}
    assert len(values) == 12 and values[3] == 0 and values[4] == 1 and values[12] == 1


def test_parameters_are_kept_and_bad_ones_refused(small_plan, register, plan_office):
    target = _target(small_plan, 2, "十亿元企业", "count", "家", "2")
    computed_target_set(
        actor=plan_office, target=target, formula="revenue_over", params={"line": "20000"}
    )
    assert ComputedTarget.objects.get(target=target).params == {"line": "20000"}
    assert _figures(target)[6].value == 1  # only 甲's 25000 reaches 20000
    for bad in ("-5", "abc", "1e400", "0"):
        with pytest.raises(ValidationError) as error:
            computed_target_set(
                actor=plan_office, target=target, formula="revenue_over", params={"line": bad}
            )
        assert "大于 0" in str(error.value)
    with pytest.raises(ValidationError):
        computed_target_set(
            actor=plan_office, target=target, formula="revenue_over", params={"nope": "1"}
        )


def test_a_pairing_whose_units_cannot_convert_is_refused_and_nothing_written(
    output_target, plan_office
):
    with pytest.raises(ValidationError) as error:
        computed_target_set(actor=plan_office, target=output_target, formula="new_above_scale")
    assert "不能换算为目标的计量单位" in str(error.value)
    with pytest.raises(ValidationError):
        computed_target_set(actor=plan_office, target=output_target, formula="no_such_formula")
    assert not ComputedTarget.objects.exists()
    assert not Observation.objects.filter(target=output_target).exists()


@pytest.mark.parametrize("who", ["coop_liaison", "statistics", "county_leader", "enterprise"])
def test_only_the_plan_office_sets_it(output_target, persona, who):
    with pytest.raises(PermissionDenied):
        computed_target_set(actor=persona(who), target=output_target, formula="above_scale_output")


def test_the_bureaus_official_figure_wins(output_target, plan_office, statistics):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    # the bureau enters March's official figure: it replaces the computed one …
    observation_record(
        actor=statistics,
        target=output_target,
        year=2022,
        month=3,
        measure="cumulative",
        value=Decimal("0.75"),
    )
    result = computed_targets_recompute(region=output_target.plan.region, year=2022)
    figures = _figures(output_target)
    # … and the recompute neither overwrites nor re-adds it
    assert figures[3].source == ObservationSource.STATISTICS and figures[3].value == Decimal("0.75")
    assert figures[6].source == ObservationSource.REGISTER
    assert result.official == 1
    assert ComputedTarget.objects.get(target=output_target).last_run["official"] == [3]
    run = AuditEntry.objects.get(verb=EnterpriseVerb.COMPUTED_RUN)
    assert run.after["targets"] == 1 and run.after["official"] == 1


def test_an_official_figure_of_another_measure_also_holds_the_month(
    small_plan, register, plan_office, statistics
):
    target = _target(small_plan, 2, "规上工业产值增长", "growth", "%", "12")
    computed_target_set(actor=plan_office, target=target, formula="above_scale_output_growth")
    assert _figures(target)[6].value == Decimal("10.00")
    observation_record(
        actor=statistics, target=target, year=2022, month=6, measure="growth", value=Decimal("11")
    )
    computed_targets_recompute(region=small_plan.region, year=2022)
    assert _figures(target)[6].source == ObservationSource.STATISTICS
    assert _figures(target)[3].source == ObservationSource.REGISTER


def test_a_units_entered_figure_is_not_overwritten(output_target, plan_office, persona):
    from gongye.indicators.models import TargetOwner

    TargetOwner.objects.create(target=output_target, unit=persona("lead_liaison").acting.unit)
    observation_record(
        actor=persona("lead_liaison"),
        target=output_target,
        year=2022,
        month=6,
        measure="cumulative",
        value=Decimal("1.5"),
    )
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    six = _figures(output_target)[6]
    assert six.source == ObservationSource.UNIT and six.value == Decimal("1.5")
    assert ComputedTarget.objects.get(target=output_target).last_run["entered"] == [6]


def test_a_change_of_the_register_queues_a_recompute(
    output_target, register, plan_office, monkeypatch
):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    queued: list[tuple] = []
    monkeypatch.setattr(
        "django_q.tasks.async_task", lambda func, *args, **kw: queued.append((func, *args))
    )
    # the figures part writes a new June figure, then sends the signal after its commit
    region = output_target.plan.region
    register["e1"].figures.filter(year=2022, month=6).update(output_value=Decimal(16000))
    register_changed.send(sender=None, region=region, year=2022, month=6)
    assert queued == [(jobs.RECOMPUTE, region.pk, 2022, 6)]
    # the worker's half, run here synchronously
    assert jobs.recompute_later(*queued[0][1:])["targets"] == 1
    assert _figures(output_target)[6].value == Decimal("1.9")  # (16000 + 3000) 万元
    assert _figures(output_target)[3].value == Decimal("0.6")


def test_no_recompute_is_queued_where_nothing_is_computed(small_plan, register, monkeypatch):
    queued: list = []
    monkeypatch.setattr("django_q.tasks.async_task", lambda *a, **kw: queued.append(a))
    register_changed.send(sender=None, region=small_plan.region, year=2022, month=6)
    assert queued == []


def test_the_nightly_job_recomputes_every_region_year(output_target, register, plan_office):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    figure(register["e1"], 2022, 9, output=20000, revenue=30000)
    assert jobs.recompute_nightly() == {"region_years": 1, "targets": 1}
    assert _figures(output_target)[9].value == Decimal("2")  # 20000 万元 (乙 has no September)


def test_clearing_removes_the_mark_and_the_computed_figures(output_target, plan_office):
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    computed_target_clear(actor=plan_office, target=output_target)
    assert not ComputedTarget.objects.exists()
    assert not Observation.objects.filter(target=output_target).exists()
    entry = AuditEntry.objects.get(verb=EnterpriseVerb.COMPUTED_CLEAR)
    assert entry.after == {"observations_removed": 2}
    with pytest.raises(ValidationError):
        computed_target_clear(actor=plan_office, target=output_target)


def test_the_nightly_job_is_scheduled():
    from gongye.core.contrib import collect, resolve

    jobs_by_name = {job.name: job for _label, job in collect("schedules")}
    job = jobs_by_name["enterprises.computed_targets"]
    assert resolve(job.func) is jobs.recompute_nightly and job.daily_at is not None


def test_a_computed_total_never_holds_the_bureaus_figure_back(
    output_target, plan_office, statistics
):
    # computed June is 1.4亿元; the bureau's July total may be lower (its own count) and is taken
    computed_target_set(actor=plan_office, target=output_target, formula="above_scale_output")
    observation = observation_record(
        actor=statistics,
        target=output_target,
        year=2022,
        month=7,
        measure="cumulative",
        value=Decimal("1.0"),
    )
    assert observation.source == ObservationSource.STATISTICS
