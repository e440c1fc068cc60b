"""Importing a plan document and revising a plan from a new version of it.

The flow (issue 3): upload → preview (tasks, targets, unknown unit names, warnings, the
difference against the plan already in the system) → confirm → everything written in one
transaction, or nothing. A unit name that matches nothing stops the import until the plan
office maps it to a unit (an alias is added) or creates the unit.

Parts: ``apply`` (writing a parsed plan), ``targets`` (its targets), ``imports`` (the web
flow's steps), ``tasks`` (reassigning and splitting single tasks). The document reads the
services start from (parse, compare) live in ``gongye.plans.documents`` and are re-exported
here for the callers that always imported them from services.
"""

from gongye.plans.documents import (
    existing_plan,
    plan_document_parse,
    plan_import_parse,
    plan_task_diff,
    unresolved_names,
)
from gongye.plans.services.apply import ApplyResult, plan_apply_parsed
from gongye.plans.services.imports import (
    MAX_UPLOAD_BYTES,
    plan_import_apply,
    plan_import_discard,
    plan_import_resolve_name,
    plan_import_upload,
)
from gongye.plans.services.targets import VALUE_QUANTUM, plan_targets_apply
from gongye.plans.services.tasks import task_reassign, task_split

__all__ = [
    "MAX_UPLOAD_BYTES",
    "VALUE_QUANTUM",
    "ApplyResult",
    "existing_plan",
    "plan_apply_parsed",
    "plan_document_parse",
    "plan_import_apply",
    "plan_import_discard",
    "plan_import_parse",
    "plan_import_resolve_name",
    "plan_import_upload",
    "plan_targets_apply",
    "plan_task_diff",
    "task_reassign",
    "task_split",
    "unresolved_names",
]
