"""Figures a domain app computes for a target (issue 12, item 6: targets computed from the
enterprise register): written here, by the indicators' own rules, so the app that computes
them never writes this app's tables.

The rules, in the order they apply:

- the statistics bureau's figure is official: a month for which the bureau has entered one is
  neither written nor kept as computed (the bureau's figure alone judges it);
- a figure a person entered (a unit's, pending or approved) is never overwritten by a machine;
- a computed figure is approved as it is written (it is the register's own arithmetic) and
  marked ``source=register`` so every page shows it as computed, not entered;
- once computed figures are written, the target's made-up figures of other sources (the
  indicators' demo) give way for the year, as they do for an entered one;
- a month the register can no longer compute (its data removed) loses its computed figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.choices import ObservationSource, ObservationStatus
from gongye.indicators.models import Observation
from gongye.plans.models import Target

COMPUTED_BY = "系统计算"  # the audit log's actor name for figures computed from the registers


@dataclass
class ComputedWrite:
    """What one target's write did, by month."""

    written: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    official: list[int] = field(default_factory=list)  # the bureau's figure holds the month
    entered: list[int] = field(default_factory=list)  # a person's figure holds the month
    removed: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return {
            "written": self.written,
            "unchanged": self.unchanged,
            "official": self.official,
            "entered": self.entered,
            "removed": self.removed,
        }


@transaction.atomic
def observations_computed_write(
    *,
    target: Target,
    year: int,
    measure: str,
    figures: dict[int, Decimal | None],
    is_demo: bool = False,
    note: str = "",
) -> ComputedWrite:
    """Writes a target's computed whole-county figures of ``year`` (month → value; None where
    nothing can be computed) by the rules above, with one audit entry for the target."""
    result = ComputedWrite()
    existing = list(
        Observation.objects.filter(target=target, year=year, part_unit__isnull=True).order_by(
            "month"
        )
    )
    official = {o.month for o in existing if o.source == ObservationSource.STATISTICS}
    mine = {(o.month, o.measure): o for o in existing if o.source == ObservationSource.REGISTER}
    by_key = {(o.month, o.measure): o for o in existing}
    now = timezone.now()
    create: list[Observation] = []
    update: list[Observation] = []
    drop: list[int] = []
    for month, value in sorted(figures.items()):
        if month in official:
            result.official.append(month)
            stale = [o for (m, _msr), o in mine.items() if m == month]
            drop += [o.pk for o in stale]
            continue
        current = by_key.get((month, measure))
        if value is None:
            if current is not None and current.source == ObservationSource.REGISTER:
                drop.append(current.pk)
                result.removed.append(month)
            continue
        if current is not None and current.source == ObservationSource.UNIT and not current.is_demo:
            result.entered.append(month)
            continue
        if current is None:
            create.append(
                Observation(
                    target=target,
                    region_id=target.plan.region_id,
                    year=year,
                    month=month,
                    measure=measure,
                    value=value,
                    source=ObservationSource.REGISTER,
                    status=ObservationStatus.APPROVED,
                    approved_at=now,
                    is_demo=is_demo,
                )
            )
            result.written.append(month)
        elif (
            current.source == ObservationSource.REGISTER
            and current.value == value
            and current.is_demo == is_demo
            and current.status == ObservationStatus.APPROVED
        ):
            result.unchanged.append(month)
        else:
            current.value = value
            update.append(current)
            result.written.append(month)
    # a computed figure of another measure (the formula was changed) or of a month no longer
    # asked for is the register's no more
    drop += [
        o.pk
        for (m, msr), o in mine.items()
        if msr != measure and m not in result.official and o.pk not in drop
    ]
    if create:
        Observation.objects.bulk_create(create)
    for observation in update:  # a dozen rows at most: plain updates beat bulk_update's CASE
        Observation.objects.filter(pk=observation.pk).update(
            value=observation.value,
            baseline=None,
            source=ObservationSource.REGISTER,
            status=ObservationStatus.APPROVED,
            entered_by=None,
            approved_by=None,
            approved_at=now,
            is_demo=is_demo,
            updated_at=now,
        )
    if drop:
        Observation.objects.filter(pk__in=drop).delete()
    demo_gone = 0
    if result.written:
        # made-up figures of other sources would judge the target by a mixed series
        demo_gone, _per = (
            Observation.objects.filter(target=target, year=year, is_demo=True)
            .exclude(source=ObservationSource.REGISTER)
            .delete()
        )
    if result.written or result.removed or drop or demo_gone:
        audit_record(
            actor=None,
            actor_name=COMPUTED_BY,
            verb=Verb.UPDATE,
            target=target,
            target_repr=f"{target}：{year}年由系统计算的数据",
            after={
                **result.as_dict(),
                "measure": measure,
                "demo": is_demo,
                "demo_figures_removed": demo_gone,
                **({"note": note} if note else {}),
            },
        )
    return result


@transaction.atomic
def observations_computed_clear(*, target: Target, note: str = "") -> int:
    """The target is no longer computed: its computed figures go (every year), with one audit
    entry. Returns how many."""
    removed, _per = Observation.objects.filter(
        target=target, source=ObservationSource.REGISTER
    ).delete()
    if removed:
        audit_record(
            actor=None,
            actor_name=COMPUTED_BY,
            verb=Verb.DELETE,
            target=target,
            target_repr=f"{target}：由系统计算的数据",
            before={"observations": removed},
            after={"observations": 0, **({"note": note} if note else {})},
        )
    return removed
