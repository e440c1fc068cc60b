"""Cascade (分解): a county target split among its townships and the development zone, checked
against the whole — pure maths, no ORM, the same numbers and wording as ``pace``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gongye.core.numbers import number, rounded
from gongye.indicators.pace import COUNT, GROWTH, LEVEL, SHARE, UPPER_BOUND


@dataclass(frozen=True)
class CascadeResult:
    ok: bool
    total: Decimal
    combined: Decimal  # sum of parts, or their (weighted) figure for rates
    difference: Decimal  # combined − total
    below: tuple[str, ...]  # parts whose rate is below the whole's (rates only)
    message: str


def cascade_check(
    total: Decimal,
    parts: Mapping[str, Decimal],
    kind: str,
    *,
    weights: Mapping[str, Decimal] | None = None,
) -> CascadeResult:
    """Check a target split among townships and the development zone (分解) against the whole.

    - level, count (additive): the parts must add up to the whole exactly; the difference is
      reported (分解多了 is also flagged: a county that over-allocates should say so openly).
    - upper_bound (a ceiling, additive): the parts must not add up to more than the whole.
    - growth, share (rates): without weights, no part may be below the whole's rate. With
      weights (last year's base for growth, the denominator for shares) the weighted mean of
      the parts must reach the whole's rate; parts below it are listed but do not fail the
      check, since a fast township can carry a slow one.
    - rank_change: a county's rank move is not divided among its parts; ``ValueError``.
    """
    if not parts:
        raise ValueError("no parts to check")
    whole = _frac(total)
    values = {name: _frac(v) for name, v in parts.items()}
    if kind in (LEVEL, COUNT, UPPER_BOUND):
        combined = sum(values.values(), Fraction(0))
        diff = combined - whole
        if kind == UPPER_BOUND:
            ok = diff <= 0
            message = (
                f"各部分合计{number(combined)}，未超过上限{number(whole)}。"
                if ok
                else f"各部分合计{number(combined)}，超过上限{number(whole)}共{number(diff)}。"
            )
        else:
            ok = diff == 0
            if ok:
                message = f"各部分合计{number(combined)}，与总目标一致。"
            elif diff > 0:
                message = f"各部分合计{number(combined)}，比总目标{number(whole)}多{number(diff)}。"
            else:
                message = (
                    f"各部分合计{number(combined)}，比总目标{number(whole)}少{number(-diff)}。"
                )
        return CascadeResult(
            ok, rounded(whole, 4), rounded(combined, 4), rounded(diff, 4), (), message
        )
    if kind in (GROWTH, SHARE):
        below = tuple(name for name, v in values.items() if v < whole)
        below_text = "、".join(f"{n}（{number(values[n])}%）" for n in below)
        if weights is None:
            combined = min(values.values())
            ok = not below
            message = (
                f"各部分均不低于总目标{number(whole)}%。"
                if ok
                else f"{below_text}低于总目标{number(whole)}%。"
            )
        else:
            if set(weights) != set(values):
                raise ValueError("weights must name exactly the parts")
            w = {name: _frac(v) for name, v in weights.items()}
            if any(x <= 0 for x in w.values()):
                raise ValueError("weights must be positive")
            combined = sum((values[n] * w[n] for n in values), Fraction(0)) / sum(w.values())
            ok = combined >= whole
            verdict = "不低于" if ok else "低于"
            message = f"各部分加权合计{number(combined)}%，{verdict}总目标{number(whole)}%。"
            if below:
                message += f"其中{below_text}低于总目标。"
        return CascadeResult(
            ok,
            rounded(whole, 4),
            rounded(combined, 4),
            rounded(combined - whole, 4),
            below,
            message,
        )
    raise ValueError(f"a {kind} target is not split among parts")


def _frac(value: Decimal) -> Fraction:
    if isinstance(value, float):
        raise TypeError("floats are not accepted; pass Decimal")
    return Fraction(value)
