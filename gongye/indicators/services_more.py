"""Cascade (分解), task links and demo figures for targets (issue 5 items 3, 4 and 6).

Writes authorise, validate, write and audit in one transaction, like ``services``. The demo
loaders write rows directly (they seed a demo, no user acts) and label every row they write:
observations carry ``is_demo``, plans a title suffixed "（演示）".
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.cascade import cascade_check
from gongye.indicators.choices import ObservationSource, ObservationStatus
from gongye.indicators.models import Observation, TargetPart, TargetTaskLink
from gongye.indicators.pace import Measure
from gongye.indicators.permissions import can_manage_targets
from gongye.indicators.services import default_measure
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit
from gongye.plans.models import Plan, Target, Task

PART_KINDS = (UnitKind.TOWNSHIP, UnitKind.DEV_ZONE)
SUGGEST_THRESHOLD = Decimal("0.5")
SUGGEST_TOP = 3
CITY_CODE = "341500"
DEMO_YEAR = 2022
DEMO_SUFFIX = "（演示）"
_FOUR = Decimal("0.0001")


# --------------------------------------------------------------------------- cascade (分解)


@transaction.atomic
def target_parts_set(*, actor: Any, target: Target, parts: dict[Unit, Decimal]) -> list[TargetPart]:
    """Split a county target among its townships and the development zone (issue 5 item 3).

    The parts replace any earlier split. They are checked against the whole by
    ``pace.cascade_check`` (additive targets must add up exactly, ceilings must not be exceeded,
    rates must not fall below the whole's); a failing split writes nothing.
    """
    can_manage_targets(actor, target).require()
    if not parts:
        raise ValidationError({"parts": "请至少填写一个分解单位。"})
    wrong = [
        u.name for u in parts if u.kind not in PART_KINDS or u.region_id != target.plan.region_id
    ]
    if wrong:
        raise ValidationError(
            {"parts": f"只能分解到本县的乡镇和开发区：{'、'.join(wrong)}不符合。"}
        )
    try:
        result = cascade_check(target.value, {u.name: v for u, v in parts.items()}, target.kind)
    except ValueError:
        raise ValidationError({"parts": f"“{target.name}”这类目标不能分解到乡镇。"}) from None
    if not result.ok:
        raise ValidationError({"parts": f"分解与总目标不符：{result.message}"})
    before = {p.unit.name: p.value for p in target.parts.select_related("unit")}
    target.parts.exclude(unit__in=list(parts)).delete()
    written = [
        TargetPart.objects.update_or_create(target=target, unit=u, defaults={"value": v})[0]
        for u, v in parts.items()
    ]
    audit_record(
        actor=actor,
        verb=Verb.UPDATE if before else Verb.CREATE,
        target=target,
        parent=target.plan,
        before={"parts": before} if before else None,
        after={"parts": {u.name: v for u, v in parts.items()}, "check": result.message},
    )
    return written


# --------------------------------------------------------------------------- task links


def bigrams(text: str) -> set[str]:
    """Character bigrams of the Chinese/alphanumeric text, punctuation and digits dropped:
    "技术合同交易额" → {技术, 术合, 合同, …}."""
    chars = [c for c in text if c.isalpha()]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def link_score(target_name: str, task_text: str) -> Decimal:
    """Share of the target name's bigrams that the task text contains (0..1): a task that
    names the target's whole indicator scores 1 however long it is."""
    wanted = bigrams(target_name)
    if not wanted:
        return Decimal(0)
    found = len(wanted & bigrams(task_text))
    return (Decimal(found) / Decimal(len(wanted))).quantize(_FOUR, ROUND_HALF_UP)


def rank_links(
    targets: list[tuple[Any, str]],
    tasks: list[tuple[Any, str]],
    *,
    threshold: Decimal = SUGGEST_THRESHOLD,
    top: int = SUGGEST_TOP,
) -> list[tuple[Any, Any, Decimal]]:
    """Pure: the ``top`` tasks per target scoring at least ``threshold``, best first."""
    out: list[tuple[Any, Any, Decimal]] = []
    for target, name in targets:
        scored = [(task, link_score(name, text)) for task, text in tasks]
        scored = [(task, s) for task, s in scored if s >= threshold]
        scored.sort(key=lambda pair: -pair[1])  # stable: ties keep the plan's order
        out.extend((target, task, s) for task, s in scored[:top])
    return out


def task_links_suggest(plan: Plan) -> list[tuple[Target, Task, Decimal]]:
    """Suggested tasks for each active target of the plan, from the text (issue 5 item 4)."""
    targets = [(t, t.name) for t in plan.targets.filter(is_active=True).order_by("seq")]
    tasks = [(t, t.text) for t in plan.tasks.filter(is_active=True).order_by("position")]
    return rank_links(targets, tasks)


@transaction.atomic
def task_link_confirm(*, actor: Any, target: Target, task: Task, confirmed: bool) -> TargetTaskLink:
    """The plan office confirms (or rejects) that a task serves a target (issue 5 item 4)."""
    can_manage_targets(actor, target).require()
    if task.plan_id != target.plan_id:
        raise ValidationError({"task": "只能关联同一计划中的重点工作。"})
    link, created = TargetTaskLink.objects.get_or_create(
        target=target,
        task=task,
        defaults={"score": link_score(target.name, task.text), "confirmed": confirmed},
    )
    before = None if created else {"confirmed": link.confirmed}
    if not created and link.confirmed != confirmed:
        link.confirmed = confirmed
        link.save(update_fields=["confirmed"])
    audit_record(
        actor=actor,
        verb=Verb.CREATE if created else Verb.UPDATE,
        target=link,
        parent=target,
        before=before,
        after={"confirmed": confirmed, "score": link.score},
    )
    return link


# --------------------------------------------------------------------------- demo figures


def demo_seed(plan: Plan) -> str:
    return f"gongye-demo-{plan.region.code}-{plan.year}"


def _noise(rng: random.Random, basis_points: int) -> Decimal:
    """A Decimal in ±basis_points/10000, from integers so no float reaches the figures."""
    return Decimal(rng.randint(-basis_points, basis_points)) / Decimal(10000)


def demo_figures(
    target: Target, rng: random.Random, months: int = 12
) -> list[tuple[int, str, Decimal, Decimal | None]]:
    """Plausible monthly figures (month, measure, value, baseline) for one target: pure. An
    amount also gets its year-on-year growth rate each month."""
    measure = default_measure(target)
    goal = Decimal(target.value)
    rows: list[tuple[int, str, Decimal, Decimal | None]] = []
    if measure == Measure.CUMULATIVE:
        total = Decimal(0)
        # counted things (新增企业15家) come in whole numbers; amounts to four places
        step = Decimal(1) if target.kind == "count" else _FOUR
        for m in range(1, months + 1):
            share = Decimal(m) / Decimal(12) * (1 + _noise(rng, 800))
            total = max(total, (goal * share).quantize(step, ROUND_HALF_UP))
            rows.append((m, measure, total, None))
        if target.kind == "level":
            # an amount (产值, 投资…) is published with its year-on-year growth (1–N月累计增速):
            # the speed the city compares counties by. Its own generator, so adding it leaves
            # every other demo figure as it was.
            plan = target.plan
            speed = random.Random(f"{plan.region.code}-{plan.year}-{target.seq}-growth")
            rate = Decimal(speed.randint(300, 1500)) / Decimal(100)
            for m in range(1, months + 1):
                value = rate + Decimal(speed.randint(-150, 150)) / Decimal(100)
                rows.append((m, Measure.GROWTH, value.quantize(_FOUR), None))
    elif measure in (Measure.GROWTH, Measure.SHARE):
        for m in range(1, months + 1):
            value = goal + Decimal(rng.randint(-300, 300)) / Decimal(100)  # ±3pp
            if measure == Measure.SHARE:
                value = min(max(value, Decimal(0)), Decimal(100))
            rows.append((m, measure, value.quantize(_FOUR), None))
    else:  # rank: last year's position, moving toward the target move with a jitter
        base = Decimal(rng.randint(8, 20))
        for m in range(1, months + 1):
            moved = (goal * m / 12).to_integral_value(ROUND_HALF_UP) + rng.randint(-1, 1)
            position = max(Decimal(1), base - moved)
            rows.append((m, measure, position, base))
    return rows


@transaction.atomic
def demo_observations_load(*, plan: Plan, seed: str | None = None) -> int:
    """Approved demo figures (is_demo) for every active target, Jan–Dec (issue 5 item 6).

    Reproducible: the generator is seeded with the region code and year, and targets are
    visited in ``seq`` order. Idempotent: a plan that already has demo figures is left alone.
    Returns the number of observations written (0 when skipped).
    """
    if Observation.objects.filter(target__plan=plan, is_demo=True).exists():
        return 0
    rng = random.Random(seed or demo_seed(plan))
    rows = []
    for target in (
        plan.targets.filter(is_active=True).select_related("plan__region").order_by("seq")
    ):
        for month, measure, value, baseline in demo_figures(target, rng):
            rows.append(
                Observation(
                    target=target,
                    region_id=plan.region_id,
                    year=plan.year,
                    month=month,
                    measure=measure,
                    value=value,
                    baseline=baseline,
                    source=ObservationSource.COMPUTED,
                    status=ObservationStatus.APPROVED,
                    is_demo=True,
                )
            )
    Observation.objects.bulk_create(rows)
    audit_record(
        actor=None,
        verb=Verb.IMPORT,
        target=plan,
        after={"demo": True, "observations": len(rows), "seed": seed or demo_seed(plan)},
        actor_name="演示数据",
    )
    return len(rows)


@transaction.atomic
def demo_city_load(*, year: int = DEMO_YEAR, model_code: str = "341525") -> list[Plan]:
    """A small demo plan with demo figures for each other county of 六安市 without a plan for
    ``year``, copying Huoshan's target names at a per-county scale, so the city cockpit has
    counties to rank. Returns the plans created (none on a second run)."""
    model = Plan.objects.filter(region__code=model_code, year=year).select_related("region").first()
    if model is None:
        return []
    counties = Region.objects.filter(parent__code=CITY_CODE).exclude(code=model_code)
    created: list[Plan] = []
    for county in counties.order_by("code"):
        if Plan.objects.filter(region=county, year=year).exists():
            continue
        rng = random.Random(f"gongye-demo-city-{county.code}-{year}")
        factor = Decimal(rng.randint(50, 130)) / Decimal(100)
        plan = Plan.objects.create(
            region=county, year=year, title=f"{county.name}{year}年工业经济工作意见{DEMO_SUFFIX}"
        )
        Target.objects.bulk_create(
            Target(
                plan=plan,
                seq=t.seq,
                name=t.name,
                kind=t.kind,
                comparator=t.comparator,
                # totals scale with the county's size; rates, shares and rank moves do not
                value=(t.value * factor).quantize(_FOUR, ROUND_HALF_UP)
                if default_measure(t) == Measure.CUMULATIVE
                else t.value,
                unit=t.unit,
                chapter=t.chapter,
                source="demo",
            )
            for t in model.targets.filter(is_active=True).order_by("seq")
        )
        audit_record(
            actor=None,
            verb=Verb.CREATE,
            target=plan,
            after={"demo": True, "model": model.pk, "factor": factor},
            actor_name="演示数据",
        )
        demo_observations_load(plan=plan)
        created.append(plan)
    return created


def demo_indicators_load(*, region_code: str = "341525", year: int = DEMO_YEAR) -> str:
    """The demo figures of issue 5 item 6 for ``make run``: Huoshan's plan, then the other
    counties of 六安市. Safe to run again (both steps skip what exists)."""
    plan = Plan.objects.filter(region__code=region_code, year=year).first()
    if plan is None:
        return "未找到霍山县2022年计划，跳过指标演示数据。"
    written = demo_observations_load(plan=plan)
    city = demo_city_load(year=year, model_code=region_code)
    return (
        f"指标演示数据：{plan.title} 新增 {written} 条；六安市其他县区新建演示计划 {len(city)} 个。"
    )
