"""Chinese dates as official documents write them (2022年6月30日), one formatter for the whole
product: bulletins, reminders, reports."""

from __future__ import annotations

import datetime as dt


def date_zh(day: dt.date) -> str:
    """2022年6月30日 — no leading zeros, as in 公文."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_zh(year: int, month: int) -> str:
    """2022年6月."""
    return f"{year}年{month}月"
