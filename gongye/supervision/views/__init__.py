"""督办 pages: the inbox and task pages (``tasks``) and the bulk progress sheet (``sheet``)."""

from gongye.supervision.views.sheet import (
    progress_sheet,
    progress_sheet_download,
    sheet_filename,
)
from gongye.supervision.views.tasks import (
    evidence_download,
    inbox,
    report_create,
    report_review,
    task_detail,
    task_postpone,
    task_reassign,
    task_split,
)

__all__ = [
    "evidence_download",
    "inbox",
    "progress_sheet",
    "progress_sheet_download",
    "report_create",
    "report_review",
    "sheet_filename",
    "task_detail",
    "task_postpone",
    "task_reassign",
    "task_split",
]
