"""The whole plan's targets and money rules: body paragraphs first, then the rows of indicator
tables (a row restating a body target replaces it, with its lead unit and deadline), then the
values written in the task table, attached as dated milestones of a target or as
task-derived targets (which name their task, and so its units)."""

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
    """A target's name as compared: no quotes, no scope (全县), no 累计 (the total so far of
    the same target)."""
    return _SCOPE.sub("", name.translate(NAME_STRIP)).removeprefix("累计")


@dataclass
class TargetExtraction:
    targets: list[ParsedTarget] = field(default_factory=list)
    money_rules: list[ParsedMoneyRule] = field(default_factory=list)


def extract_targets(
    paragraphs: list[tuple[int, str, str]],
    tasks: list[ParsedTask],
    year: int | None,
    table_targets: list[ParsedTarget] | None = None,
) -> TargetExtraction:
    """``paragraphs`` are (paragraph index, chapter, text) of the body; ``table_targets``
    those read from indicator tables."""
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
    _merge_table_targets(out, table_targets or [])
    _attach_milestones(out, tasks, year_end)
    return out


def _merge_table_targets(out: TargetExtraction, table_targets: list[ParsedTarget]) -> None:
    body = {(name_key(t.name), t.unit): i for i, t in enumerate(out.targets)}
    seen: set[tuple[str, str, Decimal, str, int | None]] = set()
    for target in table_targets:
        key = (name_key(target.name), target.unit)
        exact = (*key, target.value, target.kind, target.task_index)
        if exact in seen:
            continue  # a table repeated after a page break
        seen.add(exact)
        index = body.pop(key, None)
        if index is None:
            out.targets.append(target)
            continue
        stated = out.targets[index]
        target.chapter = target.chapter or stated.chapter
        out.targets[index] = target


def _attach_milestones(
    out: TargetExtraction, tasks: list[ParsedTask], year_end: date | None
) -> None:
    by_key = {(name_key(t.name), t.unit): t for t in out.targets}
    created: dict[tuple[str, str], ParsedTarget] = {}
    # the tasks each task-derived target's milestones come from
    sources: dict[tuple[str, str], list[tuple[Milestone, int]]] = {}
    for index, task in enumerate(tasks):
        if task.states_target:
            continue  # an indicator row: its target was read with it
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
            sources.setdefault(key, []).append((milestone, index))
    for key, target in created.items():
        order = sorted(
            sources[key], key=lambda pair: (pair[0].due or date.max, pair[0].month or 13)
        )
        target.milestones = [m for m, _index in order]
        last, index = order[-1]
        target.value, target.comparator = last.value, last.comparator
        target.due = last.due or year_end
        target.sentence = last.text
        # the task that states the final value answers for the target
        target.task_index = index
        target.lead_units = list(tasks[index].lead_units)
        target.cooperating_units = list(tasks[index].cooperating_units)
