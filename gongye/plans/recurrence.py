"""Recurring deadlines (周期性时限): a task the plan gives "每月10日前", "每月底", "每季度末" or
"每季度首月10日前" has no single deadline but one per period. ``recurrence_of`` reads the
period from a task's time cell (or its text); ``Recurrence.deadlines`` lists the year's.
督办 holds each such task to the deadline of the period it has not yet reported for
(``supervision.rules.recurring_due``), so it turns red when a period passes unreported."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DAY = r"(\d{1,2})\s*[日号]"
_BEFORE = r"(?:之?前|以前|前完成)?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # (pattern, shape) — the day from group 1 when there is one, else the month's last day
    (re.compile(rf"每个?月(?:的)?{_DAY}{_BEFORE}"), "month"),
    (re.compile(r"每个?月(?:底|末|月底|月末)"), "month"),
    (re.compile(rf"每个?季度?(?:首月|第一个月|初){_DAY}{_BEFORE}"), "quarter_first"),
    (re.compile(rf"每个?季度?(?:结束后|后){_DAY}内?"), "quarter_after"),
    (re.compile(r"每个?季度?(?:末|底|最后一个月)"), "quarter_end"),
    (re.compile(r"每半年(?:末|底)?"), "half"),
]

# the months (of the plan's year; 13 is next January) each shape falls due in
_MONTHS = {
    "month": range(1, 13),
    "quarter_first": (1, 4, 7, 10),
    "quarter_after": (4, 7, 10, 13),  # a quarter reported after it ends: the next one's first
    "quarter_end": (3, 6, 9, 12),
    "half": (6, 12),
}


@dataclass(frozen=True)
class Recurrence:
    shape: str  # a key of _MONTHS
    day: int  # day of the month; 0 for its last day

    def deadlines(self, year: int) -> list[dt.date]:
        """The year's deadlines, in order (the last quarter's report "after it ends" falls
        in next January)."""
        result = []
        for month in _MONTHS[self.shape]:
            y, m = (year + 1, 1) if month == 13 else (year, month)
            last = calendar.monthrange(y, m)[1]
            result.append(dt.date(y, m, min(self.day, last) if self.day else last))
        return result


def recurrence_of(*texts: str) -> Recurrence | None:
    """The first recurring period named in ``texts`` (a task's time cell, then its text)."""
    for text in texts:
        for pattern, shape in _PATTERNS:
            found = pattern.search(text or "")
            if found:
                day = int(found.group(1)) if found.groups() and found.group(1) else 0
                if not 0 <= day <= 31:
                    continue
                return Recurrence(shape, day)
    return None
