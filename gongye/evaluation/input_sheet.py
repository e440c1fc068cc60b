"""An evaluation's input sheet (参评企业数据表): one row per enterprise, columns recognised by
meaning in any order (统一社会信用代码, 企业名称, 规模, 用地面积(亩), 税收, 工业增加值 …, see
``engine.variables``), the header's unit converted (千元 or 元 to 万元, 万千瓦时 to 千瓦时,
平方米 or 公顷 to 亩 …), a 计量单位 line above the table applying to money columns without a
unit of their own.

Every fault is collected with its row and column (the first 50 are shown); the reader answers
the inputs only when there is none. A 合计 row or a note below the table ends it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from gongye.core.sheets import CellError, cell_blank, cell_text, collector_paused
from gongye.enterprises.credit_code import normalise, problem
from gongye.enterprises.sheets.grid import read_grid
from gongye.enterprises.sheets.header import clean
from gongye.evaluation.engine.inputs import Inputs, inputs_from_columns
from gongye.evaluation.engine.variables import FLAG, NUMBER, VARIABLES, Variable

MAX_ERRORS = 50
HEADER_SCAN_ROWS = 20

# unit → (kind, factor to the kept unit); longer names first
UNITS: dict[str, tuple[str, float]] = {
    "万千瓦时": ("power", 10000.0),
    "万kWh": ("power", 10000.0),
    "万度": ("power", 10000.0),
    "千瓦时": ("power", 1.0),
    "kWh": ("power", 1.0),
    "度": ("power", 1.0),
    "万吨标准煤": ("energy", 10000.0),
    "吨标准煤": ("energy", 1.0),
    "吨标煤": ("energy", 1.0),
    "tce": ("energy", 1.0),
    "亿元": ("money", 10000.0),
    "万元": ("money", 1.0),
    "千元": ("money", 0.1),
    "元": ("money", 0.0001),
    "平方米": ("area", 1 / 666.6667),
    "㎡": ("area", 1 / 666.6667),
    "公顷": ("area", 15.0),
    "亩": ("area", 1.0),
    "万吨": ("mass", 10000.0),
    "千克": ("mass", 0.001),
    "公斤": ("mass", 0.001),
    "吨": ("mass", 1.0),
    "人": ("people", 1.0),
}
_ALTERNATION = "|".join(re.escape(u) for u in UNITS)
_UNIT_IN_TEXT = re.compile(rf"\(\s*(?:单位[:：]\s*)?({_ALTERNATION})\s*\)", re.I)
_UNIT_LINE = re.compile(rf"(?:计量)?单位\s*[:：]\s*({_ALTERNATION})", re.I)
# a column about a ratio, growth or a rank is not one of the figures
IGNORED_WORDS = (
    *("同比", "增速", "增长", "率", "%", "％", "强度", "占比", "亩均", "序号", "排名", "位次"),
    *("单位电耗", "单位能耗", "单位排放", "单位用地", "单位面积"),
)
SCALES = {"规上": "规上", "规模以上": "规上", "规下": "规下", "规模以下": "规下"}
YES = {"是", "有", "y", "yes", "true", "1", "√", "✓", "✔"}
NO = {"否", "无", "n", "no", "false", "0", "×", "", "-", "—"}
END_WORDS = ("合计", "总计", "注：", "注:", "说明：", "说明:", "备注：")


@dataclass
class SheetColumn:
    index: int
    header: str
    variable: Variable
    factor: float = 1.0
    unit: str = ""

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass
class InputSheet:
    inputs: Inputs | None
    columns: list[SheetColumn] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def _match(text: str) -> Variable | None:
    """The variable a header names: the longest synonym found; none for a ratio column."""
    if not text or any(word in text for word in IGNORED_WORDS):
        return None
    best: tuple[int, Variable] | None = None
    for variable in VARIABLES.values():
        for synonym in variable.synonyms:
            if synonym.lower() in text.lower() and (best is None or len(synonym) > best[0]):
                best = (len(synonym), variable)
    return best[1] if best else None


def _header_row(rows: list[list[Any]]) -> int | None:
    best, best_count = None, 1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {v.name for v in (_match(clean(cell)) for cell in row) if v}
        if "credit_code" in found and len(found) > best_count:
            best, best_count = index, len(found)
    return best


def _unit(
    text: str, default_money: tuple[str, float] | None, variable: Variable
) -> tuple[str, float]:
    match = _UNIT_IN_TEXT.search(text)
    if match:
        unit = next(u for u in UNITS if u.lower() == match.group(1).lower())
        kind, factor = UNITS[unit]
        if kind == variable.unit_kind:
            return unit, factor
    if variable.unit_kind == "money" and default_money:
        return default_money
    return variable.unit, 1.0


def read_input_sheet(data: bytes, filename: str) -> InputSheet:
    """The enterprises of the sheet as evaluation inputs, or every fault found."""
    shown = filename or _("上传的文件")
    try:
        grid = read_grid(data, filename)
    except CellError as error:
        return InputSheet(None, errors=[error])
    with collector_paused():
        return _read(grid.rows, grid.sheet, shown)


def _read(rows: list[list[Any]], sheet: str, shown: str) -> InputSheet:
    header = _header_row(rows)
    if header is None:
        return InputSheet(
            None,
            errors=[
                CellError(
                    _("找不到表头：要有“统一社会信用代码”列和至少一列数据（如用地面积、税收）。"),
                    file=shown,
                )
            ],
        )
    default_money = None
    for row in rows[:header]:
        for cell in row:
            match = _UNIT_LINE.search(clean(cell))
            if match and UNITS.get(match.group(1), ("", 0))[0] == "money":
                default_money = (match.group(1), UNITS[match.group(1)][1])
    texts = [clean(cell) for cell in rows[header]]
    # a second header line (units, or the lower half of a merged header) when it holds no figure
    first_data = header + 1
    if first_data < len(rows) and _is_header_line(rows[first_data]):
        below = [clean(c) for c in rows[first_data]]
        texts = [
            a + b for a, b in zip(texts, below + [""] * (len(texts) - len(below)), strict=False)
        ]
        first_data += 1
    columns: list[SheetColumn] = []
    ignored: list[str] = []
    errors: list[CellError] = []
    taken: dict[str, SheetColumn] = {}
    for index, text in enumerate(texts):
        variable = _match(text)
        if variable is None:
            if text:
                ignored.append(text)
            continue
        unit, factor = _unit(text, default_money, variable)
        column = SheetColumn(index, text, variable, factor, unit)
        if variable.name in taken:
            errors.append(
                CellError(
                    _("“%(a)s”和“%(b)s”两列都是%(label)s，请只留一列。")
                    % {"a": taken[variable.name].header, "b": text, "label": variable.label},
                    file=shown,
                    sheet=sheet,
                    row=header + 1,
                    column=index + 1,
                    spreadsheet=True,
                )
            )
            continue
        taken[variable.name] = column
        columns.append(column)
    if errors:
        return InputSheet(None, columns, ignored, errors)
    values: dict[str, list[Any]] = {column.variable.name: [] for column in columns}
    seen: dict[str, int] = {}
    size = 0
    for number, row in enumerate(rows[first_data:], start=first_data + 1):
        if all(cell_blank(cell) for cell in row):
            continue
        first_texts = "".join(cell_text(c) for c in row[:3])
        if any(first_texts.startswith(word) or word in first_texts for word in END_WORDS):
            break
        for column in columns:
            raw = row[column.index] if column.index < len(row) else ""
            value, message = _cell(column, raw)
            if message:
                errors.append(
                    CellError(
                        message,
                        file=shown,
                        sheet=sheet,
                        row=number,
                        column=column.index + 1,
                        column_name=column.header,
                        spreadsheet=True,
                    )
                )
            if column.variable.name == "credit_code" and not message:
                if value in seen:
                    errors.append(
                        CellError(
                            _("统一社会信用代码 %(code)s 与第 %(row)s 行重复。")
                            % {"code": value, "row": seen[value]},
                            file=shown,
                            sheet=sheet,
                            row=number,
                            column=column.index + 1,
                            column_name=column.header,
                            spreadsheet=True,
                        )
                    )
                seen[value] = number
            values[column.variable.name].append(value)
        size += 1
        if len(errors) >= MAX_ERRORS:
            break
    if not size and not errors:
        errors.append(CellError(_("表中没有企业数据。"), file=shown, sheet=sheet))
    if errors:
        return InputSheet(None, columns, ignored, errors[:MAX_ERRORS])
    arrays = {
        name: np.array(column, dtype=np.float64) if VARIABLES[name].kind == NUMBER else column
        for name, column in values.items()
    }
    return InputSheet(inputs_from_columns(arrays, size), columns, ignored)


def _is_header_line(row: list[Any]) -> bool:
    texts = [cell_text(c) for c in row if not cell_blank(c)]
    if not texts:
        return False
    return not any(isinstance(c, int | float) and not isinstance(c, bool) for c in row) and not any(
        len(normalise(t)) == 18 for t in texts
    )


def _cell(column: SheetColumn, raw: Any) -> tuple[Any, str]:
    """The cell's value in the variable's kind and unit, or the message saying why not."""
    variable = column.variable
    if variable.kind == NUMBER:
        if cell_blank(raw):
            return np.nan, ""
        if isinstance(raw, bool):
            return np.nan, _("应为数字。")
        if isinstance(raw, int | float):
            return float(raw) * column.factor, ""
        text = cell_text(raw).replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            return np.nan, _("“%(text)s”不是数字。") % {"text": cell_text(raw)}
        if not np.isfinite(number):
            return np.nan, _("“%(text)s”不是数字。") % {"text": cell_text(raw)}
        return number * column.factor, ""
    if variable.kind == FLAG:
        text = cell_text(raw).strip().lower()
        if text in YES:
            return True, ""
        if text in NO:
            return False, ""
        return False, _("“%(text)s”应为“是”或“否”。") % {"text": cell_text(raw)}
    text = cell_text(raw).strip()
    if variable.name in ("credit_code", "landlord"):
        code = normalise(text)
        if not code:
            return "", (_("缺少统一社会信用代码。") if variable.name == "credit_code" else "")
        fault = problem(code)
        return code, str(fault) if fault else ""
    if variable.name == "scale":
        scale = SCALES.get(clean(text))
        if text and scale is None:
            return "", _("规模“%(text)s”应为“规上”或“规下”。") % {"text": text}
        return scale or "", ""
    if variable.name == "industry":
        return clean(text).upper(), ""
    return text, ""
