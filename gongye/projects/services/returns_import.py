"""月30 returns in bulk (issue 13 item 3): the month's return sheet, filled and uploaded, is
filed all or nothing. Every row is checked first with the same rules as the form
(``services.returns.check_return``: figures that are numbers and not negative, a cumulative
that neither falls nor passes the project's total, a month that has come, the progress
written) and the project must be one the uploader's unit answers for (the plan office: any of
its region) — then each return is filed through ``return_file`` in one transaction and the
import is audited (``project.return_import``); on any problem nothing is written and every
problem is named by its row and column.

A row the sheet brought back unchanged from what is filed is left alone: downloading the
sheet, filling some rows and uploading it does not re-file (nor re-check) the others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.sheets import CellError
from gongye.projects import totals
from gongye.projects.choices import ProjectVerb
from gongye.projects.models import ProjectReturn
from gongye.projects.permissions import can_file_return, can_import_returns, projects_visible_to
from gongye.projects.services.projects import _decimal
from gongye.projects.services.returns import TEXT_MAX, check_return, return_file

if TYPE_CHECKING:
    from gongye.accounts.models import User

# the sheet's columns (1-based, as the person sees them) and their headers
HEADERS = (
    "项目编号",
    "项目名称",
    "本月完成投资（万元）",
    "累计完成投资（万元）",
    "形象进度",
    "存在问题",
)
COLUMN = {
    "project": 1,
    "investment_month": 3,
    "investment_total": 4,
    "progress": 5,
    "problems": 6,
}
# where the sheet states its month (row 2, column B): a month problem is said there once
MONTH_CELL = (2, 2)


@dataclass(frozen=True)
class ReturnRow:
    """One filled row of the sheet: its row number, the project's number, the cells read."""

    row: int
    project_id: int
    investment_month: Any
    investment_total: Any
    progress: str
    problems: str = ""


@dataclass(frozen=True)
class ImportResult:
    filed: list[ProjectReturn]
    unchanged: int


def problem(message: str, row: int | None = None, column: int | None = None) -> CellError:
    """A problem where the person will look for it: the row and the column's letter and
    header (第5行 C列（本月完成投资（万元））)."""
    return CellError(
        message,
        row=row,
        column=column,
        column_name=HEADERS[column - 1] if column else "",
        spreadsheet=True,
    )


def month_problem(message: str) -> CellError:
    """A problem with the sheet's month (row 2, column B)."""
    row, column = MONTH_CELL
    return CellError(message, row=row, column=column, column_name=_("报送月份"), spreadsheet=True)


class ReturnSheetInvalid(ValidationError):
    """The sheet is refused whole; ``problems`` lists every reason with its row and column."""

    def __init__(self, problems: list[CellError]):
        self.problems = problems
        super().__init__({"sheet": [str(p) for p in problems]})


def _same(filed: ProjectReturn, row: ReturnRow) -> bool:
    return (
        _decimal(row.investment_month) == filed.investment_month
        and _decimal(row.investment_total) == filed.investment_total
        and (row.progress or "").strip() == filed.progress
        and (row.problems or "").strip() == filed.problems
    )


def _check(
    actor: User, year: int, month: int, rows: Sequence[ReturnRow]
) -> tuple[list[tuple[ReturnRow, Any]], int, list[CellError]]:
    """The rows to file (with their project), how many are unchanged, and every problem."""
    problems: list[CellError] = []
    ids = {r.project_id for r in rows}
    projects = {
        p.pk: p
        for p in projects_visible_to(actor).filter(pk__in=ids).select_related("region", "unit")
    }
    filed = {
        r.project_id: r
        for r in ProjectReturn.objects.filter(project_id__in=projects, year=year, month=month)
    }
    today = timezone.localdate()
    seen: dict[int, int] = {}
    month_said = False
    to_file: list[tuple[ReturnRow, Any]] = []
    unchanged = 0
    for row in rows:
        project = projects.get(row.project_id)
        if project is None:
            problems.append(
                problem(
                    _("项目编号 %(id)s 不存在，或不在您的管辖范围内。") % {"id": row.project_id},
                    row.row,
                    COLUMN["project"],
                )
            )
            continue
        if row.project_id in seen:
            problems.append(
                problem(
                    _("项目编号 %(id)s 已在第%(row)s行填写，同一项目只能填一行。")
                    % {"id": row.project_id, "row": seen[row.project_id]},
                    row.row,
                    COLUMN["project"],
                )
            )
            continue
        seen[row.project_id] = row.row
        allowed = can_file_return(actor, project)
        if not allowed:
            problems.append(problem(str(allowed.reason), row.row, COLUMN["project"]))
            continue
        if project.pk in filed and _same(filed[project.pk], row):
            unchanged += 1
            continue
        _clean, errors = check_return(
            project,
            year,
            month,
            row.investment_month,
            row.investment_total,
            row.progress,
            today,
        )
        if len((row.problems or "").strip()) > TEXT_MAX:
            errors.setdefault("problems", []).append(_("存在问题不超过%(n)s字。") % {"n": TEXT_MAX})
        for field, messages in errors.items():
            for message in messages:
                if field == "month":  # the same for every row: said once, at the month
                    if not month_said:
                        problems.append(month_problem(message))
                        month_said = True
                    continue
                problems.append(problem(message, row.row, COLUMN.get(field, COLUMN["project"])))
        if not errors:
            to_file.append((row, project))
    return to_file, unchanged, problems


def returns_check(
    *, actor: User, year: int, month: int, rows: Sequence[ReturnRow]
) -> list[CellError]:
    """Every problem of ``rows`` as ``returns_import`` would find them, writing nothing (for
    a sheet refused anyway — a row the reader could not read — so that all is said at once)."""
    can_import_returns(actor).require()
    return _check(actor, year, month, rows)[2]


@transaction.atomic
def returns_import(
    *, actor: User, year: int, month: int, rows: Sequence[ReturnRow]
) -> ImportResult:
    """Files the month's returns of ``rows`` all together, or none (``ReturnSheetInvalid``
    naming each problem's row and column). A unit files its own projects' returns, the plan
    office any of its region's (``can_import_returns``, then ``can_file_return`` per row)."""
    can_import_returns(actor).require()
    if not rows:
        raise ReturnSheetInvalid([problem(_("表中没有填写任何项目的本月数据。"))])
    to_file, unchanged, problems = _check(actor, year, month, rows)
    if problems:
        raise ReturnSheetInvalid(problems)
    filed: list[ProjectReturn] = []
    # each county-month's totals by place recomputed once, not once a row (``projects.totals``)
    with totals.deferred():
        for row, project in to_file:
            try:
                filed.append(
                    return_file(
                        actor=actor,
                        project=project,
                        year=year,
                        month=month,
                        investment_month=row.investment_month,
                        investment_total=row.investment_total,
                        progress=row.progress,
                        problems=row.problems,
                    )
                )
            except ValidationError as error:  # changed since the check: the whole sheet rolls back
                found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                raise ReturnSheetInvalid(
                    [
                        problem(message, row.row, COLUMN.get(field, COLUMN["project"]))
                        for field, messages in found.items()
                        for message in messages
                    ]
                ) from error
    total = sum((r.investment_month for r in filed), Decimal(0))
    audit_record(
        actor=actor,
        verb=ProjectVerb.RETURN_IMPORT,
        target_type="projects.returnsheet",
        target_id=f"{year:04d}-{month:02d}",
        target_repr=_("%(year)s年%(month)s月月30调度数据（%(n)s个项目）")
        % {"year": year, "month": month, "n": len(filed)},
        after={
            "year": year,
            "month": month,
            "filed": [r.project_id for r in filed],
            "unchanged": unchanged,
            "investment_month": str(total),
        },
    )
    return ImportResult(filed=filed, unchanged=unchanged)
