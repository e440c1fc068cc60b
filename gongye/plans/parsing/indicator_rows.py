"""One row of an indicator table (主要指标表) read as targets: the indicator's name, the value
and its unit (from the value cell, a 计量单位 column or the name's own "（%）"), the words
around the value deciding kind and comparator as in the body text (``targets.names``), the
attribute (预期性 / 约束性) kept as a qualifier, and the row's wording as a task.

A value cell may be a bare number (``8``, ``≥8``, ``1.2万``), a number with its unit
(``20家``, ``4.5%以内``) or a phrase (``同比增长6%左右``, ``新培育1万家以上``, ``稳定在23万吨``). In
a task table with a value column (重点任务 | 目标要求 | …) the value cell is a phrase with its
own subject (``完成10家中小企业数字化改造``), read as body text is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .columns import Columns, measure_like
from .model import ParsedTarget
from .periods import parse_number, to_halfwidth
from .targets import scan_text
from .targets.names import is_count_unit, kind_of, leading_verb, qualifiers_of
from .targets.vocabulary import ALL_UNITS, NAME_STRIP, QUANTITY, UNIT_NORMAL

_EMPTY = {"", "—", "——", "-", "--", "/", "／", "无", "不适用", "…"}
_UNIT_IN_NAME = re.compile(r"[（(]\s*(?P<unit>[^（）()]{1,8})\s*[)）]\s*$")
_BARE = re.compile(
    r"(?P<pre>.*?)(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*(?P<post>及以上|以上|以下|以内|左右)?(?P<rest>.*)$"
)
# "〔16〕" in a five-year table: the total over the period, not a yearly figure
_CUMULATIVE = re.compile(r"^[〔［\[]\s*(.+?)\s*[〕］\]]$")
_GROWTH_WORD = re.compile(r"(增长|增速|增幅|下降|降低|减少|提高|提升|上升|下调)")
_AT_LEAST = ("≥", ">=", "＞=", "≧", ">", "＞")
_AT_MOST = ("≤", "<=", "＜=", "≦", "<", "＜")


@dataclass
class RowReading:
    """What one indicator row says: its wording as a task, and its targets."""

    text: str
    targets: list[ParsedTarget] = field(default_factory=list)


@dataclass(frozen=True)
class _Value:
    value: Decimal
    unit: str
    pre: str  # the words before the number (同比增长, 新培育, 稳定在 …)
    post: str  # 以上 / 以内 / 左右 …


def is_empty(text: str) -> bool:
    return text.strip() in _EMPTY


def name_and_unit(subject: str) -> tuple[str, str]:
    """ "规上工业增加值（亿元）" → ("规上工业增加值", "亿元"); other brackets stay."""
    name, unit = subject.strip(), ""
    m = _UNIT_IN_NAME.search(name)
    if m:
        found = UNIT_NORMAL.get(m.group("unit"), m.group("unit")).replace("％", "%")
        if measure_like(found):
            name, unit = name[: m.start()], found
    return name.rstrip("。；;，,"), unit


def target_name(name: str) -> str:
    """Quotes go, as in names read from the text (专精特新“小巨人”企业 → 专精特新小巨人企业)."""
    return name.translate(NAME_STRIP)


def with_measure(cell: str, measure: str) -> str:
    """A bare number written with its unit of measure: "8以上" + "%" → "8%以上"."""
    if not measure or QUANTITY.search(to_halfwidth(cell)) or measure in cell:
        return cell
    m = re.search(r"\d+(?:\.\d+)?\s*(?:万|亿)?", cell)
    return cell[: m.end()] + measure + cell[m.end() :] if m else cell


def read_value(text: str, measure: str) -> _Value | None:
    """The number a value cell states, with its unit and the words around it."""
    t = to_halfwidth(text.strip()).replace("％", "%").replace(",", "")
    t = _CUMULATIVE.sub(r"\1", t)
    symbol = ""
    for sym in (*_AT_MOST, *_AT_LEAST):
        if t.startswith(sym):
            symbol, t = sym, t[len(sym) :].strip()
            break
    pre_symbol = "不超过" if symbol in _AT_MOST else ""
    post_symbol = "以上" if symbol in _AT_LEAST else ""
    m = QUANTITY.search(t)
    if m and parse_number(m.group("num")) is not None and m.group("num")[0].isdigit():
        value = parse_number(m.group("num"))
        assert value is not None  # checked above
        unit = UNIT_NORMAL.get(m.group("unit"), m.group("unit"))
        return _Value(value, unit, pre_symbol + t[: m.start()], m.group("post") or post_symbol)
    m2 = _BARE.match(t)
    if not m2:
        return None
    value = Decimal(m2.group("num"))
    unit = measure
    mult = m2.group("mult") or ""
    if mult:
        if mult + measure in ALL_UNITS:
            unit = mult + measure
        else:
            value *= Decimal(10_000 if mult == "万" else 100_000_000)
    return _Value(value, unit, pre_symbol + m2.group("pre"), m2.group("post") or post_symbol)


def indicator_target(
    name: str, cell: str, measure: str, *, due: date | None, extra: list[str]
) -> ParsedTarget | None:
    """The target of an indicator named ``name`` whose value cell reads ``cell``."""
    found = read_value(cell, measure)
    if found is None or not name:
        return None
    if _CUMULATIVE.match(cell.strip()):
        extra = [*extra, "累计"]
    pre_words = found.pre.strip()
    kind, comparator = kind_of(name + pre_words, found.unit, found.post)
    verb = leading_verb(pre_words) or leading_verb(name)
    if kind in ("count", "level") and is_count_unit(found.unit):
        # an indicator table states stocks (企业数 100家) unless a verb says "new" (新增, 培育)
        kind = "count" if verb else "level"
    if kind == "growth" and not _GROWTH_WORD.search(name):
        word = _GROWTH_WORD.search(pre_words)
        name += word.group(1) if word else "增长"
    if kind == "count" and verb and not name.startswith(verb):
        name = verb + name
    return ParsedTarget(
        name=name,
        kind=kind,
        comparator=comparator,
        value=found.value,
        unit=found.unit,
        qualifiers=[*extra, *qualifiers_of([], pre_words, found.post)],
        sentence=f"{name}：{cell.strip()}",
        chapter="",
        due=due,
        source="table",
    )


def _phrase_targets(
    cell: str, subject: str, measure: str, *, due: date | None, extra: list[str]
) -> list[ParsedTarget]:
    """A value cell with its own subject (完成10家中小企业数字化改造), or else a value for the
    row's task (推进中小企业数字化转型 | 10家)."""
    out: list[ParsedTarget] = []
    for found in scan_text(cell).targets:
        if len(found.name) - len(found.verb) < 2:
            continue
        out.append(
            ParsedTarget(
                name=found.name,
                kind=found.kind,
                comparator=found.comparator,
                value=found.value,
                unit=found.unit,
                qualifiers=[*extra, *found.qualifiers],
                sentence=cell.strip(),
                chapter="",
                due=due,
                source="table",
            )
        )
    if out:
        return out
    name, unit = name_and_unit(subject)
    target = indicator_target(target_name(name), cell, measure or unit, due=due, extra=extra)
    return [target] if target else []


# the labels the targets table export writes (parsing.export), and the model's own labels
_KINDS = {
    "总量": "level",
    "总量/达到": "level",
    "增速": "growth",
    "增长率": "growth",
    "占比": "share",
    "占比/比重": "share",
    "数量": "count",
    "新增数量": "count",
    "位次": "rank_change",
    "位次前移": "rank_change",
    "上限": "upper_bound",
    "上限控制": "upper_bound",
}
_COMPARATORS = {"不低于": "gte", "不高于": "lte", "等于": "eq", "左右": "approx"}


def _as_stated(target: ParsedTarget, cols: Columns, texts: list[str], subject: str) -> None:
    """A table that writes the kind, comparator, qualifiers and chapter out (the targets
    table export) is taken at its word, so that an export reads back to the same targets."""
    cell = {role: texts[c].strip() for role, c in cols.stated.items()}
    target.name = target_name(name_and_unit(subject)[0])
    target.kind = _KINDS.get(cell.get("kind", ""), target.kind)
    target.comparator = _COMPARATORS.get(cell.get("comparator", ""), target.comparator)
    if "qualifiers" in cols.stated:
        target.qualifiers = [q for q in re.split(r"[、，,]", cell["qualifiers"]) if q.strip()]
    target.chapter = cell.get("chapter", target.chapter)


def _year_end(year: int | None) -> date | None:
    return date(year, 12, 31) if year else None


def read_indicator_row(
    cols: Columns, texts: list[str], subject: str, *, year: int | None, due: date | None
) -> RowReading:
    """``subject`` is the task/indicator cell without its numbering; ``due`` the row's own
    deadline (完成时限), if it has one."""
    shown, unit_in_name = name_and_unit(subject)
    name = target_name(shown)
    measure = texts[cols.measure].strip() if cols.measure is not None else ""
    measure = UNIT_NORMAL.get(measure, measure).replace("％", "%") or unit_in_name
    if is_empty(measure):
        measure = unit_in_name
    attr = texts[cols.attr].strip() if cols.attr is not None else ""
    extra = [attr] if attr and not is_empty(attr) else []
    reading = RowReading(text=subject)
    parts: list[str] = []
    column = cols.value_column(year)
    if column is not None and not is_empty(texts[column]):
        cell = texts[column].strip()
        target_due = due or _year_end(cols.header_year(column) or year)
        if cols.indicator:
            target = indicator_target(name, cell, measure, due=target_due, extra=extra)
            if target is not None and cols.stated:
                _as_stated(target, cols, texts, subject)
            reading.targets.extend([target] if target else [])
        else:
            reading.targets.extend(
                _phrase_targets(cell, subject, measure, due=target_due, extra=extra)
            )
        parts.append(with_measure(cell, measure))
    for g in cols.growth:
        cell = texts[g].strip()
        if is_empty(cell):
            continue
        header = cols.headers[g]
        words = "年均" if "年均" in header else ""
        growth_name = name if _GROWTH_WORD.search(name) else name + "增长"
        target_due = due or _year_end(cols.header_year(g) or year)
        growth_cell = cell if "%" in cell or "百分点" in cell else cell + "%"
        target = indicator_target(
            growth_name,
            growth_cell,
            "%",
            due=target_due,
            extra=[*extra, *([words] if words else [])],
        )
        if target is not None:
            target.kind = "growth" if target.kind in ("share", "level") else target.kind
            reading.targets.append(target)
            parts.append(f"{words}增长{growth_cell}" if not _GROWTH_WORD.search(cell) else cell)
    if parts:
        reading.text = (
            (shown if cols.indicator else subject.rstrip("。；;，,")) + "：" + "，".join(parts)
        )
    return reading
