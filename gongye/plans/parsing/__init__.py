"""Plan documents in and out (issue 3), as plain Python with no Django dependency.

``parse_plan`` reads a .docx/.xlsx/text plan into targets, tasks and money rules;
``export`` writes the official task and target tables back to .docx and .xlsx.
"""

from .checkpoints import FoundCheckpoint, scan_checkpoints
from .export import (
    export_targets_docx,
    export_targets_xlsx,
    export_tasks_docx,
    export_tasks_xlsx,
)
from .model import (
    Amount,
    Cell,
    Document,
    Milestone,
    Paragraph,
    ParsedMoneyRule,
    ParsedPlan,
    ParsedTarget,
    ParsedTask,
    ParseError,
    ParseWarning,
    Period,
    Table,
)
from .plan import parse_plan, to_json_dict
from .readers import ReadLimits, read_document
from .units import DictUnitResolver, UnitList, UnitRef, UnitResolver, split_units

__all__ = [
    "Amount",
    "Cell",
    "DictUnitResolver",
    "Document",
    "FoundCheckpoint",
    "Milestone",
    "Paragraph",
    "ParseError",
    "ParseWarning",
    "ParsedMoneyRule",
    "ParsedPlan",
    "ParsedTarget",
    "ParsedTask",
    "Period",
    "ReadLimits",
    "Table",
    "UnitList",
    "UnitRef",
    "UnitResolver",
    "export_targets_docx",
    "export_targets_xlsx",
    "export_tasks_docx",
    "export_tasks_xlsx",
    "parse_plan",
    "read_document",
    "scan_checkpoints",
    "split_units",
    "to_json_dict",
]
