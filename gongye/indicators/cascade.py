"""Cascade (分解): a county target split among its townships and the development zone, checked
against the whole — pure maths, no ORM, the same numbers and wording as ``pace``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

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
                (
                    _("各部分合计%(combined)s，未超过上限%(whole)s。")
                    % {"combined": number(combined), "whole": number(whole)}
                )
                if ok
                else (
                    _("各部分合计%(combined)s，超过上限%(whole)s共%(diff)s。")
                    % {"combined": number(combined), "whole": number(whole), "diff": number(diff)}
                )
            )
        else:
            ok = diff == 0
            if ok:
                message = _("各部分合计%(combined)s，与总目标一致。") % {
                    "combined": number(combined)
                }
            elif diff > 0:
                message = _("各部分合计%(combined)s，比总目标%(whole)s多%(diff)s。") % {
                    "combined": number(combined),
                    "whole": number(whole),
                    "diff": number(diff),
                }
            else:
                message = _("各部分合计%(combined)s，比总目标%(whole)s少%(diff)s。") % {
                    "combined": number(combined),
                    "whole": number(whole),
                    "diff": number(-diff),
                }
        return CascadeResult(
            ok, rounded(whole, 4), rounded(combined, 4), rounded(diff, 4), (), message
        )
    if kind in (GROWTH, SHARE):
        below = tuple(name for name, v in values.items() if v < whole)
        below_text = _("、").join(
            _("%(name)s（%(value)s%%）") % {"name": n, "value": number(values[n])} for n in below
        )
        if weights is None:
            combined = min(values.values())
            ok = not below
            message = (
                (_("各部分均不低于总目标%(whole)s%%。") % {"whole": number(whole)})
                if ok
                else (
                    _("%(below_text)s低于总目标%(whole)s%%。")
                    % {"below_text": below_text, "whole": number(whole)}
                )
            )
        else:
            if set(weights) != set(values):
                raise ValueError("weights must name exactly the parts")
            w = {name: _frac(v) for name, v in weights.items()}
            if any(x <= 0 for x in w.values()):
                raise ValueError("weights must be positive")
            combined = sum((values[n] * w[n] for n in values), Fraction(0)) / sum(w.values())
            ok = combined >= whole
            verdict = _("不低于") if ok else _("低于")
            message = _("各部分加权合计%(combined)s%%，%(verdict)s总目标%(whole)s%%。") % {
                "combined": number(combined),
                "verdict": verdict,
                "whole": number(whole),
            }
            if below:
                message += _("其中%(below_text)s低于总目标。") % {"below_text": below_text}
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
