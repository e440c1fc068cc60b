"""Matching a re-imported plan against the plan already in the system, so that tasks whose
progress has been reported keep their identity. Pure functions, no ORM."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_SPACE = re.compile(r"\s+")
SIMILAR = 0.6


def normalise(text: str) -> str:
    return _SPACE.sub("", text).rstrip("。；;")


@dataclass(frozen=True)
class TaskKey:
    """What identifies a task across versions of a document."""

    id: int | None  # the existing task's id, None for an incoming one
    index: int  # position in its list
    period: str
    seq: int | None
    text: str
    lead: tuple[str, ...]
    cooperating: tuple[str, ...]
    due: str | None


@dataclass
class TaskDiff:
    unchanged: list[tuple[TaskKey, TaskKey]] = field(default_factory=list)
    changed: list[tuple[TaskKey, TaskKey]] = field(default_factory=list)
    added: list[TaskKey] = field(default_factory=list)
    removed: list[TaskKey] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "unchanged": len(self.unchanged),
            "changed": len(self.changed),
            "added": len(self.added),
            "removed": len(self.removed),
        }


def _same_content(old: TaskKey, new: TaskKey) -> bool:
    return (
        normalise(old.text) == normalise(new.text)
        and old.lead == new.lead
        and old.cooperating == new.cooperating
        and old.due == new.due
        and old.seq == new.seq
    )


def diff_tasks(existing: list[TaskKey], incoming: list[TaskKey]) -> TaskDiff:
    """Pairs old and new tasks: the same text in the same period first, then the same
    position in the same period, then the most similar text in the same period."""
    result = TaskDiff()
    old_left = list(existing)
    new_left = list(incoming)
    pairs: list[tuple[TaskKey, TaskKey]] = []

    def take(match: Callable[[TaskKey, TaskKey], bool]) -> None:
        for new in list(new_left):
            for old in old_left:
                if match(old, new):
                    pairs.append((old, new))
                    old_left.remove(old)
                    new_left.remove(new)
                    break

    take(lambda o, n: o.period == n.period and normalise(o.text) == normalise(n.text))
    take(
        lambda o, n: (
            o.period == n.period
            and o.seq is not None
            and o.seq == n.seq
            and SequenceMatcher(None, normalise(o.text), normalise(n.text)).ratio() >= 0.3
        )
    )
    take(
        lambda o, n: (
            o.period == n.period
            and SequenceMatcher(None, normalise(o.text), normalise(n.text)).ratio() >= SIMILAR
        )
    )
    for old, new in pairs:
        (result.unchanged if _same_content(old, new) else result.changed).append((old, new))
    result.added = new_left
    result.removed = old_left
    return result
