"""The monthly dispatch bulletin (月度调度通报): totals, each lead unit's completion and on-time
rates, the red list with reasons, the ranking of units, and the half-year check of the key
tasks against the plan's pace (时间过半、任务过六 where the plan sets 60% by the end of June).

In parts: ``facts`` reads the plan once (three queries, whatever its size) into plain facts;
``figures`` is the arithmetic, a pure function; ``text`` the sentences the page and both files
share; ``docx`` and ``xlsx`` write the official files; ``reads`` puts a plan's bulletin
together; ``export`` audits every download.

A bulletin for a month that is over reads the same whenever it is made: a task counts as done
only if it was closed by the month's last day, and a task still open at the end of its
deadline's day is overdue. For the month in progress the figures are as of today. Deadlines are
the current ones (after postponement): a task postponed past the month is not due in it.
"""

from .docx import bulletin_docx
from .export import CONTENT_TYPES, WRITERS, bulletin_export
from .facts import LeadUnit, TaskFacts
from .figures import BulletinData, HalfYear, RedItem, Totals, UnitRate, compute_bulletin
from .reads import bulletin_data, bulletin_totals
from .text import half_year_sentence, next_steps, overview_paragraphs
from .xlsx import bulletin_xlsx

__all__ = [
    "CONTENT_TYPES",
    "WRITERS",
    "BulletinData",
    "HalfYear",
    "LeadUnit",
    "RedItem",
    "TaskFacts",
    "Totals",
    "UnitRate",
    "bulletin_data",
    "bulletin_docx",
    "bulletin_export",
    "bulletin_totals",
    "bulletin_xlsx",
    "compute_bulletin",
    "half_year_sentence",
    "next_steps",
    "overview_paragraphs",
]
