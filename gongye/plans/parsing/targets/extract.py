"""The whole plan's targets and money rules: body paragraphs first, then the values written in
the task table, attached as dated milestones of a body target or as task-derived targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..model import Milestone, ParsedMoneyRule, ParsedTarget, ParsedTask
from .scan import scan_text
from .vocabulary import NAME_STRIP, TARGET_VERBS

_SCOPE = re.compile(r"^(?:全县|全市|全区|全省|全社会|全年)")


def name_key(name: str) -> str:
    return _SCOPE.sub("", name.translate(NAME_STRIP))


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
                if not TARGET_VERBS.search(found.sentence) or found.kind == "rank_change":
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
