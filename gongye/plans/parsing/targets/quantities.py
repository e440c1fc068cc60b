"""Sentences and clauses cut outside brackets, quotes and book titles, and the "number + unit"
quantities in them, each marked as a value or as a mere qualifier of the noun after it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..periods import CN_NUMERAL_CHARS, parse_number
from .vocabulary import HEAD_NOUNS, OPENERS, QUANTITY, QUOTES, TIME_AFTER, UNIT_NORMAL


@dataclass
class Quantity:
    start: int
    end: int
    value: Decimal
    unit: str
    post: str
    modifier: bool


def _unit_of(raw: str) -> str:
    return UNIT_NORMAL.get(raw, raw)


def _protected_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, opener) of bracketed, quoted and book-title spans, outermost only."""
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and ch == OPENERS[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                spans.append((start, i + 1, opener))
        elif ch in OPENERS:
            stack.append((ch, i))
    return spans


def split_outside(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` that is not inside brackets or quotes (keeps the sep)."""
    parts: list[str] = []
    depth: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if depth and ch == OPENERS[depth[-1]]:
            depth.pop()
        elif ch in OPENERS:
            depth.append(ch)
        elif not depth and ch in separators:
            parts.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        parts.append(text[start:])
    return [p for p in parts if p.strip()]


_HAS_NUMBER = re.compile(r"[\d" + CN_NUMERAL_CHARS + "]")


def quantities(text: str) -> list[Quantity]:
    if not _HAS_NUMBER.search(text):
        return []
    protected = [
        (s, e) for s, e, opener in _protected_spans(text) if opener in QUOTES or opener == "《"
    ]
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        start, end = m.start(), m.end()
        if any(s <= start < e for s, e in protected):
            continue
        num = m.group("num")
        if start > 0 and text[start - 1] in "第每前后":
            continue  # ordinals (第五次), rates (每个), spans (前3季度)
        value = parse_number(num)
        if value is None:
            continue
        unit = _unit_of(m.group("unit"))
        post = m.group("post") or ""
        rest = text[end:]
        if not post and unit == "个" and TIME_AFTER.match(rest):
            continue  # "3个月"
        nxt = rest[:1]
        modifier = bool(nxt) and ("\u4e00" <= nxt <= "\u9fff") and not rest.startswith("其中")
        # "一个", "两次" at a clause end can be targets ("打造省级示范园区一个"); only guard
        # against a numeral that is really part of a word ("统一个…").
        if (
            num[0] in CN_NUMERAL_CHARS
            and not modifier
            and len(num) == 1
            and unit in ("个", "次")
            and (
                start > 0
                and "\u4e00" <= text[start - 1] <= "\u9fff"
                and not _ends_with_noun(text[:start])
            )
        ):
            continue
        out.append(Quantity(start, end, value, unit, post, modifier))
    return out


def _ends_with_noun(text: str) -> bool:
    return text.endswith(HEAD_NOUNS) or bool(re.search(r"(园区|工程|示范|基地|项目)$", text))
