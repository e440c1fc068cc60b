"""The statistics bureau's monthly spreadsheet (统计局月度指标表): template and reader.

Issue 5 item 1. Rows are indicators, columns 1月…12月 — or, in the bureau's own workbooks,
cumulative periods (1-5月), quarters (一季度) and 上半年 / 前三季度 / 全年, each read as the
figure of its last month (``period_month``). The template hides and locks a code
column (指标代码) so a renamed row still matches; the reader also matches by name, because
the bureau often pastes rows from its own workbook. The reader validates every cell and
returns all errors at once as (row, column letter, Chinese message); when there is any error it
returns no observations, so the caller cannot half-apply a sheet. Whole-file errors (not an
xlsx, no sheet, no header) use row 0 and column "".

Percent cells: a growth rate typed as 12.5 means 12.5%; a cell formatted as a percentage in
Excel holds 0.125 and is read as 12.5, so both ways of typing land on the same number.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongye.core.periods import period_month
from gongye.core.sheets import CellError, guard_upload
from gongye.core.xlsx import new_workbook, workbook_bytes

from .pace import Measure, months_elapsed

DATA_SHEET = "数据"
HELP_SHEET = "填表说明"
CODE_HEADER = "指标代码"
NAME_HEADER = "指标名称"
UNIT_HEADER = "计量单位"
MEASURE_HEADER = "数据类型"
MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]
FIRST_MONTH_COL = 5  # E
HEADER_ROW = 2
GROWTH_MIN = Decimal("-100")
GROWTH_MAX = Decimal("500")
_YEAR_RE = re.compile(r"(\d{4})\s*年")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_HEADER_SCAN_ROWS = 10
DEMO_FILL = "FFF2CC"  # light yellow: a demo figure, not the bureau's


def _error(row: int, column: int | None, message: str) -> CellError:
    """A cell (or row, or — row 0 — the whole sheet) that is wrong, as every reader reports
    it (``core.sheets.CellError``)."""
    return CellError(message, row=row or None, column=column or None, spreadsheet=True)


class SheetObservation(NamedTuple):
    indicator: str  # the key of ``known`` the row matched (code, else name)
    year: int
    month: int
    measure: Measure
    value: Decimal
    row: int


@dataclass(frozen=True)
class _Columns:
    code: int | None
    name: int | None
    months: dict[int, int]  # column index → month


# --------------------------------------------------------------------------- template


def stats_template_xlsx(
    year: int,
    indicators: list[tuple[str, str, str, Measure | str]],
    figures: Mapping[str, Mapping[int, Decimal]] | None = None,
    *,
    demo: Collection[tuple[str, int]] = (),
    whole: Collection[str] = (),
) -> bytes:
    """The monthly sheet for ``year``: one row per (code, name, unit, measure), holding the
    ``figures`` there are (code → month → value) so the bureau checks what it corrects; the
    cells in ``demo`` (code, month) shaded as demo figures; the rows in ``whole`` (codes of
    counted targets) take whole numbers only."""
    figures = figures or {}
    wb = new_workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    last_col = FIRST_MONTH_COL + 11
    ws.cell(1, 1, f"{year}年工业指标月度数据（统计局填报）").font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    headers = [CODE_HEADER, NAME_HEADER, UNIT_HEADER, MEASURE_HEADER, *MONTH_HEADERS]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    first_data = HEADER_ROW + 1
    demo_fill = PatternFill("solid", fgColor=DEMO_FILL)
    for offset, (code, name, unit, measure) in enumerate(indicators):
        row = first_data + offset
        measure = Measure(measure)
        counted = code in whole
        for col, value in enumerate((code, name, unit, measure.label), start=1):
            ws.cell(row, col, value)
        for col in range(FIRST_MONTH_COL, last_col + 1):
            month = col - FIRST_MONTH_COL + 1
            cell = ws.cell(row, col)
            cell.protection = Protection(locked=False)
            cell.number_format = "0" if counted or measure == Measure.RANK else "0.00##"
            figure = figures.get(code, {}).get(month)
            if figure is not None:
                cell.value = int(figure) if counted and figure == int(figure) else figure
                if (code, month) in demo:
                    cell.fill = demo_fill
        ws.add_data_validation(_validation_for(measure, row, last_col, whole=counted))
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 32
    ws.column_dimensions["D"].width = 12
    for col in range(FIRST_MONTH_COL, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    ws.freeze_panes = ws.cell(first_data, FIRST_MONTH_COL)
    # printed to check against the bureau's own tables: the twelve months on one page's width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Locked without a password: it stops slips (typing over a code or a name), not people.
    ws.protection.sheet = True
    ws.protection.formatColumns = False

    help_ws = wb.create_sheet(HELP_SHEET)
    lines = [
        f"{year}年工业指标月度数据 填表说明",
        "1. 每行一个指标，每列一个月份；只在白色的月份格内填写数字，不要增删行、列或改动指标名称。",
        "2. 累计值填1月至当月的累计数，后一个月不能小于前一个月。",
        "3. 同比增速、占比填百分数的数值：增长12.5%填 12.5；增速须在 -100 至 500 之间，占比在 0 至 100 之间。",
        "4. 位次填正整数，第1名填 1。",
        "5. 尚未结束的月份留空；没有数据的格留空，不要填“—”“/”或文字。",
        "6. 第一列为隐藏的指标代码，用于系统识别，请勿删除。",
        "7. 导入时系统逐格检查，发现任何错误将整表退回并指出行号、列号和原因，不会只导入一部分。",
        "8. 计量单位为家、个、项、户、人等按个数计的指标只能填整数。",
        "9. 表中已填入系统现有的数据，请核对后改正或补充；与系统现有数据相同的格导入时不会改动。",
        "10. 浅黄色底纹的格是系统生成的演示数据，不是统计数据；某一指标导入统计数据后，"
        "该指标的演示数据全部清除。",
    ]
    for i, text in enumerate(lines, start=1):
        help_ws.cell(i, 1, text).font = Font(bold=(i == 1))
    help_ws.column_dimensions["A"].width = 100

    return workbook_bytes(wb)  # an indicator named "=…" stays text (core.xlsx)


def _validation_for(
    measure: Measure, row: int, last_col: int, *, whole: bool = False
) -> DataValidation:
    ref = f"{get_column_letter(FIRST_MONTH_COL)}{row}:{get_column_letter(last_col)}{row}"
    if whole and measure in (Measure.CUMULATIVE, Measure.LEVEL):
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="1E+15")
        dv.error = "该指标按个数计，只能填写整数"
    elif measure == Measure.GROWTH:
        dv = DataValidation(
            type="decimal", operator="between", formula1=str(GROWTH_MIN), formula2=str(GROWTH_MAX)
        )
        dv.error = "同比增速须为 -100 至 500 之间的数字（增长12.5%填12.5）"
    elif measure == Measure.SHARE:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        dv.error = "占比须为 0 至 100 之间的数字"
    elif measure == Measure.RANK:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1")
        dv.error = "位次须为正整数"
    else:
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")
        dv.error = "只能填写数字"
    dv.errorTitle = "数据格式不正确"
    dv.showErrorMessage = True
    dv.allow_blank = True
    dv.add(ref)
    return dv


# --------------------------------------------------------------------------- reader


def read_stats_sheet(
    data: bytes,
    filename: str,
    year: int,
    known: Mapping[str, Measure | str],
    *,
    as_of: date | None = None,
    whole: Mapping[str, str] | None = None,
    translate: Callable[[str], str] = str,
) -> tuple[list[SheetObservation], list[CellError]]:
    """Read and validate a filled sheet; ``known`` maps indicator code or name → measure.

    The file is judged by its content, not its name: a renamed .xls or CSV is refused. Values
    for months after ``as_of`` (months not yet ended) are refused when ``as_of`` is given.
    ``whole`` maps the keys of counted indicators (企业家数, 项目个数) to their unit: their
    totals must be whole numbers (2.5家 is refused). ``translate`` turns a message's Chinese
    source into the reader's language (Django's ``gettext``; this module stays free of Django).
    """
    whole = whole or {}
    wb, error = _open(data, filename)
    if error:
        return [], [error]
    assert wb is not None  # _open answers a workbook or an error
    ws = wb[DATA_SHEET] if DATA_SHEET in wb.sheetnames else wb.worksheets[0]
    errors: list[CellError] = []
    header_row = _find_header(ws)
    if header_row is None:
        if ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None:
            return [], [_error(0, None, f"工作表“{ws.title}”是空的。")]
        return [], [
            _error(0, None, f"工作表“{ws.title}”中找不到月份表头行（如“1月”“1-5月”“一季度”）。")
        ]

    errors.extend(_check_year(ws, header_row, year))
    cols, header_errors = _columns(ws, header_row)
    errors.extend(header_errors)
    if cols.code is None and cols.name is None:
        errors.append(_error(header_row, None, "找不到“指标代码”或“指标名称”列。"))
        return [], errors
    known_measures = {str(k).strip(): Measure(v) for k, v in known.items()}
    ended = months_elapsed(year, as_of) if as_of is not None else 12

    observations: list[SheetObservation] = []
    seen: dict[str, int] = {}
    data_rows = 0
    for row in range(header_row + 1, ws.max_row + 1):
        code = _text(ws.cell(row, cols.code).value) if cols.code else ""
        name = _text(ws.cell(row, cols.name).value) if cols.name else ""
        values = {col: ws.cell(row, col) for col in cols.months}
        if not code and not name and all(c.value in (None, "") for c in values.values()):
            continue
        data_rows += 1
        key_col = cols.name or cols.code
        key = code if code in known_measures else name if name in known_measures else ""
        if not key:
            label = name or code
            errors.append(_error(row, key_col, f"未知指标“{label}”，不在本年度指标清单中。"))
            continue
        if key in seen:
            errors.append(_error(row, key_col, f"指标“{name or code}”与第{seen[key]}行重复。"))
            continue
        seen[key] = row
        measure = known_measures[key]
        previous: tuple[int, Decimal] | None = None
        for col, cell in sorted(values.items(), key=lambda kv: cols.months[kv[0]]):
            month = cols.months[col]
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            where = (row, col)
            value, message = _number(cell.value, cell.number_format, measure)
            if message:
                errors.append(_error(*where, message))
                continue
            assert value is not None
            if month > ended:
                errors.append(_error(*where, f"{year}年{month}月尚未结束，不能填报数据。"))
                continue
            message = _range_error(value, measure)
            if not message and key in whole:
                message = _whole_error(value, measure, name or code, whole[key], translate)
            if message:
                errors.append(_error(*where, message))
                continue
            if measure == Measure.CUMULATIVE and previous and value < previous[1]:
                errors.append(
                    _error(
                        *where,
                        f"累计值{_show(value)}小于{previous[0]}月的{_show(previous[1])}，累计数不应下降。",
                    )
                )
            previous = (month, value)
            observations.append(SheetObservation(key, year, month, measure, value, row))
    if data_rows == 0:
        errors.append(_error(0, None, f"工作表“{ws.title}”没有指标数据行。"))
    if errors:
        return [], errors
    return observations, []


def _open(data: bytes, filename: str) -> tuple[Workbook | None, CellError | None]:
    shown = filename or "上传的文件"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return None, _error(
            0, None, f"“{shown}”是旧版 Excel (.xls) 文件，请另存为 .xlsx 后再上传。"
        )
    if not data:
        return None, _error(0, None, f"“{shown}”是空文件。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None, _error(0, None, f"“{shown}”不是 Excel (.xlsx) 文件。")
    try:  # the shared upload guard, before openpyxl inflates anything
        guard_upload(data, filename=shown)
    except CellError as refused:
        return None, _error(0, None, refused.message)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        return None, _error(0, None, f"“{shown}”不是有效的 Excel (.xlsx) 文件，无法打开。")
    if not wb.worksheets:
        return None, _error(0, None, f"“{shown}”中没有工作表。")
    return wb, None


def _find_header(ws) -> int | None:
    for row in range(1, min(ws.max_row, _HEADER_SCAN_ROWS) + 1):
        for col in range(1, ws.max_column + 1):
            value = ws.cell(row, col).value
            if isinstance(value, str) and period_month(value) is not None:
                return row
    return None


def _check_year(ws, header_row: int, year: int) -> list[CellError]:
    for row in range(1, header_row):
        for col in range(1, ws.max_column + 1):
            value = ws.cell(row, col).value
            if isinstance(value, str) and (m := _YEAR_RE.search(value)) and int(m[1]) != year:
                return [_error(row, col, f"表头年份为{m[1]}年，与导入的{year}年不一致。")]
    return []


def _columns(ws, header_row: int) -> tuple[_Columns, list[CellError]]:
    code = name = None
    months: dict[int, int] = {}
    errors: list[CellError] = []
    for col in range(1, ws.max_column + 1):
        text = _text(ws.cell(header_row, col).value)
        if text in (CODE_HEADER, "代码"):
            code = col
        elif text in (NAME_HEADER, "指标"):
            name = col
        elif (month := period_month(text)) is not None:
            if month < 0:
                errors.append(_error(header_row, col, f"累计期“{text}”应从1月起算。"))
            elif not 1 <= month <= 12:
                errors.append(_error(header_row, col, f"月份“{text}”不存在。"))
            elif month in months.values():
                errors.append(_error(header_row, col, f"“{text}”与前面的列是同一月份，重复。"))
            else:
                months[col] = month
    return _Columns(code, name, months), errors


def _number(value: object, number_format: str, measure: Measure) -> tuple[Decimal | None, str]:
    percent_measure = measure in (Measure.GROWTH, Measure.SHARE)
    if isinstance(value, bool) or isinstance(value, date | datetime | time):
        return None, f"只能填写数字，这里是“{value}”。"
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and value != value:  # NaN
            return None, "只能填写数字。"
        number = Decimal(str(value))  # the shortest repr: 12.3 stays 12.3, not 12.2999…
        if percent_measure and "%" in (number_format or ""):
            number *= 100
        return number, ""
    text = str(value).strip().replace(",", "").replace("，", "")
    if text.startswith("="):
        return None, "公式没有计算结果，请粘贴为数值后再上传。"
    if percent_measure and text.endswith(("%", "％")):
        text = text[:-1].strip()
    if not _NUMBER_RE.match(text):
        return None, f"只能填写数字，这里是“{str(value).strip()}”。"
    try:
        return Decimal(text), ""
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        return None, f"只能填写数字，这里是“{value}”。"


def _range_error(value: Decimal, measure: Measure) -> str:
    if measure == Measure.GROWTH and not GROWTH_MIN <= value <= GROWTH_MAX:
        return f"同比增速{_show(value)}%超出合理范围（-100%至500%），请核实。"
    if measure == Measure.SHARE and not 0 <= value <= 100:
        return f"占比{_show(value)}%须在0至100之间。"
    if measure == Measure.RANK and (value < 1 or value != value.to_integral_value()):
        return f"位次{_show(value)}须为正整数。"
    return ""


WHOLE_MESSAGE = "“%(name)s”以“%(unit)s”计，须为整数，这里是%(value)s。"
WHOLE_UNIT = "个数"


def _whole_error(
    value: Decimal, measure: Measure, label: str, unit: str, translate: Callable[[str], str]
) -> str:
    """A counted indicator's total (家, 个, 项 …) that is not a whole number."""
    if measure not in (Measure.CUMULATIVE, Measure.LEVEL) or value == value.to_integral_value():
        return ""
    return translate(WHOLE_MESSAGE) % {
        "name": label,
        "unit": unit or translate(WHOLE_UNIT),
        "value": _show(value),
    }


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _letter(col: int | None) -> str:
    return get_column_letter(col) if col else ""


def _show(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
