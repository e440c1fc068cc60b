"""Cascade, task links and demo figures (issue 5 items 3, 4, 6): outcomes and audit entries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.indicators.demo import demo_city_load, demo_observations_load
from gongye.indicators.models import Observation, TargetPart, TargetTaskLink
from gongye.indicators.services import (
    link_score,
    rank_links,
    target_parts_set,
    task_link_confirm,
    task_links_suggest,
)
from gongye.plans.models import Plan
from tests.conftest import HUOSHAN


def _entries(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            target_type=f"{obj._meta.app_label}.{obj._meta.model_name}", target_id=str(obj.pk)
        ).order_by("pk")
    )


def _audits(obj) -> int:
    """Entries written by these services (a plan import audits targets too)."""
    return sum(
        1 for e in _entries(obj) if e.after and ("parts" in e.after or "confirmed" in e.after)
    )


# --------------------------------------------------------------------------- cascade


def test_parts_that_add_up_are_written_and_audited(output_target, plan_office, unit):
    parts = {unit("开发区"): Decimal("120"), unit("衡山镇"): Decimal("80")}
    written = target_parts_set(actor=plan_office, target=output_target, parts=parts)
    assert {(p.unit.name, p.value) for p in written} == {
        ("开发区", Decimal("120")),
        ("衡山镇", Decimal("80")),
    }
    entry = _entries(output_target)[-1]
    assert entry.verb == "create" and entry.after["parts"] == {"开发区": "120", "衡山镇": "80"}
    # a new split replaces the old one
    target_parts_set(actor=plan_office, target=output_target, parts={unit("开发区"): Decimal(200)})
    assert list(TargetPart.objects.values_list("unit__name", "value")) == [
        ("开发区", Decimal("200"))
    ]
    assert _audits(output_target) == 2


def test_parts_summing_wrong_are_refused_with_nothing_written(output_target, plan_office, unit):
    parts = {unit("开发区"): Decimal("120"), unit("衡山镇"): Decimal("70")}
    with pytest.raises(ValidationError) as caught:
        target_parts_set(actor=plan_office, target=output_target, parts=parts)
    message = " ".join(caught.value.messages)
    assert "少10" in message and "190" in message
    assert not TargetPart.objects.exists()
    assert _audits(output_target) == 0


def test_parts_only_for_townships_and_dev_zone(output_target, plan_office, unit):
    with pytest.raises(ValidationError) as caught:
        target_parts_set(
            actor=plan_office, target=output_target, parts={unit("统计局"): Decimal(200)}
        )
    assert "统计局" in " ".join(caught.value.messages)
    assert not TargetPart.objects.exists()


@pytest.mark.parametrize("who", ["lead_liaison", "statistics", "outsider", "county_leader"])
def test_parts_only_by_the_plan_office(output_target, persona, unit, who):
    with pytest.raises(PermissionDenied):
        target_parts_set(
            actor=persona(who), target=output_target, parts={unit("开发区"): Decimal(200)}
        )
    assert not TargetPart.objects.exists()


# --------------------------------------------------------------------------- task links


def test_scores_are_bigram_overlap():
    assert link_score("技术合同交易额", "累计完成吸纳技术合同交易额5亿元") == Decimal("1")
    assert link_score("技术合同交易额", "开展招商引资") == Decimal("0")
    ranked = rank_links(
        [("t", "技术合同交易额")],
        [("a", "技术合同"), ("b", "技术合同交易额"), ("c", "无关"), ("d", "合同交易额")],
    )
    assert [(task, str(s)) for _, task, s in ranked] == [
        ("b", "1.0000"),
        ("d", "0.6667"),
        ("a", "0.5000"),
    ]


def test_suggestions_find_the_seed_plans_contract_tasks(seed_plan):
    target = seed_plan.targets.filter(name__contains="技术合同").first()
    if target is None:
        pytest.skip("the seed plan's parser found no 技术合同交易额 target")
    suggested = [(task, s) for t, task, s in task_links_suggest(seed_plan) if t == target]
    assert 1 <= len(suggested) <= 3
    assert all("技术合同" in task.text for task, _ in suggested)
    assert all(Decimal("0.5") <= s <= 1 for _, s in suggested)


def test_link_confirm_is_audited_and_only_by_the_office(small_plan, plan_office, persona):
    target, task = small_plan.targets.get(), small_plan.tasks.first()
    with pytest.raises(PermissionDenied):
        task_link_confirm(actor=persona("lead_liaison"), target=target, task=task, confirmed=True)
    link = task_link_confirm(actor=plan_office, target=target, task=task, confirmed=True)
    assert link.confirmed and _audits(link) == 1
    link = task_link_confirm(actor=plan_office, target=target, task=task, confirmed=False)
    assert not TargetTaskLink.objects.get().confirmed and _audits(link) == 2


def test_link_to_another_plans_task_is_refused(small_plan, plan_office, org):
    other = Plan.objects.create(region=org[HUOSHAN], year=2023, title="2023")
    task = small_plan.tasks.first()
    task.pk, task.plan = None, other
    task.save()
    with pytest.raises(ValidationError):
        task_link_confirm(
            actor=plan_office, target=small_plan.targets.get(), task=task, confirmed=True
        )
    assert not TargetTaskLink.objects.exists()


# --------------------------------------------------------------------------- demo data


def _figures(plan) -> list[tuple]:
    return list(
        Observation.objects.filter(target__plan=plan)
        .order_by("target__seq", "month", "measure")
        .values_list("target__seq", "month", "measure", "value", "baseline")
    )


def test_demo_observations_reproducible_and_idempotent(seed_plan):
    n = demo_observations_load(plan=seed_plan)
    targets = seed_plan.targets.filter(is_active=True)
    amounts = targets.filter(kind="level").count()  # each also has its growth rate
    assert amounts and n == (targets.count() + amounts) * 12
    first = _figures(seed_plan)
    assert demo_observations_load(plan=seed_plan) == 0  # idempotent
    assert _figures(seed_plan) == first
    assert Observation.objects.filter(is_demo=False).count() == 0
    assert set(Observation.objects.values_list("status", "source")) == {("approved", "computed")}
    assert AuditEntry.objects.filter(target_type="plans.plan", verb="import").count() == 1
    Observation.objects.all().delete()
    demo_observations_load(plan=seed_plan)  # a fresh load: the same figures
    assert _figures(seed_plan) == first


def test_demo_figures_are_plausible(seed_plan):
    demo_observations_load(plan=seed_plan)
    for target in seed_plan.targets.filter(is_active=True):
        growth = list(target.observations.filter(measure="growth").order_by("month"))
        rows = list(target.observations.exclude(measure="growth").order_by("month")) or growth
        values = [o.value for o in rows]
        if target.kind == "level":  # an amount's growth rate: 1.5–16.5%, one per month
            assert [o.month for o in growth] == list(range(1, 13))
            assert all(Decimal("1.5") <= o.value <= Decimal("16.5") for o in growth)
        if rows[0].measure == "cumulative":
            assert values == sorted(values)  # totals never fall
            assert abs(values[-1] - target.value) <= target.value * Decimal("0.08") + 1
        elif rows[0].measure in ("growth", "share"):
            assert all(abs(v - target.value) <= 3 for v in values)
        else:
            assert all(v >= 1 and o.baseline for v, o in zip(values, rows, strict=True))


def test_demo_city_plans_for_the_six_other_counties(small_plan):
    created = demo_city_load()
    assert len(created) == 6
    assert {p.region.code for p in created} == {
        "341502",
        "341503",
        "341504",
        "341522",
        "341523",
        "341524",
    }
    for plan in created:
        assert plan.title.endswith("（演示）") and plan.year == 2022
        [target] = plan.targets.all()
        assert target.name == small_plan.targets.get().name
        demo = Observation.objects.filter(target=target, is_demo=True)
        assert demo.filter(measure="cumulative").count() == 12  # 规上工业产值, an amount,
        assert demo.filter(measure="growth").count() == 12  # with its growth rate
    factors = {p.targets.get().value for p in created}
    assert len(factors) > 1  # each county its own scale
    assert demo_city_load() == []  # second run: nothing new
    assert Plan.objects.filter(year=2022).count() == 7


def test_every_seed_target_has_a_status_on_demo_data(seed_plan):

    from gongye.indicators.demo import demo_indicators_load
    from gongye.indicators.selectors import target_status_list

    note = demo_indicators_load()
    assert "新建演示计划 6 个" in note
    rows = target_status_list(seed_plan)
    assert rows and all(r.assessment is not None for r in rows)
    assert all(r.observation.month == 12 and r.observation.is_demo for r in rows)
    assert "新增 0 条" in demo_indicators_load()


def test_every_seed_target_is_on_the_cockpit_with_its_status(seed_plan, client, persona):
    """Issue 5, done-when: every quantitative target of the plan appears on the cockpit with
    its status; a city leader sees the seven counties ranked."""
    import re

    from django.urls import reverse

    from gongye.indicators.demo import demo_indicators_load
    from gongye.plans.models import Target

    demo_indicators_load()
    client.force_login(persona("county_leader"))
    html = client.get(reverse("front:cockpit"), {"year": 2022}).content.decode()
    table = html[html.index('id="status-table"') : html.index('id="lines"')]
    shown = re.findall(
        r'<tr data-target="(\d+)">.*?<span class="badge[^"]*gy-status[^"]*"[^>]*>([^<]+)</span>',
        table,
        flags=re.S,
    )
    wanted = list(seed_plan.targets.filter(is_active=True).order_by("seq").values_list("pk"))
    assert [int(pk) for pk, _label in shown] == [pk for (pk,) in wanted]
    assert len(shown) == Target.objects.filter(plan=seed_plan, is_active=True).count() >= 27
    assert {label.strip() for _pk, label in shown} <= {"达标", "接近", "落后"}
    # and each has its monthly line, twelve months of demo figures, chosen from a list
    lines = client.get(reverse("front:cockpit"), {"year": 2022}).context["charts"]["lines"]
    assert [line["id"] for line in lines] == [int(pk) for pk, _label in shown]
    assert all(len(line["actual"]) == 12 for line in lines)
    assert html.count('<option value="') >= len(shown)
    # without the script, ?line= picks the target whose table the server writes
    chosen = client.get(reverse("front:cockpit"), {"year": 2022, "line": 2})
    assert chosen.context["selected_line"].row.id == int(shown[2][0])
    assert chosen.context["line_index"] == 2

    client.force_login(persona("city_leader"))
    response = client.get(reverse("front:cockpit"), {"year": 2022, "region": HUOSHAN})
    counties = response.context["counties"]
    assert len(counties) == 7 and all(c.rank for c in counties)
    assert sorted(c.rank for c in counties)[0] == 1
    assert len(response.context["indicator_rows"]) == 7


def test_the_cockpits_lines_judge_each_target_as_the_status_list_does(seed_plan):
    """The cockpit reads each target's status off the end of its monthly line; on the demo
    figures (amounts carry a growth rate beside their totals) it equals the status list."""
    from gongye.indicators.demo import demo_indicators_load
    from gongye.indicators.selectors import target_lines, target_status_list

    demo_indicators_load()
    own = target_status_list(seed_plan)
    lines = target_lines(seed_plan)
    assert [(s.target.pk, s.observation.pk, s.assessment) for s in own] == [
        (s.target.pk, s.observation.pk, s.assessment) for s, _line in lines
    ]
    assert all(len(line) == 12 for _s, line in lines)
