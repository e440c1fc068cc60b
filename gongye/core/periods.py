"""The plan's time: months, quarters, cumulative periods (1–N月) and which month a page opens
on — one set of rules for targets, tasks, bulletins and sheets. Pure: no ORM."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from django.utils.translation import gettext_noop


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), month_end(year, month)


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = 3 * (quarter - 1) + 1
    return month_bounds(year, first)[0], month_end(year, first + 2)


def months_elapsed(year: int, as_of: dt.date) -> int:
    """Months of ``year`` that have ended by ``as_of`` (a month ends on its last day)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return 12
    last_day = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.month if as_of.day == last_day else as_of.month - 1


def default_month(year: int, today: dt.date) -> int:
    """The month a page opens on: this month in the current year, December for a past year,
    January for a future one."""
    if year == today.year:
        return today.month
    return 12 if year < today.year else 1


def default_year(years: Sequence[int], today: dt.date) -> int:
    """This year when there is a plan for it, else the latest plan before it (next year's plan,
    imported ahead, does not open the pages on an empty year), else the earliest after it."""
    if not years or today.year in years:
        return today.year
    past = [y for y in years if y < today.year]
    return max(past) if past else min(years)


def cumulative_label(month: int) -> str:
    """The bureau's name for the cumulative period ending in ``month``: 1月, 1–5月."""
    return "1月" if month == 1 else f"1–{month}月"


_MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*月份?\s*$")
# "1-5月", "1～5月", "1至5月": the bureau's cumulative columns, read as their last month
_RANGE_RE = re.compile(r"^\s*(\d{1,2})\s*(?:月\s*)?[-－—–~～至到]\s*(\d{1,2})\s*月份?\s*$")
_QUARTER_RE = re.compile(r"^\s*(?:第)?([一二三四1-4])\s*季度\s*$|^\s*[Qq]([1-4])\s*$")
_NAMED_PERIODS = {"上半年": 6, "前三季度": 9, "全年": 12, "全年度": 12, "年度": 12}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def period_month(text: str) -> int | None:
    """The month a column header stands for: "5月" → 5; a cumulative "1-5月" → 5; a quarter
    ("一季度", "第二季度", "Q3") → its last month; "上半年" → 6, "前三季度" → 9, "全年" → 12.
    A figure for a quarter or a year is kept as the figure of its last month. None when the
    header names no period; a cumulative period not starting in 1月 is returned negative and
    a number outside 1–12 as is (the caller refuses both)."""
    if m := _MONTH_RE.match(text):
        return int(m[1])
    if m := _RANGE_RE.match(text):
        return int(m[2]) if int(m[1]) == 1 else -int(m[2])  # cumulative periods start in 1月
    if m := _QUARTER_RE.match(text):
        digit = m[1] or m[2]
        return 3 * (_CN_DIGITS.get(digit) or int(digit))
    return _NAMED_PERIODS.get(text.strip())


# --------------------------------------------------------------------------- on pages

# recurring deadlines as plans write them (plans.recurrence reads the same shapes), each with
# the words a page in another language says it in
_DAY = r"(\d{1,2})\s*[日号]"
_RECURRING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^每个?月(?:的)?{_DAY}(?:之?前|以前|前完成)?$"), gettext_noop("每月%(day)s日前")),
    (re.compile(r"^每个?月(?:底|末|月底|月末)$"), gettext_noop("每月底")),
    (
        re.compile(rf"^每个?季度?(?:首月|第一个月|初){_DAY}(?:之?前|以前|前完成)?$"),
        gettext_noop("每季度首月%(day)s日前"),
    ),
    (re.compile(rf"^每个?季度?(?:结束后|后){_DAY}内?$"), gettext_noop("每季度结束后%(day)s日内")),
    (re.compile(r"^每个?季度?(?:末|底|最后一个月)$"), gettext_noop("每季度末")),
    (re.compile(r"^每半年(?:末|底)?$"), gettext_noop("每半年")),
)

_MONTHS_SHORT_EN = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_PERIOD_WORDS_EN = {"每月": "Monthly", "全年": "Whole year", "年内": "Within the year"}


def period_local(label: str) -> str:
    """A task's period as the plan's table heads it (7月, 1-3月, 每月), in the page's language:
    July, Jan–Mar, Monthly in English; the plan's own words in Chinese (and in English for a
    heading of another shape, which is the document's)."""
    from gongye.core.dates import in_english, month_name

    if not in_english() or not label:
        return label
    if m := _MONTH_RE.match(label):
        return month_name(int(m[1])) if 1 <= int(m[1]) <= 12 else label
    if m := _RANGE_RE.match(label):
        first, last = int(m[1]), int(m[2])
        if 1 <= first <= 12 and 1 <= last <= 12:
            return f"{_MONTHS_SHORT_EN[first - 1]}–{_MONTHS_SHORT_EN[last - 1]}"
    if m := _QUARTER_RE.match(label):
        digit = m[1] or m[2]
        return f"Q{_CN_DIGITS.get(digit) or int(digit)}"
    for pattern, words in _RECURRING:
        if m := pattern.match(label.strip()):
            from django.utils.translation import gettext

            return gettext(words) % {"day": m[1]} if m.groups() else gettext(words)
    return _PERIOD_WORDS_EN.get(label.strip(), label)


def task_citation(period_label: str, seq: int | None) -> str:
    """How officials cite a key task: 6月第3项 (June, no. 3 in English); the period alone for
    a task without a number."""
    from django.utils.translation import gettext

    period = period_local(period_label)
    if not seq:
        return period
    return gettext("%(period)s第%(seq)s项") % {"period": period, "seq": seq}
