"""The plan's checkpoints (序时节点): the share of the year's work due by a month's end.

County plans state them in a few set ways, and the pace rule judges every target by them:

- the half-year slogan "时间过半、任务过半/过六(成)/完成60%": month 6, 50% / 60% / 60%;
- a period and a share of the year's task: "6月底完成全年任务的60%", "一季度完成30%",
  "前三季度完成全年目标任务的75%", "上半年完成任务过半", "前5个月完成40%".

A share stated for one indicator only ("6月底规上工业产值完成全年目标的60%") is that
indicator's milestone, not the plan's checkpoint: between the period and the verb only filler
words (确保, 力争, 累计 …) may stand. Pure functions, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .periods import cn_to_int, to_halfwidth

_NUMERAL = r"\d{1,2}|[一二三四五六七八九十两]{1,3}"
# the share: 60% / 百分之六十 / 过六(成) / 六成 / 过半 / 一半
_NOT_TENTHS = r"(?![\d一二三四五六七八九十百千万亿%个项家次件户批])"
_SHARE = (
    r"(?:"
    r"过?(?P<pct>\d{1,3}(?:\.\d+)?)\s*%"
    r"|过?百分之(?P<cn_pct>[一二三四五六七八九十百]{1,4})"
    r"|过(?P<over_tenths>[一二三四五六七八九])成?"
    + _NOT_TENTHS
    + r"|(?P<tenths>[一二三四五六七八九])成"
    r"|(?P<half>过半|一半)"
    r")"
)
_PERIOD = (
    r"(?:"
    r"(?P<month>" + _NUMERAL + r")月(?:份)?(?:底|末)?"
    r"|(?:第)?(?P<quarter>[一二三四1-4])季度(?:末|底)?"
    r"|前(?P<quarters>[一二三两1-3])(?:个)?季度(?:末|底)?"
    r"|前(?P<months>" + _NUMERAL + r")个月"
    r"|(?P<half_year>上半年|年中)(?:末|底)?"
    r")(?:前)?"
)
_FILLER = r"(?:要|须|需|应|应当|必须|力争|确保|争取|累计|共|全县|全面|务必)*"
_OBJECT = r"(?:全年|年度)?(?:目标)?(?:工作)?(?:任务量?)?(?:的)?"
_TIME_HALF = re.compile(
    r"时间过半[、，,\s]*(?:目标)?(?:工作)?(?:任务量?)?"
    + _FILLER
    + r"(?:完成|达到|实现)?"
    + _OBJECT
    + _SHARE
)
_PERIOD_SHARE = re.compile(_PERIOD + _FILLER + r"(?:完成|达到|实现)" + _OBJECT + _SHARE)


@dataclass(frozen=True)
class FoundCheckpoint:
    """One checkpoint as written: by the end of ``month``, ``percent`` % of the year's work."""

    month: int
    percent: Decimal
    text: str  # the words it was read from


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() else cn_to_int(token)


def _percent(match: re.Match[str]) -> Decimal | None:
    if match.group("pct"):
        return Decimal(match.group("pct"))
    if match.group("cn_pct"):
        n = cn_to_int(match.group("cn_pct"))
        return Decimal(n) if n is not None else None
    tenths = match.group("over_tenths") or match.group("tenths")
    if tenths:
        n = cn_to_int(tenths)
        return Decimal(n * 10) if n is not None else None
    if match.group("half"):
        return Decimal(50)
    return None


def _month(match: re.Match[str]) -> int | None:
    if match.group("month"):
        return _number(match.group("month"))
    if match.group("quarter"):
        q = _number(match.group("quarter"))
        return 3 * q if q else None
    if match.group("quarters"):
        q = _number(match.group("quarters"))
        return 3 * q if q else None
    if match.group("months"):
        return _number(match.group("months"))
    if match.group("half_year"):
        return 6
    return None


def scan_checkpoints(text: str) -> list[FoundCheckpoint]:
    """Every checkpoint stated in one paragraph or cell, in the order written."""
    text = to_halfwidth(text)
    if "时间过半" not in text and "完成" not in text and "达到" not in text and "实现" not in text:
        return []
    found: list[tuple[int, FoundCheckpoint]] = []
    for match in _TIME_HALF.finditer(text):
        percent = _percent(match)
        if percent is not None:
            found.append((match.start(), FoundCheckpoint(6, percent, match.group(0))))
    for match in _PERIOD_SHARE.finditer(text):
        month, percent = _month(match), _percent(match)
        if month is not None and percent is not None:
            found.append((match.start(), FoundCheckpoint(month, percent, match.group(0))))
    return [
        c
        for _, c in sorted(found, key=lambda pair: pair[0])
        if 1 <= c.month <= 12 and 0 < c.percent <= 100
    ]
