"""The data rows of a bureau sheet: each enterprise's credit code, name and figures, checked
cell by cell (the code per GB 32100, duplicates, numbers, negatives) and converted to the
stored units. Pure: no database (``services.figures`` adds what needs one).

Numbers are read as the spreadsheet holds them (Excel keeps binary doubles), converted by
dividing (元, 千元 → 万元: 1234.5 千元 is 123.45 万元 exactly as typed) or multiplying (万千瓦时 →
千瓦时); the database keeps them as decimals at the field's precision (4 places, electricity 2)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import mul, truediv
from typing import Any, TypeVar

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
T = TypeVar("T")
# codes found valid in this process, each checked once however many sheets repeat it
_VALID_CODES: set[str] = set()
VALID_CODES_KEPT = 2_000_000


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


@dataclass
class SheetData:
    """The enterprise rows, column by column: the sheet's row number, code and name of each,
    and each figure column (converted to the stored unit) by field."""

    numbers: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    values: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.codes)

    def rows(self) -> list[SheetRow]:
        """Row by row (the command's JSON, the tests): a ``SheetRow`` each."""
        fields = list(self.values)
        columns = [self.values[f] for f in fields]
        return (
            [
                SheetRow(n, c, m, dict(zip(fields, v, strict=True)))
                for n, c, m, v in zip(
                    self.numbers, self.codes, self.names, zip(*columns, strict=True), strict=True
                )
            ]
            if fields
            else [
                SheetRow(n, c, m, {})
                for n, c, m in zip(self.numbers, self.codes, self.names, strict=True)
            ]
        )


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
) -> tuple[SheetData, list[RowError]]:
    """The enterprise rows after the header (0-based ``first``), column by column, with their
    errors. The codes are checked as a set (each distinct code once, and a code already found
    valid in this process not again); only the rows whose code is wrong or repeated are looked
    at one by one. Then each figure column is checked as a whole: a column of plain numbers
    in range (the usual case) costs a few list operations, and only a column with something
    else in it is looked at cell by cell."""
    by_field = {c.field: c for c in columns}
    code_col = by_field[CODE]
    name_col = by_field.get(NAME)
    measures = [c for c in columns if c.field not in (CODE, NAME)]
    code_i, name_i = code_col.index, name_col.index if name_col else -1
    need = max(c.index for c in columns) + 1
    body = rows[first:]
    if body and min(map(len, body)) < need:
        body = [r if len(r) >= need else [*r, *([None] * (need - len(r)))] for r in body]
    # the columns the header names, each a list (one transposition in C)
    cells: Sequence[Sequence[Any]] = (
        list(zip(*body, strict=False))[:need] if body else [() for _c in range(need)]
    )
    codes = _codes(list(cells[code_i]))
    names = _names(list(cells[name_i])) if name_i >= 0 else [""] * len(codes)
    errors: list[RowError] = []
    wrong = _wrong_codes(codes)
    dropped: set[int] = set()
    if wrong:
        for i in _positions(codes, wrong):
            code, name, number = codes[i], names[i], first + i + 1
            if (
                _JUNK.match(code)
                or _JUNK.match(name)
                or (_CJK.search(code) and not name and not _has_numbers(body[i], measures))
            ):
                dropped.add(i)
                continue
            if not code:
                if name and _has_numbers(body[i], measures):
                    errors.append(RowError(number, code_col.header, _("缺少统一社会信用代码。")))
                dropped.add(i)
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
            codes[i] = ""  # its cells are still checked
    numbers = list(range(first + 1, first + 1 + len(codes)))
    if dropped:
        codes, names, numbers = (
            _drop(codes, dropped),
            _drop(names, dropped),
            _drop(numbers, dropped),
        )
        cells = [_drop(column, dropped) for column in cells]
    if len(set(codes)) + codes.count("") - ("" in codes) < len(codes):
        _repeats(codes, numbers, code_col, errors)
    values = {col.field: _column(col, cells[col.index], numbers, errors) for col in measures}
    if "" in codes:  # rows in error: their figures were checked, they are not given back
        keep = [i for i, c in enumerate(codes) if c]
        codes, names, numbers = _pick(codes, keep), _pick(names, keep), _pick(numbers, keep)
        values = {f: _pick(column, keep) for f, column in values.items()}
    errors.sort(key=lambda e: e.row or 0)
    return SheetData(numbers, codes, names, values), errors


def _pick(column: Sequence[T], keep: list[int]) -> list[T]:
    return list(map(column.__getitem__, keep))


def _drop(column: Sequence[T], dropped: set[int]) -> list[T]:
    """The column without the rows ``dropped`` (usually the 合计 and notes under the table)."""
    if len(dropped) > 100:
        return [v for i, v in enumerate(column) if i not in dropped]
    kept = list(column)
    for i in sorted(dropped, reverse=True):
        del kept[i]
    return kept


def _positions(column: list[Any], wanted: set[Any]) -> list[int]:
    """Where the values ``wanted`` stand, in order: a few searches in C rather than a look
    at every row, when they are few (a wrong code or two, the blank codes under the table)."""
    if len(wanted) > 20:
        return [i for i, v in enumerate(column) if v in wanted]
    found: list[int] = []
    for value in wanted:
        i = -1
        try:
            while True:
                i = column.index(value, i + 1)
                found.append(i)
        except ValueError:
            pass
    return sorted(found)


def _texts(column: list[Any]) -> tuple[list[str], str] | None:
    """The column as text and all of it joined, when every cell is text or blank (the
    usual case); None when some cell holds something else (a number)."""
    if None in column:
        column = list(column)
        for i in _positions(column, {None}):
            column[i] = ""
    try:
        return column, "".join(column)
    except TypeError:
        return None


def _codes(column: list[Any]) -> list[str]:
    """Each cell as a code: upper case, or normalised when it has more than letters and
    digits in it (spaces, full-width characters, a number)."""
    if (texts := _texts(column)) is not None:
        column, joined = texts
        if joined.isascii() and joined.isalnum():
            return column if joined == joined.upper() else list(map(str.upper, column))
    return [
        c.upper()
        if type(c) is str and c.isascii() and c.isalnum()
        else _code_text(c)
        if c is not None and c != ""
        else ""
        for c in column
    ]


def _names(column: list[Any]) -> list[str]:
    if (texts := _texts(column)) is not None:
        return list(map(str.strip, texts[0]))
    return [n.strip() if type(n) is str else "" if n is None else str(n) for n in column]


def _wrong_codes(codes: list[str]) -> set[str]:
    """The distinct codes that fail the check; a valid one is remembered for the process (a
    county's twelve monthly sheets repeat the same 100,000 codes)."""
    unseen = set(codes) - _VALID_CODES
    valid = {c for c in unseen if quick_valid(c)}
    if len(_VALID_CODES) + len(valid) > VALID_CODES_KEPT:
        _VALID_CODES.clear()
    _VALID_CODES.update(valid)
    return unseen - valid


def _repeats(
    codes: list[str], numbers: list[int], code_col: Column, errors: list[RowError]
) -> None:
    """A code on two rows: the second (and any later) is an error and not given back."""
    seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if not code:
            continue
        if code in seen:
            errors.append(
                RowError(
                    numbers[i],
                    code_col.header,
                    _("统一社会信用代码“%(code)s”与第%(row)s行重复。")
                    % {"code": code, "row": seen[code]},
                    code_col.letter,
                )
            )
            codes[i] = ""
        else:
            seen[code] = numbers[i]


def _column(
    col: Column, cells: Sequence[Any], numbers: list[int], errors: list[RowError]
) -> list[Any]:
    """One figure column, converted; a wrong cell is None and an error."""
    factor = col.factor
    if cells and set(map(type, cells)) == {float}:
        low, high = min(cells), max(cells)
        whole = col.field != "employees" or all(map(float.is_integer, cells))
        if (low >= 0 or col.field in MAY_BE_NEGATIVE) and max(high, -low) * factor < 1e11 and whole:
            if col.field == "employees":
                return list(map(int, cells))
            if factor == 1.0:
                return list(cells)
            if factor < 1.0:
                # 元, 千元 → 万元: divided, so 1234.5 千元 is 123.45, not 123.45000000000002
                return list(map(truediv, cells, repeat(float(round(1 / factor)))))
            return list(map(mul, cells, repeat(factor)))
    return [_cell(v, col, numbers[j], errors) for j, v in enumerate(cells)]


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
