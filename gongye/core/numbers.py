"""Numbers as officials write them: 200, 12.5, 0.35 — never 2E+2 (``Decimal.normalize``
prints exponents) nor 200.0000 (the database's four places)."""

from __future__ import annotations

from decimal import Decimal
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
