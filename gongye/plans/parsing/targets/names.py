"""A target's name, kind (level, growth, share, count, rank change, upper bound), comparator and
qualifiers, from the words written before (and after) its value."""

from __future__ import annotations

import re

from .vocabulary import (
    COUNT_UNITS,
    COUNT_VERBS,
    ENUMERATION,
    GROWTH,
    HEAD_NOUNS,
    LEADING_NOISE,
    LEVEL_VERBS,
    NAME_STRIP,
    PERCENT_UNITS,
    TRAILING_VERB,
    UPPER_PRE,
)


def _drop_enumeration(match: re.Match[str]) -> str:
    # "处置盘活凯迪电厂、东方威奥、科皖等僵尸企业" → keep the verb in front of the list.
    first = match.group(0).split("、", 1)[0]
    return leading_verb(first)


def clean_name(pre: str) -> str:
    name = pre.translate(NAME_STRIP)
    name = ENUMERATION.sub(_drop_enumeration, name)
    prev = None
    while prev != name:
        prev = name
        name = LEADING_NOISE.sub("", name)
        name = TRAILING_VERB.sub("", name)
        name = name.strip("，,、：:；;（）() ")
    return name


def strip_noise(pre: str) -> str:
    """The words before a value without quotes and leading noise (力争, 全年 …), but with its
    verbs: "力争完成" → "完成"."""
    text = pre.translate(NAME_STRIP).strip("，,、：:；;（）() ")
    prev = None
    while prev != text:
        prev = text
        text = LEADING_NOISE.sub("", text).strip("，,、：:；;（）() ")
    return text


def leading_verb(name: str) -> str:
    verb = ""
    rest = name
    progressed = True
    while progressed:
        progressed = False
        for v in sorted(COUNT_VERBS, key=len, reverse=True):
            if rest.startswith(v):
                verb += v
                rest = rest[len(v) :]
                progressed = True
                break
    return verb


def head_noun(obj: str) -> str:
    for noun in HEAD_NOUNS:
        if obj.endswith(noun):
            return noun
    return obj[-2:] if len(obj) >= 2 else obj


def is_count_unit(unit: str) -> bool:
    """家, 个, 项 … and their 万 forms (1万家, 60万个)."""
    return unit in COUNT_UNITS or (unit[:1] == "万" and unit[1:] in COUNT_UNITS)


def kind_of(pre_raw: str, unit: str, post: str) -> tuple[str, str]:
    pre = pre_raw.translate(NAME_STRIP).rstrip("，,：:")
    if unit == "位次":
        return "rank_change", "gte"
    if post in ("以内", "以下") or UPPER_PRE.search(pre):
        return "upper_bound", "lte"
    comparator = "gte"
    if post in ("左右",) or re.search(r"(约|大约|左右)$", pre):
        comparator = "approx"
    elif not post and re.search(r"(稳定在|保持在|保持|为)$", pre):
        comparator = "eq"
    if unit in PERCENT_UNITS:
        if GROWTH.search(pre):
            return "growth", comparator
        return "share", comparator
    if is_count_unit(unit) and not LEVEL_VERBS.search(pre):
        return "count", comparator
    return "level", comparator


def qualifiers_of(ambition: list[str], pre_raw: str, post: str) -> list[str]:
    out = list(ambition)
    pre = pre_raw.translate(NAME_STRIP)
    m = TRAILING_VERB.search(pre)
    if m:
        for word in (
            "累计",
            "突破",
            "达到",
            "超过",
            "稳定在",
            "控制在",
            "不低于",
            "不少于",
            "不超过",
        ):
            if word in m.group(0) and word not in out:
                out.append(word)
        if "超" in m.group(0) and "超过" not in out and "超" not in out:
            out.append("超")
    if post:
        out.append(post)
    return out
