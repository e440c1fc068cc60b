"""Targets computed from the register (issue 12, item 6): the plan office marks a plan target
"computed from the register" with a formula (``computed.registry.FORMULAS``), and its monthly
figures are then recomputed whenever the register's data change (the ``register_changed``
signal, on the background worker) and every night; they are written through the indicators'
own service (``observations_computed_write``), which lets the statistics bureau's official
figure win and never overwrites a figure a person entered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.numbers import plain
from gongye.core.periods import months_elapsed
from gongye.enterprises.choices import EnterpriseVerb
from gongye.enterprises.computed import reads
from gongye.enterprises.computed.permissions import can_set_computed
from gongye.enterprises.computed.registry import FORMULAS, Formula
from gongye.enterprises.computed.units import UnitMismatch, convert, measure_for
from gongye.enterprises.models import ComputedTarget, Enterprise
from gongye.indicators.services.register_figures import (
    observations_computed_clear,
    observations_computed_write,
)
from gongye.orgs.models import Region

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.plans.models import Target

logger = logging.getLogger(__name__)

_PARAM_MAX = Decimal("1e12")


def formulas_loaded() -> dict[str, Formula]:
    """Every registered formula (importing the modules that register them)."""
    from gongye.enterprises.computed import formulas  # noqa: F401  (registers on import)

    return FORMULAS


def clean_params(formula: Formula, raw: dict[str, Any] | None) -> dict[str, str]:
    """The formula's parameters from the form or the API: each a positive number (its default
    when not given); unknown ones refused. Stored as strings (exact decimals in JSON)."""
    raw = raw or {}
    known = {p.key: p for p in formula.params}
    errors: list[str] = []
    for key in raw:
        if key not in known:
            errors.append(
                _("“%(formula)s”没有参数“%(key)s”。") % {"formula": formula.label, "key": key}
            )
    cleaned: dict[str, str] = {}
    for param in formula.params:
        value = raw.get(param.key)
        if value is None or str(value).strip() == "":
            cleaned[param.key] = str(param.default)
            continue
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number <= 0 or number > _PARAM_MAX:
            errors.append(
                _("参数“%(label)s”应为大于 0 的数（%(unit)s）。")
                % {"label": param.label, "unit": param.unit}
            )
            continue
        cleaned[param.key] = plain(number)
    if errors:
        raise ValidationError({"params": errors})
    return cleaned


def _params_of(computed: ComputedTarget, formula: Formula) -> dict[str, Decimal]:
    stored = computed.params or {}
    return {p.key: Decimal(str(stored.get(p.key, p.default))) for p in formula.params}


@transaction.atomic
def computed_target_set(
    *, actor: User, target: Target, formula: str, params: dict[str, Any] | None = None
) -> ComputedTarget:
    """Marks the target computed from the register by ``formula`` (and its parameters), then
    computes its figures at once. The formula's figure must convert to the target's unit and
    judge its kind (a rate never judges a total), else nothing is written."""
    can_set_computed(actor, target).require()
    found = formulas_loaded().get(formula)
    if found is None:
        raise ValidationError({"formula": [_("请选择一个计算公式。")]})
    try:
        measure_for(found, target)
    except UnitMismatch as error:
        raise ValidationError({"formula": [str(error)]}) from error
    cleaned = clean_params(found, params)
    computed = ComputedTarget.objects.filter(target=target).first()
    before = {"formula": computed.formula, "params": computed.params} if computed else None
    if computed is None:
        computed = ComputedTarget(target=target)
    computed.formula, computed.params, computed.set_by = formula, cleaned, actor
    computed.save()
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.COMPUTED_SET,
        target=target,
        before=before,
        after={"formula": formula, "label": str(found.label), "params": cleaned},
    )
    with reads.sharing():
        _recompute_one(computed, target.plan.region, target.plan.year, None)
    return computed


@transaction.atomic
def computed_target_clear(*, actor: User, target: Target) -> None:
    """The target is measured as before (entered figures): the mark and its computed figures
    go."""
    can_set_computed(actor, target).require()
    computed = ComputedTarget.objects.filter(target=target).first()
    if computed is None:
        raise ValidationError(_("该目标并未设置为由系统计算。"))
    before = {"formula": computed.formula, "params": computed.params}
    computed.delete()
    removed = observations_computed_clear(target=target, note=_("取消由系统计算"))
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.COMPUTED_CLEAR,
        target=target,
        before=before,
        after={"observations_removed": removed},
    )


@dataclass(frozen=True)
class RecomputeResult:
    targets: int
    written: int
    official: int


def _months(year: int, month: int | None) -> list[int]:
    ended = months_elapsed(year, timezone.localdate())
    first = month if month is not None and 1 <= month <= 12 else 1
    return list(range(first, ended + 1))


def _recompute_one(
    computed: ComputedTarget,
    region: Region,
    year: int,
    month: int | None,
    is_demo: bool | None = None,
) -> dict[str, list[int]]:
    target = computed.target
    formula = formulas_loaded().get(computed.formula)
    months = _months(year, month)
    if formula is None or not months:
        return {}
    try:
        measure = measure_for(formula, target)
    except UnitMismatch:  # the target's unit or kind was edited since: nothing sensible to write
        logger.warning("computed target %s no longer pairs with %s", target.pk, formula.key)
        return {}
    figures = formula.months(region, year, months, _params_of(computed, formula))
    converted = {
        m: None if v is None else convert(v, formula.unit, target.unit) for m, v in figures.items()
    }
    if is_demo is None:
        is_demo = _register_is_demo(region)
    outcome = observations_computed_write(
        target=target,
        year=year,
        measure=str(measure),
        figures=converted,
        is_demo=is_demo,
        note=str(formula.label),
    ).as_dict()
    computed.computed_at = timezone.now()
    computed.last_run = {"year": year, **outcome}
    computed.save(update_fields=["computed_at", "last_run"])
    return outcome


def _register_is_demo(region: Region) -> bool:
    """Figures computed from a register holding demo enterprises are demo figures too."""
    return Enterprise.objects.filter(region=region, is_demo=True).exists()


@transaction.atomic
def computed_targets_recompute(
    *, region: Region, year: int, month: int | None = None
) -> RecomputeResult:
    """Every target of ``region``'s plans of ``year`` marked computed: its figures from
    ``month`` (or January) to the last ended month, all formulas sharing their reads (a fixed
    handful of queries for the region-year). One audit entry for the run, one per target
    whose figures changed (written by the indicators' service)."""
    computed = list(
        ComputedTarget.objects.filter(
            target__plan__region=region, target__plan__year=year, target__is_active=True
        ).select_related("target__plan__region")
    )
    written = official = 0
    is_demo = _register_is_demo(region) if computed else False
    with reads.sharing():
        for item in computed:
            outcome = _recompute_one(item, region, year, month, is_demo)
            written += len(outcome.get("written", []))
            official += len(outcome.get("official", []))
    if computed:
        audit_record(
            actor=None,
            actor_name="系统计算",
            verb=EnterpriseVerb.COMPUTED_RUN,
            target=region,
            target_repr=f"{region.name}{year}年由系统计算的目标",
            after={
                "year": year,
                "month": month,
                "targets": len(computed),
                "written": written,
                "official": official,
            },
            region_code=region.code,
        )
    return RecomputeResult(targets=len(computed), written=written, official=official)
