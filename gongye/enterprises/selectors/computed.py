"""Reads for targets computed from the register: the part of a target's page that says how it
is computed (``EnterprisesConfig.target_sections``) and the plan office's form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from gongye.enterprises.computed.permissions import can_set_computed
from gongye.enterprises.computed.registry import Formula
from gongye.enterprises.computed.units import UnitMismatch, measure_for
from gongye.enterprises.models import ComputedTarget
from gongye.plans.models import Target

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User


@dataclass(frozen=True)
class ComputedSection:
    target: Target
    computed: ComputedTarget | None
    formula: Formula | None
    params: list[tuple[Any, str, str]]  # (label, value, unit)
    can_set: bool


def _formulas() -> dict[str, Formula]:
    from gongye.enterprises.services.computed import formulas_loaded

    return formulas_loaded()


def params_shown(computed: ComputedTarget, formula: Formula | None) -> list[tuple[Any, str, str]]:
    if formula is None:
        return []
    stored = computed.params or {}
    return [(p.label, str(stored.get(p.key, p.default)), p.unit) for p in formula.params]


def target_computed_section(user: User | AnonymousUser, target: Target) -> ComputedSection | None:
    """How the target is computed from the register, for anyone who reads the target's page;
    nothing when it is not computed and the reader may not set it (one query)."""
    computed = ComputedTarget.objects.filter(target=target).first()
    can_set = bool(can_set_computed(user, target))
    if computed is None and not can_set:
        return None
    formula = _formulas().get(computed.formula) if computed else None
    return ComputedSection(
        target=target,
        computed=computed,
        formula=formula,
        params=params_shown(computed, formula) if computed else [],
        can_set=can_set,
    )


def computed_target_for(user: User, pk: int) -> Target:
    """A target in the user's scope (else 404)."""
    return get_object_or_404(Target.objects.in_scope(user).select_related("plan__region"), pk=pk)


def formulas_for(target: Target) -> list[Formula]:
    """The formulas whose figure converts to the target's unit and judges its kind."""
    fitting = []
    for formula in _formulas().values():
        try:
            measure_for(formula, target)
        except UnitMismatch:
            continue
        fitting.append(formula)
    return sorted(fitting, key=lambda f: f.key)
