"""The month's 月30 return sheet (issue 13 item 3): what a unit downloads — one row per project
it answers for that owes the month's return or has filed it (the plan office: every such
project of its region), pre-filled with what is filed — and how an uploaded one is read back
into rows for ``services.returns_import`` (which checks and files them all or none).

The sheet states its month in B2 and its header in row 3; cells are read by position under
that fixed header, so a sheet whose columns were moved or renamed is refused whole rather than
half read. The header words are fixed Chinese (not translated): the sheet reads back the same
whatever language the page was in. Photos cannot travel in a sheet: they are added on the
project's own return form."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.core.sheets import CellError, UploadLimits, cell_blank, cell_text, guard_upload, is_zip
from gongye.core.xlsx import new_workbook, workbook_bytes
from gongye.projects.models import Project, ProjectReturn
from gongye.projects.permissions import can_import_returns, projects_visible_to
from gongye.projects.selectors.returns import owing
from gongye.projects.services.returns_import import (
    HEADERS,
    MONTH_CELL,
    ReturnRow,
    month_problem,
    problem,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

SHEET_TITLE = "月30报送"
TITLE_ROW, HEADER_ROW = 1, 3
FILL_COLUMNS = (3, 4, 5, 6)  # 1-based: the four a unit fills
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000  # a county's projects many times over
LIMITS = UploadLimits(max_bytes=MAX_BYTES, max_unpacked=200 * 1024 * 1024)
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:-|/|年)\s*(\d{1,2})\s*月?\s*$")


# ----- what the sheet lists


@dataclass(frozen=True)
class SheetLine:
    project: Project
    filed: ProjectReturn | None


def sheet_projects(user: User | AnonymousUser, year: int, month: int) -> list[SheetLine]:
    """The projects on ``user``'s sheet for the month: those their unit answers for (the
    plan office: all it sees) that owe the month's return or have filed it, by township and
    number, each with its filed return."""
    acting = require_acting(user)
    projects = projects_visible_to(user)
    if acting.role != Role.PLAN_OFFICE:  # a unit's own (``can_import_returns``: one with a unit)
        projects = projects.filter(unit=acting.unit) if acting.unit_id else projects.none()
    filed_ids = ProjectReturn.objects.filter(year=year, month=month).values("project_id")
    owed = owing(projects, year, month).values("pk")
    rows = list(
        projects.filter(Q(pk__in=owed) | Q(pk__in=filed_ids))
        .select_related("location")
        .order_by("location__sort_order", "location__name", "pk")
    )
    filed = {
        r.project_id: r
        for r in ProjectReturn.objects.filter(
            project__in=[p.pk for p in rows], year=year, month=month
        )
    }
    return [SheetLine(p, filed.get(p.pk)) for p in rows]


def sheet_name(user: User, year: int, month: int) -> tuple[str, str]:
    """The file's names (``core.http.attachment`` puts the region first)."""
    acting = require_acting(user)
    who = acting.unit.name if acting.unit is not None else acting.region.name
    return (
        _("%(who)s-月30调度数据报送表-%(year)s年%(month)s月.xlsx")
        % {"who": who, "year": year, "month": month},
        f"project-returns-{year:04d}-{month:02d}.xlsx",
    )


# ----- the download


def return_sheet_xlsx(user: User, year: int, month: int) -> bytes:
    """The sheet: title, the month in B2, the fixed header, a row per project with the
    filed figures; only the four columns to fill are unlocked (no password: the lock guards
    against slips, the upload checks every cell anyway)."""
    lines = sheet_projects(user, year, month)
    acting = require_acting(user)
    who = acting.unit.name if acting.unit is not None else acting.region.name
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    title = _("%(who)s%(year)s年%(month)s月月30项目调度数据报送表（共%(n)s个项目）") % {
        "who": who,
        "year": year,
        "month": month,
        "n": len(lines),
    }
    sheet.cell(TITLE_ROW, 1, title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=6)
    sheet.cell(MONTH_CELL[0], 1, _("报送月份")).font = Font(bold=True)
    sheet.cell(MONTH_CELL[0], MONTH_CELL[1], f"{year:04d}-{month:02d}")
    sheet.cell(
        MONTH_CELL[0],
        3,
        _("只填绿色四列，金额单位万元；本月不报送的项目留空。照片请在项目页面补充。"),
    ).font = Font(color="1F6F3F")
    grey = PatternFill("solid", fgColor="EEEEEE")
    green = PatternFill("solid", fgColor="E2F0D9")
    for column, text in enumerate(HEADERS, start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
        cell.fill = green if column in FILL_COLUMNS else grey
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, line in enumerate(lines, start=1):
        row = HEADER_ROW + offset
        filed = line.filed
        values: list[Any] = [line.project.pk, line.project.name]
        if filed is not None:
            values += [
                filed.investment_month,
                filed.investment_total,
                filed.progress,
                filed.problems,
            ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value).alignment = wrap
        for column in FILL_COLUMNS:
            cell = sheet.cell(row, column)
            cell.protection = Protection(locked=False)
            cell.alignment = wrap
    for column, width in enumerate([10, 40, 16, 16, 40, 40], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    return workbook_bytes(book)  # a project named "=HYPERLINK(…)" stays text


@transaction.atomic
def return_sheet_export(*, actor: User, year: int, month: int) -> bytes:
    """The download, audited like every export."""
    can_import_returns(actor).require()
    content = return_sheet_xlsx(actor, year, month)
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target_type="projects.returnsheet",
        target_id=f"{year:04d}-{month:02d}",
        target_repr=sheet_name(actor, year, month)[0],
        after={"bytes": len(content)},
    )
    return content


# ----- reading an upload


@dataclass
class ParsedSheet:
    year: int | None = None
    month: int | None = None
    rows: list[ReturnRow] = field(default_factory=list)
    skipped: int = 0  # rows left blank: not filed this time
    problems: list[CellError] = field(default_factory=list)  # the sheet cannot be read
    row_problems: list[CellError] = field(default_factory=list)  # a row cannot be read


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,12}\s*", value):
        return int(value)
    return None


def _month(value: Any) -> tuple[int, int] | None:
    """B2: "2022-06" as written, or the date a spreadsheet program made of it."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month
    found = _MONTH.fullmatch(cell_text(value))
    if found and 2000 <= int(found[1]) <= 2100 and 1 <= int(found[2]) <= 12:
        return int(found[1]), int(found[2])
    return None


def _header(value: Any) -> str:
    return re.sub(r"\s+", "", cell_text(value)).replace("(", "（").replace(")", "）")


def read_return_sheet(data: bytes, filename: str) -> ParsedSheet:
    """The sheet's month and filled rows, or the problems that stop it being read (the type
    is judged by the content, the size and the zip directory by the shared guard first)."""
    parsed = ParsedSheet()
    shown = filename or _("上传的文件")
    try:
        guard_upload(data, filename=shown, limits=LIMITS)
    except CellError as refused:
        parsed.problems.append(refused)
        return parsed
    if not is_zip(data):
        parsed.problems.append(
            CellError(_("不是 Excel（.xlsx）文件，请使用下载的报送表。"), file=shown)
        )
        return parsed
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, zip errors …)
        parsed.problems.append(
            CellError(_("无法作为 Excel（.xlsx）文件读取，请使用下载的报送表。"), file=shown)
        )
        return parsed
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        _read(parsed, sheet.iter_rows(min_row=1, max_col=len(HEADERS), values_only=True))
    except Exception:  # a damaged part inside the zip surfaces only while reading
        parsed.problems = [CellError(_("文件内容已损坏，无法读取。"), file=shown)]
    finally:
        book.close()
    return parsed


def _read(parsed: ParsedSheet, rows: Any) -> None:
    width = len(HEADERS)
    header_seen = False
    for number, raw in enumerate(rows, start=1):
        cells = tuple(raw) + (None,) * (width - len(raw))
        if number == MONTH_CELL[0]:
            found = _month(cells[MONTH_CELL[1] - 1])
            if found is None:
                parsed.problems.append(
                    month_problem(_("应为报送月份，如 2022-06；请使用下载的报送表。"))
                )
                return
            parsed.year, parsed.month = found
            continue
        if number == HEADER_ROW:
            if [_header(c) for c in cells] != [_header(h) for h in HEADERS]:
                shown = "、".join(cell_text(c) for c in cells if not cell_blank(c)) or _("空行")
                parsed.problems.append(
                    problem(
                        _(
                            "第%(row)s行应为表头“%(headers)s”，实际为“%(found)s”。请使用下载的报送表，不要增删或移动列。"
                        )
                        % {"row": HEADER_ROW, "headers": "、".join(HEADERS), "found": shown}
                    )
                )
                return
            header_seen = True
            continue
        if number < HEADER_ROW or all(cell_blank(c) for c in cells):
            continue
        if number > HEADER_ROW + MAX_ROWS:
            parsed.problems.append(
                problem(_("表格超过 %(n)s 行，请使用下载的报送表。") % {"n": MAX_ROWS}, number)
            )
            return
        if all(cell_blank(cells[c - 1]) for c in (3, 4, 5, 6)):
            parsed.skipped += 1  # not filed this time
            continue
        project_id = _integer(cells[0])
        if project_id is None:
            parsed.row_problems.append(
                problem(
                    _("项目编号“%(value)s”不是数字；请使用下载的报送表，不要新增行。")
                    % {"value": cell_text(cells[0])},
                    number,
                    1,
                )
            )
            continue
        parsed.rows.append(
            ReturnRow(
                row=number,
                project_id=project_id,
                investment_month=cell_text(cells[2]),
                investment_total=cell_text(cells[3]),
                progress=cell_text(cells[4]),
                problems=cell_text(cells[5]),
            )
        )
    if parsed.year is None:
        parsed.problems.append(month_problem(_("应为报送月份，如 2022-06；请使用下载的报送表。")))
    elif not header_seen:
        parsed.problems.append(problem(_("找不到表头，请使用下载的报送表。"), HEADER_ROW))
