"""Bulk update by spreadsheet (issue 4, item 6): a unit's liaison downloads its progress sheet
(进展报送表), fills it, uploads it. Every row is checked before anything is written; then all the
reports are filed through ``report_submit`` in one transaction, or none is.

The sheet is the unit's open lead duties only: the lead unit reports on the task, while a
cooperating unit's contribution goes to the lead unit from the task page, usually with
evidence, which a spreadsheet cannot carry. Cells are read by position under a fixed header, so a sheet
with its columns moved, renamed or deleted is refused as a whole rather than half read.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.scope import require_acting
from gongye.core.sheets import CellError, UploadLimits, cell_blank, cell_text, guard_upload
from gongye.core.xlsx import new_workbook, workbook_bytes
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task
from gongye.supervision.choices import TaskProgressState
from gongye.supervision.permissions import can_report, can_use_progress_sheet, duty_of
from gongye.supervision.selectors import task_list_for
from gongye.supervision.services import report_submit

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Unit

MAX_BYTES = 20 * 1024 * 1024
# A unit leads a few dozen tasks a year; a sheet far past that is not this sheet.
MAX_ROWS = 500
# Unpacked size of the workbook: an .xlsx is a zip, and a small zip can unpack to gigabytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
SHEET_LIMITS = UploadLimits(max_bytes=MAX_BYTES, max_unpacked=MAX_UNPACKED_BYTES)
SHEET_TITLE = "进展报送"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = [
    "任务编号",
    "时间",
    "重点工作",
    "完成时限",
    "当前状态",
    "当前完成百分比",
    "工作进展",
    "完成百分比",
    "状态",
    "滞后原因",
]
COL_ID, COL_TEXT, COL_PERCENT, COL_STATE, COL_REASON = 0, 6, 7, 8, 9
FILL_COLUMNS = (COL_TEXT, COL_PERCENT, COL_STATE, COL_REASON)
TITLE_ROW, HEADER_ROW = 1, 2

# Fixed Chinese words, not the translated labels: the sheet reads the same whatever language
# the page was in when it was downloaded.
STATE_WORDS: dict[str, str] = {
    "未开始": TaskProgressState.NOT_STARTED,
    "推进中": TaskProgressState.IN_PROGRESS,
    "已完成": TaskProgressState.DONE,
    "滞后": TaskProgressState.LATE,
}
WORD_FOR_STATE = {value: word for word, value in STATE_WORDS.items()}


def sheet_problem(message: str, row: int | None = None, column: int | None = None) -> CellError:
    """One thing wrong with an uploaded sheet, where the person will look for it (the one
    cell-error type of ``core.sheets``); ``column`` is the 0-based index into HEADERS."""
    return CellError(
        message,
        row=row,
        column=column + 1 if column is not None else None,
        column_name=HEADERS[column] if column is not None else "",
        spreadsheet=True,
    )


SheetProblem = CellError  # what a refused sheet lists


class ProgressSheetInvalid(ValidationError):
    """The sheet is refused; ``problems`` lists every reason with its row and column."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = problems
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault("file" if problem.row is None else "rows", []).append(str(problem))
        super().__init__(errors)


# ----- the sheet a unit downloads -----


def sheet_unit(user: User) -> Unit:
    """The unit whose sheet it is: the liaison's own (call after ``can_use_progress_sheet``,
    which lets through only a liaison acting for a unit)."""
    unit = require_acting(user).unit
    assert unit is not None  # can_use_progress_sheet refuses a role without a unit
    return unit


def progress_sheet_tasks(user: User) -> list[Task]:
    """What the sheet lists: the acting unit's lead duties that are not closed."""
    return list(task_list_for(user, role=UnitRole.LEAD).filter(supervision__closed_at__isnull=True))


def progress_sheet_xlsx(user: User) -> bytes:
    """The acting unit's progress sheet: its open lead tasks with their current state, and
    empty columns to fill (工作进展, 完成百分比, 状态 from a drop-down list, 滞后原因)."""
    can_use_progress_sheet(user).require()
    unit = sheet_unit(user)
    tasks = progress_sheet_tasks(user)
    book = new_workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    today = timezone.localdate()
    sheet.cell(
        TITLE_ROW,
        1,
        f"{unit.name}·重点工作进展报送表（{today:%Y年%m月%d日}导出，共{len(tasks)}项）",
    ).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=6)
    sheet.cell(
        TITLE_ROW, COL_TEXT + 1, "只填绿色四列；不报送的行留空。状态为“滞后”须写原因。"
    ).font = Font(color="1F6F3F")
    grey = PatternFill("solid", fgColor="EEEEEE")
    green = PatternFill("solid", fgColor="E2F0D9")
    for index, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(HEADER_ROW, index, title)
        cell.font = Font(bold=True)
        cell.fill = green if index - 1 in FILL_COLUMNS else grey
        cell.alignment = Alignment(horizontal="center", vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, task in enumerate(tasks):
        row = HEADER_ROW + 1 + offset
        state = getattr(task, "supervision", None)
        due = state.due if state is not None else task.due
        values = [
            task.pk,
            task.period_label,
            task.text,
            due,
            WORD_FOR_STATE.get(state.state, "") if state is not None else "",
            state.percent if state is not None else 0,
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, value)
            cell.alignment = wrap
        sheet.cell(row, 4).number_format = "yyyy-mm-dd"
        for column in FILL_COLUMNS:
            cell = sheet.cell(row, column + 1)
            cell.protection = Protection(locked=False)
            cell.alignment = wrap
        sheet.cell(row, COL_PERCENT + 1).number_format = "0"
    last = HEADER_ROW + max(len(tasks), 1)
    states = DataValidation(
        type="list",
        formula1='"' + ",".join(STATE_WORDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="状态",
        error="请从列表中选择：未开始、推进中、已完成、滞后。",
    )
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成百分比",
        error="请填写 0 到 100 之间的整数（80 表示 80%）。",
    )
    sheet.add_data_validation(states)
    sheet.add_data_validation(percent)
    states.add(_column_range(COL_STATE, HEADER_ROW + 1, last))
    percent.add(_column_range(COL_PERCENT, HEADER_ROW + 1, last))
    for index, width in enumerate([10, 10, 48, 12, 10, 14, 48, 12, 10, 30], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    # printed on landscape A4, one page wide, the header repeated on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Locked without a password: the lock keeps the task columns from being edited by
    # accident; the upload checks every cell whatever the sheet allowed.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    _add_instructions(book)
    return workbook_bytes(book)  # a task text such as "=HYPERLINK(...)" stays text


def _column_range(column: int, first: int, last: int) -> str:
    letter = get_column_letter(column + 1)
    return f"{letter}{first}:{letter}{last}"


def _add_instructions(book: Workbook) -> None:
    notes = book.create_sheet("填写说明")
    lines = [
        "填写说明",
        "1. 本表列出本单位牵头、尚未办结的重点工作；配合事项请在任务页面向牵头单位报送。",
        "2. 只填写绿色表头的四列：工作进展、完成百分比、状态、滞后原因。其他列不要修改。",
        "3. 完成百分比填 0 到 100 的整数；状态从下拉列表选择：未开始、推进中、已完成、滞后。",
        "4. 状态为“已完成”时完成百分比应为 100；状态为“滞后”时须填写滞后原因。",
        "5. 本次不报送的任务，整行的四列都留空即可。",
        "6. 上传后系统先逐行检查：只要有一处错误，整张表都不会写入，并列出每处错误的行和列；"
        "全部正确时一次性生成进展报告，交本单位负责人审核。",
        "7. 佐证材料无法放进表格，需要时请到任务页面补充报送。",
    ]
    for row, line in enumerate(lines, start=1):
        notes.cell(row, 1, line).font = Font(bold=row == 1)
    notes.column_dimensions["A"].width = 110


@transaction.atomic
def progress_sheet_export(*, actor: User) -> bytes:
    """The download, audited like every export."""
    content = progress_sheet_xlsx(actor)
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target_type="supervision.progresssheet",
        target_repr=f"{sheet_unit(actor).name}进展报送表",
        after={"bytes": len(content)},
    )
    return content


# ----- reading an upload -----


@dataclass
class _Row:
    number: int
    task: Task
    text: str
    percent: int
    state: str
    delay_reason: str


def _integer(value: Any) -> int | None:
    """An integer written as a number, a whole float (Excel keeps numbers as floats) or
    digits in text; None for anything else (a date, 50.5, 八十)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        digits = value.strip().rstrip("%％").strip()
        return int(digits) if re.fullmatch(r"\d{1,9}", digits) else None
    return None


def _check_container(data: bytes, filename: str) -> list[SheetProblem]:
    """The type is decided by the bytes, not the name: a PDF renamed .xlsx is refused."""
    if not data:
        return [sheet_problem(f"文件“{filename}”是空文件。")]
    if len(data) > MAX_BYTES:
        return [sheet_problem(f"文件“{filename}”超过 20 MB，进展报送表不应这么大，请检查。")]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return [
            sheet_problem(
                f"文件“{filename}”是旧版 Excel（.xls）或其他 Office 旧格式，"
                "请用下载的报送表填写，或另存为 .xlsx 后再上传。"
            )
        ]
    if not data.startswith(b"PK\x03\x04"):
        kind = filetype.guess(data[:8192])
        found = f"（实际内容是 {kind.extension} 文件）" if kind else "（无法识别的内容）"
        return [sheet_problem(f"文件“{filename}”不是 Excel（.xlsx）文件{found}，已拒收。")]
    try:  # the shared upload guard: entries, unpacked size, inflation — before openpyxl
        guard_upload(data, filename=filename, limits=SHEET_LIMITS)
    except CellError as refused:
        return [sheet_problem(f"文件“{filename}”{refused.message}，已拒收。")]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        word = "（实际是 Word 文件）" if "word/document.xml" in names else ""
        return [sheet_problem(f"文件“{filename}”不是 Excel（.xlsx）文件{word}，已拒收。")]
    return []


def _read_rows(data: bytes, filename: str) -> tuple[list[tuple[int, tuple]], list[SheetProblem]]:
    """The data rows under the header, as (Excel row number, the ten cells)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, zip errors …)
        return [], [sheet_problem(f"文件“{filename}”无法作为 Excel（.xlsx）文件读取，已拒收。")]
    try:
        sheet = book[SHEET_TITLE] if SHEET_TITLE in book.sheetnames else book.worksheets[0]
        rows: list[tuple[int, tuple]] = []
        header_seen = False
        for number, cells in enumerate(
            sheet.iter_rows(min_row=1, max_col=len(HEADERS), values_only=True), start=1
        ):
            cells = tuple(cells) + (None,) * (len(HEADERS) - len(cells))
            if not header_seen:
                if number == HEADER_ROW:
                    found = [cell_text(c) for c in cells]
                    if found != HEADERS:
                        return [], [_header_problem(found)]
                    header_seen = True
                continue
            if all(cell_blank(c) for c in cells):
                continue
            if number > HEADER_ROW + MAX_ROWS:
                return [], [
                    sheet_problem(
                        f"表格超过 {MAX_ROWS} 行（第{number}行仍有内容），"
                        "请使用系统下载的报送表，不要追加其他内容。"
                    )
                ]
            rows.append((number, cells))
        if not header_seen:
            return [], [_header_problem([])]
        return rows, []
    except Exception:  # a damaged part inside the zip surfaces only while reading
        return [], [sheet_problem(f"文件“{filename}”的内容已损坏，无法读取，已拒收。")]
    finally:
        book.close()


def _header_problem(found: list[str]) -> SheetProblem:
    shown = "、".join(f for f in found if f) or "空行"
    return sheet_problem(
        f"第{HEADER_ROW}行应为表头“{'、'.join(HEADERS)}”，实际为“{shown}”。"
        "请使用系统下载的报送表，不要增删或移动列。"
    )


def _check_rows(
    actor: User, rows: list[tuple[int, tuple]]
) -> tuple[list[_Row], int, list[SheetProblem]]:
    problems: list[SheetProblem] = []
    ids = {_integer(cells[COL_ID]) for _, cells in rows} - {None}
    visible = {t.pk: t for t in task_list_for(actor).filter(pk__in=ids)} if ids else {}
    seen: dict[int, int] = {}
    good: list[_Row] = []
    skipped = 0
    for number, cells in rows:
        if all(cell_blank(cells[c]) for c in FILL_COLUMNS):
            skipped += 1  # a task this unit does not report on this time
            continue
        row_problems: list[SheetProblem] = []

        def bad(column: int, message: str, *, _n: int = number, _p: list = row_problems) -> None:
            _p.append(sheet_problem(message, row=_n, column=column))

        task = None
        task_id = _integer(cells[COL_ID])
        if cell_blank(cells[COL_ID]):
            bad(COL_ID, "缺少任务编号；请在系统下载的报送表中填写，不要新增行。")
        elif task_id is None:
            bad(COL_ID, f"任务编号“{cell_text(cells[COL_ID])}”不是数字。")
        elif task_id not in visible:
            bad(COL_ID, f"任务编号 {task_id} 不存在、已撤销，或不是本单位的任务。")
        elif task_id in seen:
            bad(COL_ID, f"任务编号 {task_id} 已在第{seen[task_id]}行填写，同一任务只能填一行。")
        else:
            task = visible[task_id]
            seen[task_id] = number
            if duty_of(actor, task) != UnitRole.LEAD:
                bad(COL_ID, "本单位不是这项任务的牵头单位；配合情况请在任务页面向牵头单位报送。")
                task = None
            elif task.supervision.closed_at is not None:
                bad(COL_ID, "这项任务已验收办结，无需再报送。")
                task = None
            else:
                decision = can_report(actor, task)
                if not decision:
                    bad(COL_ID, str(decision.reason))
                    task = None
        text = cell_text(cells[COL_TEXT])
        if not text:
            bad(
                COL_TEXT, "本行填写了其他内容，但工作进展为空；请填写工作进展，或把本行四列都清空。"
            )
        percent = _integer(cells[COL_PERCENT])
        if cell_blank(cells[COL_PERCENT]):
            bad(COL_PERCENT, "请填写完成百分比（0 到 100 的整数）。")
        elif percent is None or not 0 <= percent <= 100:
            bad(
                COL_PERCENT,
                f"完成百分比应为 0 到 100 之间的整数，现为“{cell_text(cells[COL_PERCENT])}”。",
            )
            percent = None
        state_word = cell_text(cells[COL_STATE])
        state = STATE_WORDS.get(state_word)
        if not state_word:
            bad(COL_STATE, "请选择状态：未开始、推进中、已完成或滞后。")
        elif state is None:
            bad(COL_STATE, f"状态“{state_word}”无法识别，应为未开始、推进中、已完成或滞后。")
        reason = cell_text(cells[COL_REASON])
        if state == TaskProgressState.LATE and not reason:
            bad(COL_REASON, "状态为“滞后”时须填写滞后原因。")
        if state == TaskProgressState.DONE and percent is not None and percent != 100:
            bad(COL_PERCENT, f"状态为“已完成”时完成百分比应为 100，现为 {percent}。")
        if row_problems or task is None or percent is None or state is None:
            problems.extend(row_problems)
            continue
        good.append(_Row(number, task, text, percent, state, reason))
    return good, skipped, problems


def progress_sheet_apply(*, actor: User, data: bytes, filename: str) -> dict[str, Any]:
    """Checks every row of an uploaded progress sheet; raises ``ProgressSheetInvalid`` listing
    every problem (row, column, what is wrong) and writes nothing, or files every filled row as
    a report through ``report_submit`` in one transaction (all or none). Rows whose four
    columns are blank are skipped."""
    can_use_progress_sheet(actor).require()
    problems = _check_container(data, filename)
    if problems:
        raise ProgressSheetInvalid(problems)
    rows, problems = _read_rows(data, filename)
    if problems:
        raise ProgressSheetInvalid(problems)
    good, skipped, problems = _check_rows(actor, rows)
    if problems:
        raise ProgressSheetInvalid(problems)
    if not good:
        raise ProgressSheetInvalid(
            [
                sheet_problem(
                    "表格中没有填写任何进展：请在工作进展、完成百分比、状态列填写后再上传。"
                )
            ]
        )
    with transaction.atomic():
        reports = [
            report_submit(
                actor=actor,
                task=row.task,
                text=row.text,
                percent=row.percent,
                state=row.state,
                delay_reason=row.delay_reason,
            )
            for row in good
        ]
        audit_record(
            actor=actor,
            verb=Verb.IMPORT,
            target_type="supervision.progresssheet",
            target_repr=f"{sheet_unit(actor).name}进展报送表 {filename}",
            after={
                "filename": filename,
                "bytes": len(data),
                "reports": [r.pk for r in reports],
                "rows": [row.number for row in good],
                "skipped": skipped,
            },
        )
    return {
        "created": len(reports),
        "skipped": skipped,
        "reports": [r.pk for r in reports],
        "tasks": [r.task_id for r in reports],
    }
