"""Chinese numerals and deadline cells ("1月", "一季度", "10月底前", "全年") read as dates."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

from gongye.core.periods import month_end

from .model import Period

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
}
_CN_DIGITS |= {"四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7}
_CN_DIGITS |= {"八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUMERAL_CHARS = "〇零一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟"


def to_halfwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def cn_to_int(text: str) -> int | None:
    """ "十二" → 12, "一百零五" → 105, "两千" → 2000, "三" → 3; None if not a numeral."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        # "二〇二二" style: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    number = 0
    seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
            seen = True
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            section += (number or 1) * unit
            number = 0
            seen = True
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total += (section + number) * 100_000_000
            section = number = 0
        else:
            return None
    if not seen and not total:
        return None
    return total + section + number


def parse_number(text: str) -> Decimal | None:
    text = to_halfwidth(text).replace(",", "").replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    n = cn_to_int(text)
    return Decimal(n) if n is not None else None


_NUM = rf"(\d{{1,2}}|[{CN_NUMERAL_CHARS}]{{1,3}})"
_YEAR = r"(?:(\d{4})\s*年(?:度)?)?"
_QUARTER = re.compile(rf"^{_YEAR}(?:第)?([1-4一二三四])\s*季度(?:末|底)?(?:前|之前|以前|内)?$")
_MONTH_DAY = re.compile(rf"{_YEAR}{_NUM}\s*月\s*{_NUM}\s*[日号]")
_MONTH_END = re.compile(
    rf"{_YEAR}{_NUM}\s*月(?:份)?(?:底|末|末前|底前|前|之前|以前|内|中旬|上旬|下旬)"
)
_MONTH_RANGE = re.compile(rf"{_YEAR}{_NUM}\s*月?\s*(?:[-—–~～至到])\s*{_NUM}\s*月")
_MONTH = re.compile(rf"^{_YEAR}{_NUM}\s*月(?:份)?$")
_MONTH_ANY = re.compile(rf"{_YEAR}{_NUM}\s*月")
_WHOLE_YEAR = re.compile(
    r"^(?:\d{4}年(?:度)?)?(?:全年|年内|年底|年底前|年末|年度|长期|长期坚持|持续推进|常态化|"
    r"全年推进|贯穿全年|整年|年底完成|12月底前)$"
)


def _month(token: str) -> int | None:
    n = cn_to_int(to_halfwidth(token))
    return n if n is not None and 1 <= n <= 12 else None


def parse_period(text: str, year: int | None) -> Period | None:
    """Read a month/deadline cell. Returns None when the text is not a period at all."""
    raw = (text or "").strip()
    if not raw:
        return None
    label = re.sub(r"\s+", "", raw)
    t = to_halfwidth(label)
    if len(t) > 24:
        return None

    def y(explicit: str | None) -> int | None:
        return int(explicit) if explicit else year

    m = _MONTH.match(t)
    if m and (mo := _month(m.group(2))):
        yy = y(m.group(1))
        return Period(label, mo, month_end(yy, mo) if yy else None)
    m = _QUARTER.match(t)
    if m:
        q = cn_to_int(m.group(2)) or 1
        yy = y(m.group(1))
        return Period(label, None, month_end(yy, q * 3) if yy else None)
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", t)
    if m:  # "2023-06-30" (as the exports write dates)
        try:
            stated = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return Period(label, stated.month, stated)
    m = re.fullmatch(r"(\d{4})\s*年(?:度)?(?:底|末)?(?:前|之前|以前)?", t)
    if m:  # "2025年", "2025年底前": the end of that year
        return Period(label, None, date(int(m.group(1)), 12, 31))
    if re.fullmatch(r"(?:\d{4}年)?上半年(?:底|末)?(?:前)?", t):
        return Period(label, None, date(year, 6, 30) if year else None)
    if re.fullmatch(r"(?:\d{4}年)?下半年", t) or _WHOLE_YEAR.match(t):
        return Period(label, None, date(year, 12, 31) if year else None)
    m = _MONTH_RANGE.search(t)
    if m and (mo := _month(m.group(3))) and _month(m.group(2)):
        yy = y(m.group(1))
        return Period(label, mo, month_end(yy, mo) if yy else None)
    dates: list[tuple[date | None, int]] = []
    for m in _MONTH_DAY.finditer(t):
        mo, day = _month(m.group(2)), cn_to_int(m.group(3))
        yy = y(m.group(1))
        if mo and day and 1 <= day <= 31:
            due = None
            if yy:
                due = date(yy, mo, min(day, calendar.monthrange(yy, mo)[1]))
            dates.append((due, mo))
    if not dates:
        for m in _MONTH_END.finditer(t):
            mo = _month(m.group(2))
            if not mo:
                continue
            yy = y(m.group(1))
            suffix = t[m.end(2) :].lstrip("月份")
            due = None
            if yy:
                if suffix.startswith("上旬"):
                    due = date(yy, mo, 10)
                elif suffix.startswith("中旬"):
                    due = date(yy, mo, 20)
                else:
                    due = month_end(yy, mo)
            dates.append((due, mo))
    if not dates:
        # "3月、6月、9月" or "2022年3月": every month mentioned; the last one is the deadline
        months = [(_month(m.group(2)), m.group(1)) for m in _MONTH_ANY.finditer(t)]
        rest = _MONTH_ANY.sub("", t)
        if months and all(mo for mo, _ in months) and not re.search(r"[\u4e00-\u9fff]{3,}", rest):
            for mo, yy_text in months:
                assert mo is not None
                yy = y(yy_text)
                dates.append((month_end(yy, mo) if yy else None, mo))
    if dates:
        due, mo = max(dates, key=lambda d: (d[0] or date.min, d[1]))
        return Period(label, mo, due)
    return None
