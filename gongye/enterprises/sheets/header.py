"""The header of a bureau sheet: where the table starts, which column holds which measure in
which period (本月 / 本年累计) and unit, and the month the sheet reports.

Columns are recognised by meaning, in any order: a column's text is the text of every header
line above it, a merged cell's text spread over the columns it covers. Growth and
same-period-last-year columns (同比, 增速, 上年同期 …) are left alone. A unit is read from
the column's own header ("营业收入（千元）", a unit line under the measure) or from a 计量单位
line above the table, and converted: money to 万元, electricity to 千瓦时, energy to 吨标准煤.
A measure column without 本月 or 累计 in its header is 本年累计 when the title names a
cumulative period ("1-6月") and 本月 otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gongye.enterprises.sheets.grid import Grid

CODE = "credit_code"
NAME = "name"

# measure → (kind of unit, synonyms); the first synonym found in a column's text wins, so a
# longer name comes before a shorter one it contains
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "output_value": ("money", ("工业总产值", "总产值", "产值")),
    "value_added": ("money", ("工业增加值", "增加值")),
    "revenue": ("money", ("主营业务收入", "营业收入", "营收")),
    "tax": ("money", ("应交税费", "税金总额", "税收总额", "实缴税金", "税收", "纳税")),
    "profit": ("money", ("利润总额", "利润")),
    "rd_expense": ("money", ("研究开发费用", "研发费用", "研发经费", "R&D经费", "研发投入")),
    "electricity_kwh": ("power", ("工业用电量", "用电量", "耗电量")),
    "energy_tce": ("energy", ("综合能源消费量", "综合能耗", "能源消费量", "能耗")),
    "employees": ("people", ("从业人员期末人数", "从业人员", "平均用工人数", "用工人数")),
}
KEY_SYNONYMS = {
    CODE: ("统一社会信用代码", "社会信用代码", "信用代码"),
    NAME: ("单位详细名称", "企业名称", "单位名称", "企业详细名称", "纳税人名称", "名称"),
}
# a column about growth, a ratio or last year is not a figure of this month
IGNORED_WORDS: tuple[str, ...] = (
    *("同比", "增速", "增长", "增幅", "上年", "去年", "比上年", "率", "%", "％", "占比"),
    *("工资", "薪酬", "序号", "排名", "位次"),
)
MONTH_WORDS = ("本月", "当月", "本期")
CUMULATIVE_WORDS = ("本年累计", "累计", "年初至今", "1-本月", "1～本月", "1—本月")
# a measure may lack the unit, every unit kind has its usual one
DEFAULT_UNITS = {"money": "万元", "power": "千瓦时", "energy": "吨标准煤", "people": "人"}
# unit → (kind, factor to the stored unit); longer names first
UNITS: dict[str, tuple[str, float]] = {
    "万千瓦时": ("power", 10000.0),
    "万kWh": ("power", 10000.0),
    "万度": ("power", 10000.0),
    "千瓦时": ("power", 1.0),
    "kWh": ("power", 1.0),
    "度": ("power", 1.0),
    "万吨标准煤": ("energy", 10000.0),
    "吨标准煤": ("energy", 1.0),
    "吨标煤": ("energy", 1.0),
    "tce": ("energy", 1.0),
    "亿元": ("money", 10000.0),
    "万元": ("money", 1.0),
    "千元": ("money", 0.1),
    "元": ("money", 0.0001),
    "人": ("people", 1.0),
}
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in UNITS)
_UNIT_IN_TEXT = re.compile(rf"[（(]\s*(?:单位[:：]\s*)?({_UNIT_ALTERNATION})\s*[)）]", re.I)
_UNIT_LINE = re.compile(
    rf"(?:计量)?单位\s*[:：]?\s*((?:(?:{_UNIT_ALTERNATION})[、,，/\s]*)+)", re.I
)
_UNIT_WORD = re.compile(_UNIT_ALTERNATION, re.I)
_SPACES = re.compile(r"\s+")
HEADER_SCAN_ROWS = 20
MAX_HEADER_LINES = 3

# the month in a title: "2022年6月", "2022年1-6月", "2022年1—6月份", "2022年上半年"
_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_MONTHS = re.compile(r"(?:(\d{1,2})\s*(?:月\s*)?[-－—–~～至到]\s*)?(\d{1,2})\s*月")
_ISO_MONTH = re.compile(r"(20\d{2})\s*[-./]\s*(\d{1,2})(?!\d)")
_NAMED = {"一季度": 3, "上半年": 6, "前三季度": 9, "三季度": 9, "全年": 12}


def clean(value: Any) -> str:
    """A header cell's text without spaces or line breaks (a header wraps anywhere)."""
    if value is None:
        return ""
    return _SPACES.sub("", str(value)).replace("（", "(").replace("）", ")")


@dataclass
class Column:
    """One recognised column: what it holds and how to convert it."""

    index: int  # 0-based
    header: str  # the column's text as the sheet shows it (header lines joined by " / ")
    field: str  # credit_code, name, or MonthlyFigure's field (``<measure>_month`` for 本月)
    unit: str = ""
    factor: float = 1.0
    unit_assumed: bool = False

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)


@dataclass
class Header:
    first_row: int  # 0-based
    last_row: int
    columns: list[Column]
    ignored: list[str]
    unit_line: str  # the 计量单位 line's text, if any


class HeaderError(Exception):
    def __init__(self, message: str, row: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column


def _spread_merges(grid: Grid, first: int, last: int) -> list[list[str]]:
    """The header lines' text, each merged cell's text copied into every cell it covers."""
    width = max((len(grid.rows[r]) for r in range(first, last + 1)), default=0)
    lines = [
        [clean(grid.rows[r][c]) if c < len(grid.rows[r]) else "" for c in range(width)]
        for r in range(first, last + 1)
    ]
    if grid.merges:
        for r0, c0, r1, c1 in grid.merges:
            if r1 < first or r0 > last or r0 >= len(grid.rows):
                continue
            text = clean(grid.rows[r0][c0]) if c0 < len(grid.rows[r0]) else ""
            for r in range(max(r0, first), min(r1, last) + 1):
                for c in range(c0, min(c1 + 1, width)):
                    lines[r - first][c] = text
    else:  # no merge records (CSV): a blank cell under a heading takes the heading's text
        for i in range(1, len(lines)):
            for c in range(width):
                if not lines[i][c]:
                    lines[i][c] = lines[i - 1][c]
        for i in range(len(lines) - 1):  # a heading over 本月 / 本年累计 spreads right
            for c in range(1, width):
                below = lines[i + 1][c]
                if not lines[i][c] and _period_word(below):
                    lines[i][c] = lines[i][c - 1]
    return lines


def _period_word(text: str) -> str:
    if any(w in text for w in CUMULATIVE_WORDS) or re.search(r"1\s*[-—–~～至]\s*\d{1,2}月", text):
        return "cumulative"
    if any(w in text for w in MONTH_WORDS):
        return "month"
    return ""


def _key_of(text: str) -> str:
    for key, words in KEY_SYNONYMS.items():
        if any(w in text for w in words):
            return key
    return ""


def find_header(grid: Grid) -> tuple[int, int]:
    """The header's first and last rows (0-based): the first line naming the credit-code
    column, and up to two more lines above the first row holding a credit code."""
    for r in range(min(len(grid.rows), HEADER_SCAN_ROWS)):
        if any(_key_of(clean(v)) == CODE for v in grid.rows[r]):
            code_col = next(c for c, v in enumerate(grid.rows[r]) if _key_of(clean(v)) == CODE)
            last = r
            for nxt in range(r + 1, min(r + MAX_HEADER_LINES, len(grid.rows))):
                row = grid.rows[nxt]
                code = clean(row[code_col]) if code_col < len(row) else ""
                texts = [clean(v) for v in row if clean(v)]
                covered = any(m[0] <= nxt <= m[2] and m[0] <= r for m in grid.merges)
                if code and re.search(r"[0-9A-Za-z]{6,}", code):
                    break  # a data row
                if not texts or all(re.fullmatch(r"[甲乙丙丁\d]+", t) for t in texts):
                    break  # a blank line or the bureau's column numbers (甲 乙 1 2 3)
                if covered or any(_period_word(t) or _UNIT_WORD.fullmatch(t) for t in texts):
                    last = nxt
                    continue
                break
            return r, last
    raise HeaderError(
        _("找不到表头：前 %(n)s 行中没有“统一社会信用代码”列。") % {"n": HEADER_SCAN_ROWS}
    )


def _units_of_line(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if m := _UNIT_LINE.search(text):
        for word in _UNIT_WORD.findall(m[1]):
            unit = _unit_name(word)
            found.setdefault(UNITS[unit][0], unit)
    return found


def _unit_name(word: str) -> str:
    return next(u for u in UNITS if u.lower() == word.lower())


def read_header(grid: Grid, *, cumulative_title: bool) -> Header:
    first, last = find_header(grid)
    line_units: dict[str, str] = {}
    unit_line = ""
    for r in range(first):
        for value in grid.rows[r]:
            text = clean(value)
            if "单位" in text and (found := _units_of_line(text)):
                line_units.update(found)
                unit_line = text
    lines = _spread_merges(grid, first, last)
    columns: list[Column] = []
    ignored: list[str] = []
    taken: dict[str, int] = {}
    for c in range(len(lines[0]) if lines else 0):
        parts = [line[c] for line in lines]
        distinct = [p for i, p in enumerate(parts) if p and p not in parts[:i]]
        text = "".join(distinct)
        if not text:
            continue
        shown = " / ".join(distinct)
        key = _key_of(text)
        if key and not any(w in text for w in IGNORED_WORDS):
            if key not in taken:
                taken[key] = c
                columns.append(Column(c, shown, key))
            continue
        if any(w in text for w in IGNORED_WORDS):
            ignored.append(shown)
            continue
        measure = next(
            (m for m, (_k, words) in MEASURES.items() if any(w in text for w in words)), None
        )
        if measure is None:
            ignored.append(shown)
            continue
        kind = MEASURES[measure][0]
        period = _period_word(text) or ("cumulative" if cumulative_title else "month")
        field = measure if period == "cumulative" or measure == "employees" else f"{measure}_month"
        if measure == "employees" and period == "cumulative" and "employees" in taken:
            ignored.append(shown)
            continue
        units = [_unit_name(u) for u in _UNIT_IN_TEXT.findall(text)]
        units += [_unit_name(p) for p in distinct if _UNIT_WORD.fullmatch(p)]
        wrong = [u for u in units if UNITS[u][0] != kind]
        if wrong:
            raise HeaderError(
                _("“%(header)s”的计量单位“%(unit)s”不适用于该指标。")
                % {"header": shown, "unit": wrong[0]},
                first + 1,
                shown,
            )
        unit = units[0] if units else line_units.get(kind, DEFAULT_UNITS[kind])
        if field in taken:
            ignored.append(shown)
            continue
        taken[field] = c
        columns.append(
            Column(
                c,
                shown,
                field,
                unit=unit,
                factor=UNITS[unit][1],
                unit_assumed=not units and kind not in line_units,
            )
        )
    if CODE not in taken:  # pragma: no cover - find_header found it
        raise HeaderError(_("找不到“统一社会信用代码”列。"), first + 1)
    return Header(first, last, columns, ignored, unit_line)


def title_texts(grid: Grid, before: int) -> list[str]:
    return [clean(v) for r in range(min(before, len(grid.rows))) for v in grid.rows[r] if clean(v)]


def month_of(texts: list[str]) -> tuple[int | None, int | None, bool, str]:
    """(year, month, cumulative title, the text they came from) read from a sheet's title
    lines or its file name: "2022年6月", "2022年1-6月", "1—6月" with the year in another line,
    "2022-06", "2022年上半年"."""
    year: int | None = None
    month: int | None = None
    cumulative = False
    source = ""
    for text in texts:
        if "单位" in text and "年" not in text:
            continue
        y = _YEAR.search(text)
        rest = text[y.end() :] if y else text
        m = _MONTHS.search(rest) if (y or "月" in text) else None
        named = next((v for k, v in _NAMED.items() if k in rest), None)
        iso = _ISO_MONTH.search(text) if not y else None
        if m and 1 <= int(m[2]) <= 12 and (m[1] is None or int(m[1]) == 1):
            if month is None:
                month, cumulative, source = int(m[2]), m[1] is not None, text
            if y and year is None:
                year = int(y[1])
        elif named and month is None:
            month, cumulative, source = named, True, text
            if y and year is None:
                year = int(y[1])
        elif iso and month is None and 1 <= int(iso[2]) <= 12:
            year, month, source = int(iso[1]), int(iso[2]), text
        elif y and year is None:
            year = int(y[1])
        if year is not None and month is not None:
            break
    return year, month, cumulative, source
