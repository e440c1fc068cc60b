"""The formulas a plan target may be computed by (issue 12, item 6; issue 13, item 6): one
registry for every app that computes figures from its own register — the enterprise register
(``gongye.enterprises.computed``) and the project register (``gongye.projects.computed``).
It lives in core, a shared building block, because more than one domain app contributes to it
(each app's ``AppConfig.ready`` imports the module that registers its formulas, so every
formula is known once the apps are ready); the enterprise app keeps what depends on plans and
indicators: the mark on a target (``ComputedTarget``), the unit rules
(``enterprises.computed.units``), the recompute and its pages.

Each formula is a function of (region, year, month) → the figure for that month, or None when
the register holds nothing to compute it from. Apps register theirs with
``@formula("key", label, unit)``; ``FORMULAS`` is what the plan office chooses from when it
marks a target "computed from the register".

A formula may also say:

- ``measure``: what kind of figure it gives, in the indicators' words (``cumulative`` — a
  total of the year so far, the default; ``level`` — a count at the month's end; ``growth`` —
  a year-on-year rate in %; ``share`` — a share in %). It decides which targets it may be
  paired with (a rate never judges a total);
- ``params``: the parameters it takes (a revenue line …), each with its label, unit and
  default; the compute function then receives them as keyword arguments;
- ``by_year=True``: the function computes a whole year at once,
  ``(region, year, months, **params) → {month: figure}``, in a few queries whatever the number
  of months (the recompute asks for a year; ``Formula.compute`` still answers one month).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Compute = Callable[..., Decimal | None]  # (region, year, month, **params)
ComputeYear = Callable[..., dict[int, Decimal | None]]  # (region, year, months, **params)


@dataclass(frozen=True)
class Param:
    """A parameter a formula takes: its key, its label for the form, the unit it is stated in
    and its default."""

    key: str
    label: Any  # lazily translated
    unit: str
    default: Decimal


@dataclass(frozen=True)
class Formula:
    key: str
    label: Any  # lazily translated
    unit: str  # the unit its figure is in (家, 万元, 亿元, %)
    compute: Compute
    measure: str = "cumulative"
    params: tuple[Param, ...] = ()
    compute_year: ComputeYear | None = None
    description: Any = ""  # lazily translated: how it is computed, for the form

    def months(
        self, region: Any, year: int, months: Sequence[int], params: dict[str, Decimal]
    ) -> dict[int, Decimal | None]:
        """The figures of ``months`` of ``year``: in one pass when the formula can, else month
        by month."""
        if self.compute_year is not None:
            return self.compute_year(region, year, list(months), **params)
        return {m: self.compute(region, year, m, **params) for m in months}


FORMULAS: dict[str, Formula] = {}


def formula(
    key: str,
    label: Any,
    unit: str,
    *,
    measure: str = "cumulative",
    params: tuple[Param, ...] = (),
    by_year: bool = False,
    description: Any = "",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if key in FORMULAS:
            raise ValueError(f"formula {key} registered twice")
        if by_year:

            def one_month(region: Any, year: int, month: int, **kw: Any) -> Decimal | None:
                return func(region, year, [month], **kw).get(month)

            FORMULAS[key] = Formula(key, label, unit, one_month, measure, params, func, description)
        else:
            FORMULAS[key] = Formula(key, label, unit, func, measure, params, None, description)
        return func

    return register
