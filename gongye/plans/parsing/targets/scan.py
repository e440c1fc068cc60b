"""One paragraph (or task text) scanned for targets and money clauses.

A clause split by 、 into several values ("新增A 15家、B 3家") gives several targets, the later
ones inheriting the verb (新增) and the head noun (企业) of the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Amount
from ..periods import to_halfwidth
from .names import (
    clean_name,
    head_noun,
    is_count_unit,
    kind_of,
    leading_verb,
    qualifiers_of,
    strip_noise,
)
from .quantities import Quantity, quantities, split_outside
from .vocabulary import (
    AMBITION,
    CLAUSE_END,
    COUNT_UNITS,
    LEVEL_FIRST_VERBS,
    MONEY_RULE,
    MONEY_UNITS,
    PERCENT_UNITS,
    RANK_UNITS,
    SENTENCE_END,
    VERB_FINAL,
)


@dataclass
class FoundTarget:
    name: str
    kind: str
    comparator: str
    value: Decimal
    unit: str
    qualifiers: list[str]
    sentence: str
    verb: str = ""


@dataclass
class TextScan:
    targets: list[FoundTarget] = field(default_factory=list)
    money: list[tuple[str, list[Amount], str]] = field(default_factory=list)  # clause, amounts


def _is_money_clause(clause: str, qtys: list[Quantity]) -> bool:
    if not any(q.unit in MONEY_UNITS for q in qtys):
        return False
    if not MONEY_RULE.search(clause):
        return False
    # "争取上级资金5亿元" is a target, not a rule.
    return not re.search(r"(争取|力争|确保|突破)", clause)


def scan_text(text: str) -> TextScan:
    """All targets and money clauses of one paragraph (or task text)."""
    scan = TextScan()
    for sentence in split_outside(to_halfwidth(text), SENTENCE_END):
        _scan_sentence(sentence.strip(), scan)
    return scan


def _scan_sentence(sentence: str, scan: TextScan) -> None:
    ambition: list[str] = []
    money_run: list[str] = []
    money_amounts: list[Amount] = []
    prev_verb = ""
    prev_head = ""

    def flush_money() -> None:
        if money_run:
            scan.money.append(
                ("".join(money_run).rstrip("，,。；;"), list(money_amounts), sentence)
            )
            money_run.clear()
            money_amounts.clear()

    for clause in split_outside(sentence, CLAUSE_END):
        clause_body = clause.rstrip("，,。；;：:！？!? ")
        # An ambition word (力争, 确保 …) governs its clause and the clauses after it.
        words = [w for w in AMBITION if w in clause_body[:8]]
        if words:
            ambition = words
        qtys = quantities(clause_body)
        if _is_money_clause(clause_body, qtys):
            money_run.append(clause)
            money_amounts.extend(Amount(q.value, q.unit) for q in qtys if q.unit in MONEY_UNITS)
            continue
        flush_money()
        targets = [q for q in qtys if not q.modifier]
        leading = [q for q in qtys if q.modifier and q.unit not in PERCENT_UNITS + RANK_UNITS]
        if not targets and not leading:
            prev_verb = prev_head = ""
            continue
        inherit = clause_body.startswith("其中")
        if not inherit:
            prev_verb = prev_head = ""
        if not targets:
            _verb_first(clause_body, leading[0], ambition, sentence, scan)
            continue
        # Segments: split on 、 outside brackets; a piece without a value joins the next.
        pieces = split_outside(clause_body, "、")
        segments: list[str] = []
        carry = ""
        for piece in pieces:
            if any(not q.modifier for q in quantities(piece)):
                segments.append(carry + piece)
                carry = ""
            else:
                carry += piece
        if carry and segments:
            segments[-1] += carry
        for index, segment in enumerate(segments):
            seg = segment.rstrip("、")
            last_end = 0
            for q in (q for q in quantities(seg) if not q.modifier):
                pre_raw = seg[last_end : q.start]
                last_end = q.end
                kind, comparator = kind_of(pre_raw, q.unit, q.post)
                name = clean_name(pre_raw)
                verb = leading_verb(name)
                if kind in ("count", "level") and (index > 0 or inherit) and prev_verb and not verb:
                    # "…15家、亿元以上3家": the later value inherits 新增 and 企业
                    obj = name
                    if (
                        not obj
                        or re.search(r"(以上|以下|元|级|型)$", obj)
                        or VERB_FINAL.search(obj)
                    ):
                        obj += prev_head
                    name = prev_verb + obj
                    verb = prev_verb
                if kind == "rank_change" and not name.endswith("位次"):
                    name += "位次"
                if not name:
                    continue
                if name.startswith("实现") and len(name) > 4:
                    name = name.removeprefix("实现")  # filler verb: 实现产学研合作项目10项
                if kind in ("growth", "share", "rank_change", "upper_bound"):
                    for word in ("累计", "完成", "实现"):
                        name = name.removeprefix(word)
                elif kind == "level" and q.unit not in COUNT_UNITS:
                    name = re.sub(r"^(?:累计|完成|实现)+", "", name) or name
                if verb or kind == "count":
                    prev_verb = verb or prev_verb
                    prev_head = head_noun(name[len(verb) :]) or prev_head
                scan.targets.append(
                    FoundTarget(
                        name=name,
                        kind=kind,
                        comparator=comparator,
                        value=q.value,
                        unit=q.unit,
                        qualifiers=qualifiers_of(ambition, pre_raw, q.post),
                        sentence=sentence,
                        verb=verb,
                    )
                )
    flush_money()


def _verb_first(
    clause: str, q: Quantity, ambition: list[str], sentence: str, scan: TextScan
) -> None:
    """A value between its verb and its noun: "完成10家中小企业数字化改造", "培育5家…企业",
    "新建3个省级创新平台", "推进10家以上企业“上云用数赋能”", "完成120亿元固定资产投资"."""
    pre = strip_noise(clause[: q.start])
    so_far = pre.startswith("累计")  # 累计完成30家: the year's total so far
    pre = pre.removeprefix("累计")
    verb = leading_verb(pre)
    if not verb or pre != verb:
        return  # "占地3亩以上…", "对开发区…": the number only narrows a noun
    count = is_count_unit(q.unit)
    if not count and (verb not in LEVEL_FIRST_VERBS or q.post in ("以上", "及以上", "以下")):
        return  # "实施5000万元以上项目": a threshold
    obj = clean_name(clause[q.end :])
    if not obj:
        return
    if count:
        name, kind = verb + obj, "count"
    else:
        name, kind = (obj if verb in ("完成", "实现", "累计完成") else verb + obj), "level"
    scan.targets.append(
        FoundTarget(
            name=name,
            kind=kind,
            comparator="approx" if q.post == "左右" else "gte",
            value=q.value,
            unit=q.unit,
            qualifiers=[*ambition, *(["累计"] if so_far else []), *([q.post] if q.post else [])],
            sentence=sentence,
            verb=verb,
        )
    )
