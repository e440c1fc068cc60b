"""How officials cite a key task: 6月第3项. One spelling for reminders, boards, bulletins and
exports (dispatch imports it from here; supervision may not import dispatch)."""

from __future__ import annotations

from typing import Protocol

from gongye.core.periods import task_citation


class Citable(Protocol):
    """A task or anything that carries its period and number (``plans.Task``, the bulletin's
    task facts)."""

    @property
    def period_label(self) -> str: ...

    @property
    def seq(self) -> int | None: ...


def task_label(task: Citable) -> str:
    """ "6月第3项" (in English "June, no. 3"); the period alone for a task without a number."""
    return task_citation(task.period_label, task.seq)
