"""The data rows of a bureau sheet: each enterprise's credit code, name and figures, checked
cell by cell (the code per GB 32100, duplicates, numbers, negatives) and converted to the
stored units. Pure: no database (``services.figures`` adds what needs one).

Numbers are read as the spreadsheet holds them (Excel keeps binary doubles) and rounded to the
stored precision (4 decimal places, electricity 2) once converted; the write stores them as
decimals."""

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
PLACES = {"electricity_kwh": 2, "electricity_kwh_month": 2, "employees": 0}
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


@dataclass
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
    """The enterprise rows after the header (0-based ``first``), with their errors."""
    by_field = {c.field: c for c in columns}
    code_col = by_field[CODE]
    name_col = by_field.get(NAME)
    measures = [c for c in columns if c.field not in (CODE, NAME)]
    code_i, name_i = code_col.index, name_col.index if name_col else -1
    out: list[SheetRow] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for r in range(first, len(rows)):
        row = rows[r]
        width = len(row)
        raw_code = row[code_i] if code_i < width else None
        raw_name = row[name_i] if 0 <= name_i < width else None
        name = str(raw_name).strip() if raw_name not in (None, "") else ""
        code = _code_text(raw_code) if raw_code not in (None, "") else ""
        number = r + 1
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
        if not quick_valid(code):
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
        values: dict[str, float | None] = {}
        for col in measures:
            value = row[col.index] if col.index < width else None
            if type(value) is not float:
                value = _number(value)
            if value is None:
                values[col.field] = None
                continue
            if isinstance(value, str):
                errors.append(
                    RowError(
                        number,
                        col.header,
                        _("应填写数字，此处为“%(value)s”。") % {"value": value[:40]},
                        col.letter,
                    )
                )
                continue
            if value < 0 and col.field not in MAY_BE_NEGATIVE:  # type: ignore[operator]
                errors.append(
                    RowError(
                        number,
                        col.header,
                        _("不能为负数（%(value)s）。") % {"value": _show(value)},
                        col.letter,
                    )
                )
                continue
            factor = col.factor
            converted = value if factor == 1.0 else round(value * factor, PLACES.get(col.field, 4))
            if col.field == "employees" and not converted.is_integer():
                errors.append(
                    RowError(
                        number,
                        col.header,
                        _("从业人数应为整数，此处为%(value)s。") % {"value": _show(value)},
                        col.letter,
                    )
                )
                continue
            if abs(converted) >= 1e11:
                errors.append(
                    RowError(
                        number,
                        col.header,
                        _("数值%(value)s过大，请核对计量单位。") % {"value": _show(value)},
                        col.letter,
                    )
                )
                continue
            values[col.field] = converted
        if code:
            out.append(SheetRow(number, code, name, values))
    return out, errors


def _has_numbers(row: list[Any], measures: list[Column]) -> bool:
    return any(
        c.index < len(row) and row[c.index] not in (None, "") and clean(row[c.index])
        for c in measures
    )


def _show(value: float) -> str:
    return f"{value:f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
