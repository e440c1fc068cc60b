"""Quantitative targets (目标) and money rules (奖补/专项资金) read from the plan's text.

The text is cut into sentences (。；！？) and clauses (，), never inside brackets, quotes or
book titles. In a clause every "number + unit" is a candidate value unless it only
qualifies a noun ("5000万元以上工业项目", "十亿元企业", "占地3亩以上工业企业"): a value is
followed by the end of the clause, punctuation, or a qualifier such as 以上/左右. The words
before the value give the target's name, kind and comparator. A clause split by 、 into
several values ("新增A 15家、B 3家") gives several targets, the later ones inheriting the
verb (新增) and the head noun (企业) of the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .model import Amount, Milestone, ParsedMoneyRule, ParsedTarget, ParsedTask
from .periods import CN_NUMERAL_CHARS, parse_number, to_halfwidth

MONEY_UNITS = ("亿元", "万元", "元")
PERCENT_UNITS = ("%", "个百分点", "百分点")
RANK_UNITS = ("个位次", "位次")
COUNT_UNITS = ("家", "个", "项", "户", "件", "次", "人次", "人", "名", "台", "套", "座", "所", "条")
COUNT_UNITS += ("辆", "场", "批次", "宗", "栋", "幢")
OTHER_UNITS = (
    "万吨标准煤",
    "吨标准煤",
    "万亩",
    "亩",
    "万平方米",
    "平方米",
    "公顷",
    "万吨",
    "吨",
    "万千瓦时",
    "千瓦时",
)
OTHER_UNITS += ("万千瓦", "千瓦", "兆瓦", "公里", "千米", "万人次", "万人", "万户", "倍", "万家")
ALL_UNITS = sorted(
    {*MONEY_UNITS, *PERCENT_UNITS, *RANK_UNITS, *COUNT_UNITS, *OTHER_UNITS}, key=len, reverse=True
)
_UNIT_NORMAL = {"个位次": "位次", "百分点": "个百分点", "％": "%"}

_QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(?P<num>\d+(?:\.\d+)?|[" + CN_NUMERAL_CHARS + r"]+)\s*"
    r"(?P<unit>" + "|".join(re.escape(u) for u in ALL_UNITS) + r")"
    r"(?P<post>及以上|以上|以下|以内|左右|多|余)?"
)
_OPENERS = {
    "（": "）",
    "(": ")",
    "“": "”",
    "《": "》",
    "「": "」",
    "‘": "’",
    "【": "】",
    "〔": "〕",
}
_QUOTES = {"“", "《", "「", "‘"}
_SENTENCE_END = "。；;！？!?"
_CLAUSE_END = "，,：:"
_TIME_AFTER = re.compile(r"^(?:月|季度|年|小时|工作日|天|周|日)")
_AMBITION = ("力争", "确保", "争取", "努力", "力求", "预计", "目标是", "计划")
_LEADING_NOISE = re.compile(
    r"^(?:其中|并且|并|且|同时|另外|此外|和|及|以及|与|全力|"
    r"力争|确保|争取|努力|力求|预计|计划|目标是|"
    r"到?\d{4}年(?:底|末)?(?:前)?|全年|年内|今年|当年|本年度?|年底前|年底|到年底)+"
)
_TRAILING_VERB = re.compile(
    r"(?:累计达到|累计完成|累计实现|累计|突破|达到|达|超过|超|稳定在|保持在|保持|控制在|不低于|"
    r"不少于|不超过|不高于|低于|高于|分别为|为|在|至|到|实现|完成|新增加|前进|提升|上升|进位)+$"
)
_ENUMERATION = re.compile(r"(?:[^、，。；（）“”《》]{1,14}、)+[^、，。；（）“”《》]{1,14}?等")
_NAME_STRIP = str.maketrans("", "", '“”"‘’「」 \u3000')
_COUNT_VERBS = (
    "新增",
    "新建",
    "新培育",
    "培育",
    "完成",
    "处置",
    "盘活",
    "落地",
    "开工",
    "建成",
    "投产",
    "引进",
    "招引",
    "认定",
    "申报",
    "创建",
    "打造",
    "争创",
    "实施",
    "推进",
    "推动",
    "实现",
    "签约",
    "新上",
    "获批",
    "举办",
    "组织",
    "开展",
    "淘汰",
    "关停",
    "整治",
)
_HEAD_NOUNS = (
    "工商户",
    "企业",
    "项目",
    "平台",
    "车间",
    "工厂",
    "园区",
    "基地",
    "中心",
    "产品",
    "品牌",
    "人才",
    "团队",
    "机构",
    "专利",
    "标准",
)
_TARGET_VERBS = re.compile(r"(完成|累计|新增|达到|达|突破|超|实现|确保|力争|增长)")
_MONEY_RULE = re.compile(
    r"(奖补|奖励|补助|补贴|资助|贴息|奖金|专项资金|扶持资金|引导资金|资金|给予|一次性|最高不超过)"
)
_LEVEL_VERBS = re.compile(r"(突破|达到|达|超过|超|总数|总量|保有|累计|有效|稳定在|保持)$")
_GROWTH = re.compile(
    r"(增长|增速|增幅|提高|提升|上升|下降|降低|减少|同比)(?:达到|达|为|在|保持在)?$"
)
_SHARE = re.compile(r"(占比|比重|强度|比例|占|率|覆盖|份额)")
_UPPER_PRE = re.compile(r"(控制在|不超过|不高于|低于|降至|下降到|压减到|压降到|控制到)$")


@dataclass
class _Qty:
    start: int
    end: int
    value: Decimal
    unit: str
    post: str
    modifier: bool


def _unit_of(raw: str) -> str:
    return _UNIT_NORMAL.get(raw, raw)


def _protected_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, opener) of bracketed, quoted and book-title spans, outermost only."""
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and ch == _OPENERS[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                spans.append((start, i + 1, opener))
        elif ch in _OPENERS:
            stack.append((ch, i))
    return spans


def split_outside(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` that is not inside brackets or quotes (keeps the sep)."""
    parts: list[str] = []
    depth: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if depth and ch == _OPENERS[depth[-1]]:
            depth.pop()
        elif ch in _OPENERS:
            depth.append(ch)
        elif not depth and ch in separators:
            parts.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        parts.append(text[start:])
    return [p for p in parts if p.strip()]


_HAS_NUMBER = re.compile(r"[\d" + CN_NUMERAL_CHARS + "]")


def _quantities(text: str) -> list[_Qty]:
    if not _HAS_NUMBER.search(text):
        return []
    protected = [
        (s, e) for s, e, opener in _protected_spans(text) if opener in _QUOTES or opener == "《"
    ]
    out: list[_Qty] = []
    for m in _QUANTITY.finditer(text):
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
        if not post and unit == "个" and _TIME_AFTER.match(rest):
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
        out.append(_Qty(start, end, value, unit, post, modifier))
    return out


def _ends_with_noun(text: str) -> bool:
    return text.endswith(_HEAD_NOUNS) or bool(re.search(r"(园区|工程|示范|基地|项目)$", text))


# --------------------------------------------------------------------------- names & kinds


def _drop_enumeration(match: re.Match[str]) -> str:
    # "处置盘活凯迪电厂、东方威奥、科皖等僵尸企业" → keep the verb in front of the list.
    first = match.group(0).split("、", 1)[0]
    return _leading_verb(first)


def _clean_name(pre: str) -> str:
    name = pre.translate(_NAME_STRIP)
    name = _ENUMERATION.sub(_drop_enumeration, name)
    prev = None
    while prev != name:
        prev = name
        name = _LEADING_NOISE.sub("", name)
        name = _TRAILING_VERB.sub("", name)
        name = name.strip("，,、：:；;（）() ")
    return name


def _leading_verb(name: str) -> str:
    verb = ""
    rest = name
    progressed = True
    while progressed:
        progressed = False
        for v in sorted(_COUNT_VERBS, key=len, reverse=True):
            if rest.startswith(v):
                verb += v
                rest = rest[len(v) :]
                progressed = True
                break
    return verb


def _head_noun(obj: str) -> str:
    for noun in _HEAD_NOUNS:
        if obj.endswith(noun):
            return noun
    return obj[-2:] if len(obj) >= 2 else obj


def _kind(pre_raw: str, unit: str, post: str) -> tuple[str, str]:
    pre = pre_raw.translate(_NAME_STRIP).rstrip("，,：:")
    if unit == "位次":
        return "rank_change", "gte"
    if post in ("以内", "以下") or _UPPER_PRE.search(pre):
        return "upper_bound", "lte"
    comparator = "gte"
    if post in ("左右",) or re.search(r"(约|大约|左右)$", pre):
        comparator = "approx"
    elif not post and re.search(r"(稳定在|保持在|保持|为)$", pre):
        comparator = "eq"
    if unit in PERCENT_UNITS:
        if _GROWTH.search(pre):
            return "growth", comparator
        return "share", comparator
    if unit in COUNT_UNITS and not _LEVEL_VERBS.search(pre):
        return "count", comparator
    return "level", comparator


def _qualifiers(ambition: list[str], pre_raw: str, post: str) -> list[str]:
    out = list(ambition)
    pre = pre_raw.translate(_NAME_STRIP)
    m = _TRAILING_VERB.search(pre)
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


def _is_money_clause(clause: str, qtys: list[_Qty]) -> bool:
    if not any(q.unit in MONEY_UNITS for q in qtys):
        return False
    if not _MONEY_RULE.search(clause):
        return False
    # "争取上级资金5亿元" is a target, not a rule.
    return not re.search(r"(争取|力争|确保|突破)", clause)


def scan_text(text: str) -> TextScan:
    """All targets and money clauses of one paragraph (or task text)."""
    scan = TextScan()
    for sentence in split_outside(to_halfwidth(text), _SENTENCE_END):
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

    for clause in split_outside(sentence, _CLAUSE_END):
        clause_body = clause.rstrip("，,。；;：:！？!? ")
        # An ambition word (力争, 确保 …) governs its clause and the clauses after it.
        words = [w for w in _AMBITION if w in clause_body[:8]]
        if words:
            ambition = words
        qtys = _quantities(clause_body)
        if _is_money_clause(clause_body, qtys):
            money_run.append(clause)
            money_amounts.extend(Amount(q.value, q.unit) for q in qtys if q.unit in MONEY_UNITS)
            continue
        flush_money()
        targets = [q for q in qtys if not q.modifier]
        prefix_counts = [
            q
            for q in qtys
            if q.modifier and q.unit in COUNT_UNITS and q.post in ("以上", "及以上") and not targets
        ]
        if not targets and not prefix_counts:
            prev_verb = prev_head = ""
            continue
        inherit = clause_body.startswith("其中")
        if not inherit:
            prev_verb = prev_head = ""
        if prefix_counts and not targets:
            _prefix_count(clause_body, prefix_counts[0], ambition, sentence, scan)
            continue
        # Segments: split on 、 outside brackets; a piece without a value joins the next.
        pieces = split_outside(clause_body, "、")
        segments: list[str] = []
        carry = ""
        for piece in pieces:
            if any(not q.modifier for q in _quantities(piece)):
                segments.append(carry + piece)
                carry = ""
            else:
                carry += piece
        if carry and segments:
            segments[-1] += carry
        for index, segment in enumerate(segments):
            seg = segment.rstrip("、")
            last_end = 0
            for q in (q for q in _quantities(seg) if not q.modifier):
                pre_raw = seg[last_end : q.start]
                last_end = q.end
                kind, comparator = _kind(pre_raw, q.unit, q.post)
                name = _clean_name(pre_raw)
                verb = _leading_verb(name)
                if kind in ("count", "level") and (index > 0 or inherit) and prev_verb and not verb:
                    # "…15家、亿元以上3家": the later value inherits 新增 and 企业
                    obj = name
                    if not obj or re.search(r"(以上|以下|元|级|型)$", obj):
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
                    prev_head = _head_noun(name[len(verb) :]) or prev_head
                scan.targets.append(
                    FoundTarget(
                        name=name,
                        kind=kind,
                        comparator=comparator,
                        value=q.value,
                        unit=q.unit,
                        qualifiers=_qualifiers(ambition, pre_raw, q.post),
                        sentence=sentence,
                        verb=verb,
                    )
                )
    flush_money()


def _prefix_count(clause: str, q: _Qty, ambition: list[str], sentence: str, scan: TextScan) -> None:
    """ "推进10家以上企业“上云用数赋能”": verb + count + 以上 + noun phrase."""
    pre = _clean_name(clause[: q.start])
    verb = _leading_verb(pre)
    if not verb or pre != verb:
        return  # "占地3亩以上…", "对开发区…": the number only narrows a noun
    obj = _clean_name(clause[q.end :])
    if not obj:
        return
    scan.targets.append(
        FoundTarget(
            name=verb + obj,
            kind="count",
            comparator="gte",
            value=q.value,
            unit=q.unit,
            qualifiers=[*ambition, q.post],
            sentence=sentence,
            verb=verb,
        )
    )


# --------------------------------------------------------------------------- whole plan

_SCOPE = re.compile(r"^(?:全县|全市|全区|全省|全社会|全年)")


def name_key(name: str) -> str:
    return _SCOPE.sub("", name.translate(_NAME_STRIP))


@dataclass
class TargetExtraction:
    targets: list[ParsedTarget] = field(default_factory=list)
    money_rules: list[ParsedMoneyRule] = field(default_factory=list)


def extract_targets(
    paragraphs: list[tuple[int, str, str]],
    tasks: list[ParsedTask],
    year: int | None,
) -> TargetExtraction:
    """``paragraphs`` are (paragraph index, chapter, text) of the body."""
    out = TargetExtraction()
    year_end = date(year, 12, 31) if year else None
    seen: set[tuple[str, str, Decimal, str]] = set()
    for index, chapter, text in paragraphs:
        scan = scan_text(text)
        for t in scan.targets:
            key = (name_key(t.name), t.kind, t.value, t.unit)
            if key in seen:
                continue
            seen.add(key)
            out.targets.append(
                ParsedTarget(
                    name=t.name,
                    kind=t.kind,
                    comparator=t.comparator,
                    value=t.value,
                    unit=t.unit,
                    qualifiers=t.qualifiers,
                    sentence=t.sentence,
                    chapter=chapter,
                    due=year_end,
                    paragraph=index,
                )
            )
        for clause, amounts, sentence in scan.money:
            out.money_rules.append(
                ParsedMoneyRule(
                    text=clause,
                    chapter=chapter,
                    amounts=amounts,
                    sentence=sentence,
                    paragraph=index,
                )
            )
    _attach_milestones(out, tasks, year_end)
    return out


def _attach_milestones(
    out: TargetExtraction, tasks: list[ParsedTask], year_end: date | None
) -> None:
    by_key = {(name_key(t.name), t.unit): t for t in out.targets}
    created: dict[tuple[str, str], ParsedTarget] = {}
    for task in tasks:
        for found in scan_text(task.text).targets:
            key = (name_key(found.name), found.unit)
            milestone = Milestone(
                due=task.due,
                month=task.month,
                value=found.value,
                unit=found.unit,
                comparator=found.comparator,
                text=task.text,
            )
            target = by_key.get(key) or created.get(key)
            if target is None:
                if not _TARGET_VERBS.search(found.sentence) or found.kind == "rank_change":
                    continue
                target = ParsedTarget(
                    name=found.name,
                    kind=found.kind,
                    comparator=found.comparator,
                    value=found.value,
                    unit=found.unit,
                    qualifiers=found.qualifiers,
                    sentence=found.sentence,
                    chapter="",
                    due=task.due or year_end,
                    source="task",
                )
                created[key] = target
                out.targets.append(target)
            target.milestones.append(milestone)
    for target in created.values():
        target.milestones.sort(key=lambda m: (m.due or date.max, m.month or 13))
        last = target.milestones[-1]
        target.value, target.comparator = last.value, last.comparator
        target.due = last.due or year_end
        target.sentence = last.text
