"""Dates as each language writes them, one formatter for the whole product. Chinese as
official documents write them (2022年6月30日): bulletins, reminders, reports and every
Chinese export use ``date_zh`` / ``month_zh`` whatever the reader's language. Pages use
``date_local`` / ``month_local``, which follow the language of the request: 2022年6月30日 in
Chinese, 30 June 2022 in English."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def date_zh(day: dt.date) -> str:
    """2022年6月30日 — no leading zeros, as in 公文."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_zh(year: int, month: int) -> str:
    """2022年6月."""
    return f"{year}年{month}月"


def in_english() -> bool:
    """Whether the active language (the request's, or an override's) is English."""
    return (get_language() or "").startswith("en")


def date_local(day: dt.date) -> str:
    """2022年6月30日, or 30 June 2022 in English."""
    if in_english():
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return date_zh(day)


def month_local(year: int, month: int) -> str:
    """2022年6月, or June 2022 in English."""
    if in_english():
        return f"{MONTHS_EN[month - 1]} {year}"
    return month_zh(year, month)


def month_name(month: int) -> str:
    """6月, or June in English."""
    return MONTHS_EN[month - 1] if in_english() else f"{month}月"


def day_local(day: dt.date) -> str:
    """6月30日, or 30 June in English (a date within a year the page already names)."""
    if in_english():
        return f"{day.day} {MONTHS_EN[day.month - 1]}"
    return f"{day.month}月{day.day}日"


def weekday_names() -> tuple[str, ...]:
    """Monday first: 周一 … 周日, or Mon … Sun in English."""
    return WEEKDAYS_EN if in_english() else WEEKDAYS_ZH
