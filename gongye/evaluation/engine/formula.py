"""Formulas of a scheme (指标公式, 参评条件), compiled once and evaluated over whole columns.

A scheme writes its indicators and conditions as small expressions over the register's
figures: ``tax / land_mu``, ``tax * 10000 / electricity_kwh``, ``scale == "规上" and
land_mu >= 3``. They are parsed with Python's own parser (``ast``), every node checked against
a short list (numbers, strings, the catalogue's variables, + − × ÷, comparisons, and / or /
not, ``in`` a list, min / max / abs / startswith), typed (number, text, yes/no) and turned into
numpy operations on the columns, so one formula over 100,000 enterprises is a handful of array
operations, never a Python loop and never ``eval``.

A value that cannot be computed (a figure missing, a division by zero) is NaN: the scoring
treats it by the scheme's missing-data rule; a comparison with NaN is false.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from gongye.evaluation.engine.variables import FLAG, NUMBER, TEXT, VARIABLES

Env = Mapping[str, np.ndarray]
Compiled = Callable[[Env], Any]

MAX_LENGTH = 500


class FormulaError(ValueError):
    """A formula that cannot be used, with the reason in the user's language."""


@dataclass(frozen=True)
class Expr:
    """A compiled expression: its text, its type (number, text or flag) and the variables
    it reads."""

    text: str
    kind: str
    names: frozenset[str]
    run: Compiled

    def evaluate(self, env: Env, size: int) -> np.ndarray:
        """The expression over every row: float64 (NaN where it cannot be computed) for a
        number, bool for a condition."""
        value = self.run(env)
        if self.kind == NUMBER:
            out = np.broadcast_to(np.asarray(value, dtype=np.float64), (size,))
            if not out.flags.writeable:
                out = out.copy()
            return out
        return np.broadcast_to(np.asarray(value, dtype=bool), (size,)).copy()


def _kind_name(kind: str) -> str:
    return {NUMBER: _("数值"), TEXT: _("文字"), FLAG: _("是/否")}[kind]


_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}
_OPERATOR_TEXT = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.BitAnd: "&"}


def _finite(value: Any) -> Any:
    """Infinity (a division by zero) is no value."""
    if isinstance(value, np.ndarray):
        np.copyto(value, np.nan, where=np.isinf(value))
        return value
    return value if np.isfinite(value) else np.nan


class _Compiler:
    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()

    def fail(self, message: str) -> FormulaError:
        return FormulaError(
            _("公式“%(text)s”：%(message)s") % {"text": self.text, "message": message}
        )

    def compile(self, node: ast.AST) -> tuple[str, Compiled]:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise self.fail(_("不支持这种写法：%(part)s") % {"part": ast.unparse(node)})
        return handler(node)

    def _Expression(self, node: ast.Expression) -> tuple[str, Compiled]:
        return self.compile(node.body)

    def _Constant(self, node: ast.Constant) -> tuple[str, Compiled]:
        value = node.value
        if isinstance(value, bool):
            return FLAG, lambda env: value
        if isinstance(value, int | float):
            number = float(value)
            return NUMBER, lambda env: number
        if isinstance(value, str):
            return TEXT, lambda env: value
        raise self.fail(_("不支持的常量：%(part)s") % {"part": ast.unparse(node)})

    def _Name(self, node: ast.Name) -> tuple[str, Compiled]:
        name = node.id
        if name in ("true", "True", "是"):
            return FLAG, lambda env: True
        if name in ("false", "False", "否"):
            return FLAG, lambda env: False
        variable = VARIABLES.get(name)
        if variable is None:
            raise self.fail(
                _("不认识的变量 %(name)s；可用的变量：%(names)s")
                % {"name": name, "names": "、".join(VARIABLES)}
            )
        self.names.add(name)
        return variable.kind, lambda env: env[name]

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Compiled]:
        kind, operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            self.expect(kind, FLAG, node.operand)
            return FLAG, lambda env: np.logical_not(operand(env))
        if isinstance(node.op, ast.USub | ast.UAdd):
            self.expect(kind, NUMBER, node.operand)
            if isinstance(node.op, ast.UAdd):
                return NUMBER, operand
            return NUMBER, lambda env: np.negative(operand(env))
        raise self.fail(_("不支持这种写法：%(part)s") % {"part": ast.unparse(node)})

    def _BinOp(self, node: ast.BinOp) -> tuple[str, Compiled]:
        function = _ARITH.get(type(node.op))
        if function is None:
            operator = _OPERATOR_TEXT.get(type(node.op), ast.unparse(node))
            raise self.fail(_("不支持运算符 %(op)s，只能用 + - * / 和括号") % {"op": operator})
        left_kind, left = self.compile(node.left)
        right_kind, right = self.compile(node.right)
        self.expect(left_kind, NUMBER, node.left)
        self.expect(right_kind, NUMBER, node.right)
        if function is np.divide:

            def divide(env: Env) -> Any:
                with np.errstate(divide="ignore", invalid="ignore"):
                    return _finite(np.divide(left(env), right(env)))

            return NUMBER, divide
        return NUMBER, lambda env: function(left(env), right(env))

    def _BoolOp(self, node: ast.BoolOp) -> tuple[str, Compiled]:
        parts = []
        for value in node.values:
            kind, part = self.compile(value)
            self.expect(kind, FLAG, value)
            parts.append(part)
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or

        def run(env: Env) -> Any:
            result = parts[0](env)
            for part in parts[1:]:
                result = combine(result, part(env))
            return result

        return FLAG, run

    def _Compare(self, node: ast.Compare) -> tuple[str, Compiled]:
        checks: list[Compiled] = []
        left_kind, left = self.compile(node.left)
        left_node = node.left
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                checks.append(self.membership(left_kind, left, left_node, op, right_node))
                left_kind, left, left_node = TEXT, left, right_node
                continue
            function = _COMPARE.get(type(op))
            if function is None:
                raise self.fail(_("不支持这种比较：%(part)s") % {"part": ast.unparse(node)})
            right_kind, right = self.compile(right_node)
            if left_kind != right_kind:
                raise self.fail(
                    _("%(left)s 是%(lk)s，%(right)s 是%(rk)s，不能比较")
                    % {
                        "left": ast.unparse(left_node),
                        "lk": _kind_name(left_kind),
                        "right": ast.unparse(right_node),
                        "rk": _kind_name(right_kind),
                    }
                )
            if left_kind != NUMBER and not isinstance(op, ast.Eq | ast.NotEq):
                raise self.fail(
                    _("%(part)s 不是数值，只能用 == 或 != 比较") % {"part": ast.unparse(left_node)}
                )
            checks.append(_comparison(function, left, right))
            left_kind, left, left_node = right_kind, right, right_node

        def run(env: Env) -> Any:
            result = checks[0](env)
            for check in checks[1:]:
                result = np.logical_and(result, check(env))
            return result

        return FLAG, run

    def membership(
        self, kind: str, left: Compiled, left_node: ast.AST, op: ast.cmpop, right: ast.AST
    ) -> Compiled:
        if not isinstance(right, ast.List | ast.Tuple | ast.Set):
            raise self.fail(_('in 后面要写一组值，如 ["C13", "C14"]'))
        values = []
        for element in right.elts:
            element_kind, compiled = self.compile(element)
            if element_kind != kind or kind == FLAG:
                raise self.fail(
                    _("%(part)s 与 %(left)s 的类型不同")
                    % {"part": ast.unparse(element), "left": ast.unparse(left_node)}
                )
            values.append(compiled({}))
        negate = isinstance(op, ast.NotIn)

        def run(env: Env) -> Any:
            found = np.isin(left(env), values)
            return np.logical_not(found) if negate else found

        return run

    def _Call(self, node: ast.Call) -> tuple[str, Compiled]:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if node.keywords or name not in ("min", "max", "abs", "startswith"):
            raise self.fail(
                _("不支持的函数 %(part)s；可用的函数：min、max、abs、startswith")
                % {"part": ast.unparse(node.func)}
            )
        compiled = [self.compile(arg) for arg in node.args]
        if name == "startswith":
            if len(compiled) != 2 or compiled[0][0] != TEXT or compiled[1][0] != TEXT:
                raise self.fail(_('startswith 要两个文字，如 startswith(industry, "C13")'))
            text, prefix = compiled[0][1], compiled[1][1]({})
            return FLAG, lambda env: np.char.startswith(np.asarray(text(env), dtype=str), prefix)
        for (kind, _run), arg in zip(compiled, node.args, strict=True):
            self.expect(kind, NUMBER, arg)
        parts = [run for _kind, run in compiled]
        if name == "abs":
            if len(parts) != 1:
                raise self.fail(_("abs 只要一个数"))
            return NUMBER, lambda env: np.abs(parts[0](env))
        if len(parts) < 2:
            raise self.fail(_("%(name)s 至少要两个数") % {"name": name})
        function = np.fmin if name == "min" else np.fmax

        def run(env: Env) -> Any:
            result = parts[0](env)
            for part in parts[1:]:
                result = function(result, part(env))
            return result

        return NUMBER, run

    def expect(self, kind: str, wanted: str, node: ast.AST) -> None:
        if kind != wanted:
            raise self.fail(
                _("%(part)s 是%(kind)s，这里要%(wanted)s")
                % {
                    "part": ast.unparse(node),
                    "kind": _kind_name(kind),
                    "wanted": _kind_name(wanted),
                }
            )


def _comparison(function: Callable[[Any, Any], Any], left: Compiled, right: Compiled) -> Compiled:
    def run(env: Env) -> Any:
        with np.errstate(invalid="ignore"):
            return function(left(env), right(env))

    return run


# the words a Chinese scheme writes for the operators
_WORDS = (("且", " and "), ("或", " or "), ("×", "*"), ("÷", "/"), ("（", "("), ("）", ")"))


_QUOTED = re.compile(r"(\"[^\"]*\"|'[^']*'|“[^”]*”)")


def _plain_operators(source: str) -> str:
    """The Chinese operator words replaced outside quoted text; “curly quotes” made plain."""
    parts = _QUOTED.split(source)
    for index, part in enumerate(parts):
        if index % 2:
            if part.startswith("“"):
                parts[index] = '"' + part[1:-1] + '"'
            continue
        for word, operator in _WORDS:
            part = part.replace(word, operator)
        parts[index] = part
    return "".join(parts)


def compile_formula(text: Any, *, want: str = NUMBER) -> Expr:
    """``text`` compiled, or FormulaError saying what is wrong with it. ``want`` is the type
    the place needs: a number (an indicator) or a flag (a condition)."""
    if isinstance(text, bool) and want == FLAG:
        value = bool(text)
        return Expr(str(text).lower(), FLAG, frozenset(), lambda env: value)
    if isinstance(text, int | float) and not isinstance(text, bool) and want == NUMBER:
        number = float(text)
        return Expr(str(text), NUMBER, frozenset(), lambda env: number)
    if not isinstance(text, str) or not text.strip():
        raise FormulaError(_("公式不能为空，要写成文字，如 tax / land_mu"))
    source = text.strip()
    if len(source) > MAX_LENGTH:
        raise FormulaError(_("公式太长（最多 %(n)s 个字符）") % {"n": MAX_LENGTH})
    source = _plain_operators(source)
    compiler = _Compiler(text.strip())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise compiler.fail(
            _("写法有误（第 %(col)s 个字符附近）") % {"col": error.offset or 1}
        ) from None
    kind, run = compiler.compile(tree)
    if kind != want:
        raise compiler.fail(
            _("结果是%(kind)s，这里要%(wanted)s")
            % {"kind": _kind_name(kind), "wanted": _kind_name(want)}
        )
    return Expr(text.strip(), kind, frozenset(compiler.names), run)
