"""Numbers as officials write them: 200, 12.5, 0.35 — never 2E+2 (``Decimal.normalize``
prints exponents) nor 200.0000 (the database's four places)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any


def plain(value: Any) -> str:
    """A Decimal (or int/str of one) without exponent and without trailing zeros; "" for
    None."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# One rounding rule for every figure shown to people: half up (四舍五入), as officials round with
# a calculator, computed exactly on the Decimal or Fraction given (no float, no division at the
# context's 28 digits before rounding), so 0.125 → 0.13 and 2/3 → 0.67 wherever they appear.


def _exact(value: Decimal | Fraction | int) -> Fraction:
    if isinstance(value, float):
        raise TypeError("floats are not accepted; pass Decimal or Fraction")
    return Fraction(value)


def rounded(value: Decimal | Fraction | int, places: int = 2) -> Decimal:
    """``value`` rounded half up (away from zero on a tie) to ``places`` decimals."""
    exact = _exact(value)
    whole = math.floor(abs(exact) * 10**places + Fraction(1, 2))
    return Decimal(-whole if exact < 0 else whole).scaleb(-places)


def number(value: Decimal | Fraction | int | None, places: int = 2) -> str:
    """A figure as the office writes it: at most ``places`` decimals, rounded half up, no
    trailing zeros (12.35, 200); "—" for None."""
    return "—" if value is None else plain(rounded(value, places))


def percent(value: Decimal | Fraction | int | None, places: int = 1, *, trim: bool = False) -> str:
    """A ratio as a percentage (2/3 → "66.7%"), rounded half up to ``places``; "—" for None
    (nothing to divide by). Tables keep the places ("100.0%", columns line up); ``trim`` drops
    trailing zeros for running text ("序时进度60%")."""
    if value is None:
        return "—"
    figure = rounded(_exact(value) * 100, places)
    return f"{plain(figure) if trim else f'{figure:f}'}%"
