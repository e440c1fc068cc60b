"""Figures for targets (issue 5 item 1): entered by the owning unit and approved by the plan
office, or imported from the statistics bureau's sheet (official, so approved on import).
How each kind of target is measured (``default_measure``) and coded on the bureau's sheet
(``indicator_code``) lives here too: the entry, the sheet and the demo figures share it.
Every write authorises, validates, writes and audits in one transaction; an import is all or
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, snapshot
from gongye.core.numbers import plain
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.indicators.choices import ObservationSource, ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.pace import MEASURES_FOR_KIND, Measure, counts_whole, months_elapsed
from gongye.indicators.permissions import (
    can_import_statistics,
    can_manage_targets,
    can_record_observation,
)
from gongye.indicators.stats_sheet import (
    WHOLE_MESSAGE,
    WHOLE_UNIT,
    read_stats_sheet,
    stats_template_xlsx,
)
from gongye.orgs.models import Unit
from gongye.plans.models import Plan, Target

if TYPE_CHECKING:
    from gongye.accounts.models import User

_FIELDS = ["year", "month", "measure", "value", "baseline", "source", "status", "is_demo"]


def default_measure(target: Target) -> Measure:
    """How the bureau usually reports a target of this kind: totals as 1–N月累计, rates and
    shares as such, ranks as positions."""
    return {
        "level": Measure.CUMULATIVE,
        "count": Measure.CUMULATIVE,
        "growth": Measure.GROWTH,
        "share": Measure.SHARE,
        "rank_change": Measure.RANK,
        "upper_bound": Measure.GROWTH if target.unit == "%" else Measure.CUMULATIVE,
    }[target.kind]


def indicator_code(target: Target) -> str:
    return f"T{target.seq:03d}"


def target_counts_whole(target: Target) -> bool:
    """A target of things counted one by one (家, 个, 项 …): its totals are whole numbers
    (``pace.counts_whole``). Rates, shares and ranks are judged by their own rules."""
    return counts_whole(target.kind, target.unit)


def _whole_message(target: Target, value: Decimal) -> str:
    # the sheet reader's words, so the form and the sheet refuse 2.5家 alike
    return _(WHOLE_MESSAGE) % {
        "name": target.name,
        "unit": target.unit or _(WHOLE_UNIT),
        "value": plain(value),
    }


def _validate(
    target: Target,
    year: int,
    month: int,
    measure: str,
    value: Decimal,
    as_of: dt.date,
    baseline: Decimal | None = None,
    part_unit: Unit | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if part_unit is not None and not target.parts.filter(unit=part_unit).exists():
        errors.setdefault("part_unit", []).append(
            _("%(name)s不是“%(name2)s”的分解单位。")
            % {"name": part_unit.name, "name2": target.name}
        )
    if measure == Measure.RANK and baseline is None:
        # a rank move is judged against last year's position; without it nothing can be said
        errors.setdefault("baseline", []).append(_("位次须同时填写上年位次（基数）。"))
    if year != target.plan.year:
        errors.setdefault("year", []).append(
            _("该目标属于%(year)s年的计划。") % {"year": target.plan.year}
        )
    if not 1 <= month <= 12:
        errors.setdefault("month", []).append(_("月份应为 1 到 12。"))
    elif dt.date(year, month, 1) > as_of:
        errors.setdefault("month", []).append(
            _("%(year)s年%(month)s月尚未到来，不能填报。") % {"year": year, "month": month}
        )
    try:
        measure_enum = Measure(measure)
    except ValueError:
        errors.setdefault("measure", []).append(_("口径应为累计值、期末值、同比增速、占比或位次。"))
    else:
        if measure_enum not in MEASURES_FOR_KIND[target.kind]:
            errors.setdefault("measure", []).append(
                _("“%(name)s”不能用“%(label)s”口径衡量。")
                % {"name": target.name, "label": measure_enum.label}
            )
        if measure_enum == Measure.GROWTH and not Decimal(-100) <= value <= Decimal(500):
            errors.setdefault("value", []).append(_("增速应在 -100% 到 500% 之间。"))
        if measure_enum == Measure.SHARE and not Decimal(0) <= value <= Decimal(100):
            errors.setdefault("value", []).append(_("占比应在 0 到 100% 之间。"))
        if measure_enum == Measure.RANK and (value < 1 or value != value.to_integral_value()):
            errors.setdefault("value", []).append(_("位次应为不小于 1 的整数。"))
        if (
            measure_enum in (Measure.CUMULATIVE, Measure.LEVEL)
            and target_counts_whole(target)
            and value != value.to_integral_value()
        ):
            errors.setdefault("value", []).append(_whole_message(target, value))
        if measure_enum == Measure.CUMULATIVE and not errors:
            earlier = (
                Observation.objects.filter(
                    target=target,
                    part_unit=part_unit,
                    year=year,
                    measure=measure,
                    month__lt=month,
                    status=ObservationStatus.APPROVED,
                    is_demo=False,  # a real total is never held below a made-up one
                )
                # nor below one computed from the enterprise register: the entered figure wins
                .exclude(source=ObservationSource.REGISTER)
                .order_by("-month")
                .first()
            )
            if earlier is not None and value < earlier.value:
                errors.setdefault("value", []).append(
                    _("累计值不能小于%(month)s月的 %(value)s。")
                    % {"month": earlier.month, "value": plain(earlier.value)}
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def observation_record(
    *,
    actor: User,
    target: Target,
    year: int,
    month: int,
    measure: str,
    value: Decimal,
    baseline: Decimal | None = None,
    as_of: dt.date | None = None,
    part_unit: Unit | None = None,
) -> Observation:
    """The owning unit's figure waits for the plan office; the bureau's figure is official.
    With ``part_unit``, the figure of that township's or development zone's part of a
    cascaded target (it must be one of the target's parts)."""
    can_record_observation(actor, target, part_unit).require()
    _validate(
        target, year, month, measure, value, as_of or timezone.localdate(), baseline, part_unit
    )
    from_statistics = require_acting(actor).role == Role.STATISTICS
    observation = Observation.objects.filter(
        target=target, part_unit=part_unit, year=year, month=month, measure=measure
    ).first()
    before = snapshot(observation, _FIELDS) if observation else None
    observation = observation or Observation(
        target=target,
        region=target.plan.region,
        year=year,
        month=month,
        measure=measure,
        part_unit=part_unit,
    )
    observation.value, observation.baseline = value, baseline
    observation.source = ObservationSource.STATISTICS if from_statistics else ObservationSource.UNIT
    observation.status = (
        ObservationStatus.APPROVED if from_statistics else ObservationStatus.PENDING
    )
    observation.entered_by = actor
    observation.approved_by = actor if from_statistics else None
    observation.approved_at = timezone.now() if from_statistics else None
    observation.is_demo = False  # a person's figure is real, whatever it replaced
    observation.full_clean(validate_constraints=False)
    observation.save()
    audit_record(
        actor=actor,
        verb=Verb.UPDATE if before else Verb.CREATE,
        target=observation,
        parent=target,
        before=before,
        after={
            **snapshot(observation, _FIELDS),
            **({"part_unit": part_unit.name} if part_unit else {}),
        },
    )
    _demo_figures_give_way(actor=actor, target=target, year=year)
    return observation


def _demo_figures_give_way(*, actor: User, target: Target, year: int) -> None:
    """Once a real figure of a target is recorded, its demo figures go (every month, measure
    and part of the year): a series that mixed the bureau's figures with made-up ones would
    judge the target, and show it, by the made-up ones (a demo December after a real May)."""
    demo = Observation.objects.filter(target=target, year=year, is_demo=True)
    months = sorted(set(demo.values_list("month", flat=True)))
    if not months:
        return
    removed, _per_model = demo.delete()
    audit_record(
        actor=actor,
        verb=Verb.DELETE,
        target=target,
        target_repr=f"{target}：演示数据",
        before={"demo_observations": removed, "months": months},
        after={"demo_observations": 0},
    )


@transaction.atomic
def observation_review(*, actor: User, observation: Observation, approve: bool) -> Observation:
    can_manage_targets(actor, observation.target).require()
    if observation.status != ObservationStatus.PENDING:
        raise ValidationError(_("该数据已审核过。"))
    observation.status = ObservationStatus.APPROVED if approve else ObservationStatus.REJECTED
    observation.approved_by, observation.approved_at = actor, timezone.now()
    observation.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=observation,
        parent=observation.target,
        before={"status": ObservationStatus.PENDING},
        after={"status": observation.status},
    )
    return observation


def statistics_template(plan: Plan, as_of: dt.date | None = None) -> bytes:
    """The sheet the bureau fills: one row per target, 1月…12月 columns, holding the figures
    the platform has now (approved, whole-county, in the sheet's measure, for the months
    ended by ``as_of``; demo figures marked) so the bureau sees what it is correcting. Filled
    in and uploaded again, the cells it left as they were change nothing
    (``statistics_import``)."""
    ended = months_elapsed(plan.year, as_of or timezone.localdate())
    targets = list(plan.targets.filter(is_active=True).order_by("seq"))
    measures = {t.pk: default_measure(t) for t in targets}
    codes = {t.pk: indicator_code(t) for t in targets}
    figures: dict[str, dict[int, Decimal]] = {}
    demo: set[tuple[str, int]] = set()
    for obs in Observation.objects.filter(
        target__in=targets,
        year=plan.year,
        part_unit__isnull=True,
        status=ObservationStatus.APPROVED,
        month__lte=ended,  # a demo's later months: the sheet would be refused with them
    ).only("target_id", "month", "measure", "value", "is_demo"):
        if obs.measure != measures[obs.target_id]:
            continue
        code = codes[obs.target_id]
        figures.setdefault(code, {})[obs.month] = obs.value
        if obs.is_demo:
            demo.add((code, obs.month))
    return stats_template_xlsx(
        plan.year,
        [(codes[t.pk], t.name, t.unit, measures[t.pk]) for t in targets],
        figures,
        demo=demo,
        whole={codes[t.pk] for t in targets if target_counts_whole(t)},
    )


@transaction.atomic
def statistics_template_export(*, actor: User, plan: Plan) -> bytes:
    """The statistics sheet as downloaded from the page: every export is audited (issue 10,
    item 7), this one lists the plan's targets."""
    content = statistics_template(plan)
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target=plan,
        target_repr=f"{plan}：指标统计数据表",
        after={"format": "xlsx", "table": "statistics_template"},
    )
    return content


@transaction.atomic
def statistics_import(
    *, actor: User, plan: Plan, data: bytes, filename: str, as_of: dt.date | None = None
) -> list[Observation]:
    """The bureau's sheet: every cell validated first (errors by row and column); if any is
    wrong nothing is written."""
    can_import_statistics(actor, plan).require()
    targets = {indicator_code(t): t for t in plan.targets.filter(is_active=True)}
    known: dict[str, Measure] = {}
    for code, target in targets.items():
        known[code] = default_measure(target)
    whole = {code: t.unit for code, t in targets.items() if target_counts_whole(t)}
    rows, errors = read_stats_sheet(
        data,
        filename,
        plan.year,
        known,
        as_of=as_of or timezone.localdate(),
        whole=whole,
        translate=_,
    )
    if errors:
        raise ValidationError(
            [
                f"文件“{filename}”"
                + (f"第{e.row}行" if e.row else "")
                + (f"{e.column_letter}列" if e.column else "")
                + f"：{e.message}"
                for e in errors
            ]
        )
    # the template comes filled with what the platform has: a cell left as it was (the same
    # approved figure) is not written again, so a demo figure the bureau did not touch stays
    # marked as demo, and the log holds only what the bureau changed
    current = {
        (o.target_id, o.month, o.measure): o.value
        for o in Observation.objects.filter(
            target__in=targets.values(),
            year=plan.year,
            part_unit__isnull=True,
            status=ObservationStatus.APPROVED,
        ).only("target_id", "month", "measure", "value")
    }
    written: list[Observation] = []
    unchanged = 0
    for row in rows:
        target = targets[row.indicator]
        if current.get((target.pk, row.month, str(row.measure))) == row.value:
            unchanged += 1
            continue
        written.append(
            observation_record(
                actor=actor,
                target=target,
                year=row.year,
                month=row.month,
                measure=str(row.measure),
                value=row.value,
                as_of=as_of,
            )
        )
    audit_record(
        actor=actor,
        verb=Verb.IMPORT,
        target=plan,
        after={"filename": filename, "observations": len(written), "unchanged": unchanged},
    )
    return written
