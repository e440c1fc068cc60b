"""Demo figures for targets (issue 5 item 6), for ``make run``: Huoshan's plan gets a year of
approved figures, and each other county of 六安市 a small plan copied from Huoshan's at its own
scale, so the city cockpit has counties to rank.

The loaders write rows directly (they seed a demo, no user acts) and label every row they
write: observations carry ``is_demo``, plans a title suffixed "（演示）"; each load is audited
as the demo's (no actor). Reproducible (seeded by region code and year) and safe to run again.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.choices import ObservationSource, ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import Measure, counts_whole
from gongye.indicators.services import default_measure
from gongye.orgs.models import Region
from gongye.plans.models import Plan, Target, Task

CITY_CODE = "341500"
DEMO_YEAR = 2022
DEMO_SUFFIX = "（演示）"
_FOUR = Decimal("0.0001")


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
        # counted things (新增企业15家, 有效高企60家) come in whole numbers; amounts to four places
        step = Decimal(1) if counts_whole(target.kind, target.unit) else _FOUR
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


def scaled_value(target: Target, factor: Decimal) -> Decimal:
    """A model target's value at another county's scale: totals scale, counted ones to a whole
    number and at least one (15家 × 1.19 is 18家, not 17.85家); rates, shares and rank moves
    stay as they are."""
    if default_measure(target) != Measure.CUMULATIVE:
        return target.value
    if counts_whole(target.kind, target.unit):
        return max(Decimal(1), (target.value * factor).quantize(Decimal(1), ROUND_HALF_UP))
    return (target.value * factor).quantize(_FOUR, ROUND_HALF_UP)


@transaction.atomic
def demo_counts_make_whole() -> int:
    """Demo data written before counted targets were held to whole numbers (17.85家): the demo
    plans' counted targets and every demo figure of a counted target, rounded to whole numbers
    (at least one for a target). Only demo rows (``source="demo"`` targets, ``is_demo``
    figures) are touched; one audit entry says how many. Returns the rows changed."""
    changed = 0
    targets = Target.objects.filter(source="demo", plan__title__endswith=DEMO_SUFFIX)
    for target in targets:
        if counts_whole(target.kind, target.unit) and target.value != int(target.value):
            target.value = max(Decimal(1), target.value.quantize(Decimal(1), ROUND_HALF_UP))
            target.save(update_fields=["value", "updated_at"])
            changed += 1
    figures = Observation.objects.filter(
        is_demo=True, measure__in=(Measure.CUMULATIVE, Measure.LEVEL)
    ).select_related("target")
    for obs in figures:
        t = obs.target
        if counts_whole(t.kind, t.unit) and obs.value != int(obs.value):
            obs.value = obs.value.quantize(Decimal(1), ROUND_HALF_UP)
            obs.save(update_fields=["value", "updated_at"])
            changed += 1
    if changed:
        audit_record(
            actor=None,
            verb=Verb.UPDATE,
            target_type="indicators.observation",
            target_repr="演示数据：按个数计的指标取整",
            after={"demo": True, "rows": changed},
            actor_name="演示数据",
        )
    return changed


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
                value=scaled_value(t, factor),
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
        _demo_tasks(plan, model, rng)
        created.append(plan)
    return created


def _demo_tasks(plan: Plan, model: Plan, rng: random.Random) -> None:
    """The model's key tasks with their deadlines (no units: the county's own are not in the
    demo organisation), each closed on time, late or still open at the county's own odds, so
    the city's comparison has an on-time rate (按时完成率) for every county."""
    import datetime as dt

    from django.utils import timezone

    from gongye.supervision.choices import TaskProgressState
    from gongye.supervision.models import TaskState

    on_time_odds = rng.randint(55, 95) / 100
    tasks = Task.objects.bulk_create(
        Task(
            plan=plan,
            month=t.month,
            period_label=t.period_label,
            seq=t.seq,
            position=t.position,
            text=t.text,
            due=t.due,
        )
        for t in model.tasks.filter(is_active=True).order_by("position")
    )
    states = []
    for task in tasks:
        state = TaskState(task=task, region=plan.region, due=task.due)
        roll = rng.random()
        if task.due is not None and roll < 0.9:
            late = roll >= on_time_odds
            day = task.due + dt.timedelta(days=rng.randint(3, 20) if late else -rng.randint(0, 10))
            state.state, state.percent = TaskProgressState.DONE, 100
            state.closed_at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            state.closed_on_time, state.was_overdue = not late, late
        states.append(state)
    TaskState.objects.bulk_create(states)


def demo_indicators_load(*, region_code: str = "341525", year: int = DEMO_YEAR) -> str:
    """The demo figures of issue 5 item 6 for ``make run``: Huoshan's plan, then the other
    counties of 六安市. Safe to run again (both steps skip what exists)."""
    plan = Plan.objects.filter(region__code=region_code, year=year).first()
    if plan is None:
        return "未找到霍山县2022年计划，跳过指标演示数据。"
    written = demo_observations_load(plan=plan)
    city = demo_city_load(year=year, model_code=region_code)
    rounded = demo_counts_make_whole()
    return (
        f"指标演示数据：{plan.title} 新增 {written} 条；六安市其他县区新建演示计划 {len(city)} 个"
        + (f"；按个数计的演示数据取整 {rounded} 条。" if rounded else "。")
    )


def indicators_demo_load(report: object) -> str:
    """The ``load_demo`` step (``IndicatorsConfig.demo_loaders``)."""
    return demo_indicators_load()
