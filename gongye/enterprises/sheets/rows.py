"""The data rows of a bureau sheet: each enterprise's credit code, name and figures, checked
cell by cell (the code per GB 32100, duplicates, numbers, negatives) and converted to the
stored units. Pure: no database (``services.figures`` adds what needs one).

Numbers are read as the spreadsheet holds them (Excel keeps binary doubles), converted by
dividing (元, 千元 → 万元: 1234.5 千元 is 123.45 万元 exactly as typed) or multiplying (万千瓦时 →
千瓦时); the database keeps them as decimals at the field's precision (4 places, electricity 2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gongye.enterprises import credit_code
from gongye.enterprises.sheets.header import CODE, NAME, Column, clean

# profit alone may be negative (a loss); every other figure is a quantity
MAY_BE_NEGATIVE = {"profit", "profit_month"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# a row that is not an enterprise: totals, notes, signatures below the table
_JUNK = re.compile(
    r"^(合计|总计|小计|全县|全区|全市|其中|注|说明|备注|填表|制表|单位负责人|统计负责人|"
    r"填报人|报出日期|联系电话|审核|资料来源|数据来源)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CHARSET = credit_code.VALUES
_WEIGHTS = credit_code.WEIGHTS
_CHECK = credit_code.CHARSET


@dataclass
class RowError:
    """A cell that is wrong: the sheet's row number (1-based, as the person sees it; None
    for the whole file) and the column's header text."""

    row: int | None
    column: str
    message: str
    letter: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = _("第%(row)s行") % {"row": self.row} if self.row else ""
        if self.column:
            where += _("“%(column)s”列") % {"column": self.column}
        return f"{where}：{self.message}" if where else self.message


@dataclass(slots=True)
class SheetRow:
    row: int  # 1-based
    code: str
    name: str
    values: dict[str, float | None] = field(default_factory=dict)


# per position, each character's weighted value (GB 32100 and GB 11714): a code is checked
# with one lookup a character
_POSITIONS = [{ch: v * w for ch, v in _CHARSET.items()} for w in _WEIGHTS]
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_POSITIONS = [{ch: int(ch, 36) * w for ch in _ORG_CHARS} for w in credit_code.ORG_WEIGHTS]
_ORG_CHECK = {i: "X" if 11 - i == 10 else "0" if i == 0 else str(11 - i) for i in range(11)}


def quick_valid(code: str) -> bool:
    """The GB 32100 check in one pass (the import checks a million codes); ``problem`` says
    what is wrong when this answers False."""
    if len(code) != 18:
        return False
    try:
        total = sum(map(dict.__getitem__, _POSITIONS, code))
        org = sum(map(dict.__getitem__, _ORG_POSITIONS, code[8:16]))
    except KeyError:
        return False
    if _CHECK[(31 - total % 31) % 31] != code[17] or _ORG_CHECK[org % 11] != code[16]:
        return False
    if code[0] == "9":  # 工商: nearly every enterprise
        return code[1] in "123" and code[2:8].isdigit()
    return credit_code.problem(code) is None


def _code_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code of digits typed into a number cell
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isalnum():
        return text.upper()
    return credit_code.normalise(text)


def _number(value: Any) -> float | None | str:
    """The cell as a number, None when blank, or the text that is not a number."""
    if value is None or value == "":
        return None
    if type(value) is float or type(value) is int:
        return float(value)
    if isinstance(value, bool):
        return str(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if text in ("", "-", "—", "/", "－"):
        return None
    if not _NUMBER.match(text):
        return str(value).strip()
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        return str(value).strip()


def read_rows(
    rows: list[list[Any]], first: int, columns: list[Column]
) -> tuple[list[SheetRow], list[RowError]]:
    """The enterprise rows after the header (0-based ``first``), with their errors. Rows are
    sorted out first (codes checked), then each figure column is checked as a whole: a column
    of plain numbers in range (the usual case) costs a few list operations, and only a column
    with something else in it is looked at cell by cell."""
    by_field = {c.field: c for c in columns}
    code_col = by_field[CODE]
    name_col = by_field.get(NAME)
    measures = [c for c in columns if c.field not in (CODE, NAME)]
    code_i, name_i = code_col.index, name_col.index if name_col else -1
    need = max(c.index for c in columns) + 1
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    checked: list[list[Any]] = []  # rows whose figures are checked
    heads: list[tuple[int, str, str]] = []  # (row number, code or "" when wrong, name)
    for r in range(first, len(rows)):
        row = rows[r]
        if len(row) < need:
            row = [*row, *([None] * (need - len(row)))]
        raw_code = row[code_i]
        raw_name = row[name_i] if name_i >= 0 else None
        name = (
            raw_name.strip() if type(raw_name) is str else "" if raw_name is None else str(raw_name)
        )
        if type(raw_code) is str and raw_code.isascii() and raw_code.isalnum():
            code = raw_code.upper()
        else:
            code = _code_text(raw_code) if raw_code not in (None, "") else ""
        number = r + 1
        if not quick_valid(code):
            if (
                _JUNK.match(code)
                or _JUNK.match(name)
                or (_CJK.search(code) and not name and not _has_numbers(row, measures))
            ):
                continue
            if not code:
                if name and _has_numbers(row, measures):
                    errors.append(RowError(number, code_col.header, _("缺少统一社会信用代码。")))
                continue
            found = credit_code.problem(code)
            errors.append(
                RowError(
                    number,
                    code_col.header,
                    _("统一社会信用代码“%(code)s”有误：%(problem)s")
                    % {"code": code, "problem": found or _("格式不正确。")},
                    code_col.letter,
                )
            )
            code = ""  # its cells are still checked
        elif code in seen:
            errors.append(
                RowError(
                    number,
                    code_col.header,
                    _("统一社会信用代码“%(code)s”与第%(row)s行重复。")
                    % {"code": code, "row": seen[code]},
                    code_col.letter,
                )
            )
            code = ""
        else:
            seen[code] = number
        checked.append(row)
        heads.append((number, code, name))
    figures = [_column(col, checked, heads, errors) for col in measures]
    fields = [c.field for c in measures]
    out = (
        [
            SheetRow(number, code, name, dict(zip(fields, values, strict=True)))
            for (number, code, name), values in zip(heads, zip(*figures, strict=True), strict=True)
            if code
        ]
        if fields
        else [SheetRow(n, c, m, {}) for n, c, m in heads if c]
    )
    errors.sort(key=lambda e: e.row or 0)
    return out, errors


def _column(
    col: Column, rows: list[list[Any]], heads: list[tuple[int, str, str]], errors: list[RowError]
) -> list[float | None]:
    """One figure column, converted; a wrong cell is None and an error."""
    cells = [row[col.index] for row in rows]
    factor = col.factor
    if cells and set(map(type, cells)) == {float}:
        low, high = min(cells), max(cells)
        whole = col.field != "employees" or all(map(float.is_integer, cells))
        if (low >= 0 or col.field in MAY_BE_NEGATIVE) and max(high, -low) * factor < 1e11 and whole:
            if col.field == "employees":
                return [int(v) for v in cells]
            if factor == 1.0:
                return cells
            if (
                factor < 1.0
            ):  # 元, 千元 → 万元: divided, so 1234.5 千元 is 123.45, not 123.45000000000002
                divisor = round(1 / factor)
                return [v / divisor for v in cells]
            return [v * factor for v in cells]
    return [_cell(v, col, heads[j][0], errors) for j, v in enumerate(cells)]


def _cell(raw: Any, col: Column, number: int, errors: list[RowError]) -> float | None:
    value = raw if type(raw) is float else _number(raw)
    if value is None:
        return None
    if isinstance(value, str):
        message = _("应填写数字，此处为“%(value)s”。") % {"value": value[:40]}
    elif value < 0 and col.field not in MAY_BE_NEGATIVE:
        message = _("不能为负数（%(value)s）。") % {"value": _show(value)}
    else:
        factor = col.factor
        converted = _scaled(value, factor)
        if col.field == "employees" and not converted.is_integer():
            message = _("从业人数应为整数，此处为%(value)s。") % {"value": _show(value)}
        elif abs(converted) >= 1e11:
            message = _("数值%(value)s过大，请核对计量单位。") % {"value": _show(value)}
        else:
            return int(converted) if col.field == "employees" else converted
    errors.append(RowError(number, col.header, message, col.letter))
    return None


def _scaled(value: float, factor: float) -> float:
    if factor == 1.0:
        return value
    return value / round(1 / factor) if factor < 1.0 else value * factor


def _has_numbers(row: list[Any], measures: list[Column]) -> bool:
    return any(
        c.index < len(row) and row[c.index] not in (None, "") and clean(row[c.index])
        for c in measures
    )


def _show(value: float) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
