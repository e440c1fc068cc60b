"""Quantitative targets (目标) and money rules (奖补/专项资金) read from the plan's text.

The text is cut into sentences (。；！？) and clauses (，), never inside brackets, quotes or
book titles. In a clause every "number + unit" is a candidate value unless it only
qualifies a noun ("5000万元以上工业项目", "十亿元企业", "占地3亩以上工业企业"): a value is
followed by the end of the clause, punctuation, or a qualifier such as 以上/左右. The words
before the value give the target's name, kind and comparator. A clause split by 、 into
several values ("新增A 15家、B 3家") gives several targets, the later ones inheriting the
verb (新增) and the head noun (企业) of the first.

Parts: ``vocabulary`` (units, verbs, nouns, patterns), ``quantities`` (clauses and the
values in them), ``names`` (a target's name, kind and comparator), ``scan`` (one paragraph),
``extract`` (the whole plan, with milestones from the task table).
"""

from .extract import TargetExtraction, extract_targets, name_key
from .quantities import split_outside
from .scan import FoundTarget, TextScan, scan_text
from .vocabulary import (
    ALL_UNITS,
    COUNT_UNITS,
    MONEY_UNITS,
    OTHER_UNITS,
    PERCENT_UNITS,
    RANK_UNITS,
)

__all__ = [
    "ALL_UNITS",
    "COUNT_UNITS",
    "MONEY_UNITS",
    "OTHER_UNITS",
    "PERCENT_UNITS",
    "RANK_UNITS",
    "FoundTarget",
    "TargetExtraction",
    "TextScan",
    "extract_targets",
    "name_key",
    "scan_text",
    "split_outside",
]
