"""The formulas a plan target may be computed by from the register (issue 12, item 6).

Each formula is a function of (region, year, month) → the figure for that month, or None when
the register holds nothing to compute it from. Parts of the app register theirs with
``@formula("key", label, unit)``; ``FORMULAS`` is what the plan office chooses from when it
marks a target "computed from the register".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Compute = Callable[[Any, int, int], Decimal | None]  # (region, year, month)


@dataclass(frozen=True)
class Formula:
    key: str
    label: Any  # lazily translated
    unit: str  # the unit its figure is in (家, 万元, 亿元, %)
    compute: Compute


FORMULAS: dict[str, Formula] = {}


def formula(key: str, label: Any, unit: str) -> Callable[[Compute], Compute]:
    def register(func: Compute) -> Compute:
        if key in FORMULAS:
            raise ValueError(f"formula {key} registered twice")
        FORMULAS[key] = Formula(key, label, unit, func)
        return func

    return register
