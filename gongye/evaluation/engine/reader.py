"""Reading a scheme document's parts (groups, indicators, benchmarks, adjustments, rules,
vetoes, class cut-offs, policies) into the scheme's dataclasses, every fault collected with
its line. ``scheme.parse_scheme`` drives it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from gongye.evaluation.engine.document import Mapping, Sequence
from gongye.evaluation.engine.formula import Expr, FormulaError, compile_formula
from gongye.evaluation.engine.scheme_parts import (
    CLASSES,
    MISSING_RULES,
    NOT_GRADED,
    ROUNDING,
    Adjustment,
    Benchmark,
    Classes,
    Group,
    Indicator,
    Policy,
    Rule,
    Veto,
)
from gongye.evaluation.engine.variables import FLAG, NUMBER


class Reader:
    def __init__(self) -> None:
        self.errors: list[tuple[int | None, str]] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append((line, message))

    def keys(self, mapping: Mapping, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.error(
                    mapping.line_of(key),
                    _("%(where)s里不认识“%(key)s”；可用的键：%(keys)s")
                    % {"where": where, "key": key, "keys": "、".join(allowed)},
                )

    def mapping(self, value: Any, line: int, what: str) -> Mapping | None:
        if isinstance(value, Mapping):
            return value
        self.error(line, _("%(what)s要写成“键: 值”的形式") % {"what": what})
        return None

    def sequence(self, value: Any, line: int, what: str) -> Sequence | None:
        if isinstance(value, Sequence):
            return value
        self.error(line, _("%(what)s要写成列表（每项一行，以“- ”开头）") % {"what": what})
        return None

    def text(self, mapping: Mapping, key: str, what: str, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(mapping.line, _("%(what)s缺少“%(key)s”") % {"what": what, "key": key})
            return ""
        if not isinstance(value, str | int | float):
            self.error(mapping.line_of(key), _("“%(key)s”要写成文字") % {"key": key})
            return ""
        return str(value).strip()

    def number(
        self, mapping: Mapping, key: str, what: str, *, positive: bool = True
    ) -> float | None:
        value = mapping.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                value = float(str(value).strip()) if isinstance(value, str) else None
            except ValueError:
                value = None
        if value is None or value != value:
            self.error(
                mapping.line_of(key),
                _("%(what)s的“%(key)s”要写成数字") % {"what": what, "key": key},
            )
            return None
        if positive and value <= 0:
            self.error(
                mapping.line_of(key),
                _("%(what)s的“%(key)s”要大于0") % {"what": what, "key": key},
            )
            return None
        return float(value)

    def expr(self, mapping: Mapping, key: str, want: str, what: str) -> Expr | None:
        try:
            return compile_formula(mapping.get(key), want=want)
        except FormulaError as error:
            self.error(mapping.line_of(key), f"{what}：{error}")
            return None

    def choice(self, mapping: Mapping, key: str, options: tuple[str, ...], default: str) -> str:
        value = mapping.get(key, default)
        if value not in options:
            self.error(
                mapping.line_of(key),
                _("“%(key)s”只能是 %(options)s") % {"key": key, "options": " / ".join(options)},
            )
            return default
        return str(value)

    # -- parts ----------------------------------------------------------------------------

    def benchmark(self, item: Mapping, what: str) -> Benchmark | None:
        value = item.get("benchmark")
        line = item.line_of("benchmark")
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value <= 0:
                self.error(line, _("%(what)s的基准值要大于0") % {"what": what})
                return None
            return Benchmark("fixed", value=float(value))
        if value in ("average", "平均值", "均值"):
            return Benchmark("average")
        if value in ("min_max", "最大最小值"):
            return Benchmark("min_max")
        if isinstance(value, Mapping):
            self.keys(value, ("average", "multiple", "min_max", "floor", "value"), what)
            if value.get("min_max"):
                floor = value.get("floor", 0)
                weight = item.get("weight")
                if isinstance(floor, bool) or not isinstance(floor, int | float) or floor < 0:
                    self.error(value.line_of("floor"), _("保底分要是不小于0的数"))
                    return None
                if isinstance(weight, int | float) and floor > weight:
                    self.error(value.line_of("floor"), _("保底分不能高于权重"))
                    return None
                return Benchmark("min_max", floor=float(floor))
            if value.get("average"):
                multiple = self.number(value, "multiple", what) if "multiple" in value else 1.0
                return Benchmark("average", multiple=multiple or 1.0)
            if "value" in value:
                fixed = self.number(value, "value", what)
                return Benchmark("fixed", value=fixed) if fixed else None
        self.error(
            line,
            _(
                "%(what)s的基准值要写成正数、average（组内平均值）、{average: true, multiple: 1.1} 或 {min_max: true, floor: 分}"
            )
            % {"what": what},
        )
        return None

    def indicator(self, item: Any, line: int, group: str, missing: str) -> Indicator | None:
        item = self.mapping(item, line, _("指标"))
        if item is None:
            return None
        keys = ("name", "formula", "weight", "benchmark", "cap", "missing", "direction", "unit")
        name = self.text(item, "name", _("指标"))
        what = _("“%(group)s”组的指标“%(name)s”") % {"group": group, "name": name or "?"}
        self.keys(item, keys, what)
        formula = self.expr(item, "formula", NUMBER, what)
        weight = self.number(item, "weight", what)
        benchmark = self.benchmark(item, what)
        cap = self.number(item, "cap", what) if item.get("cap") is not None else None
        if cap is not None and cap < 1:
            self.error(item.line_of("cap"), _("%(what)s的封顶倍数不能小于1") % {"what": what})
        direction = self.choice(item, "direction", ("higher", "lower"), "higher")
        rule = self.choice(item, "missing", MISSING_RULES, missing)
        if not (name and formula and weight and benchmark):
            return None
        return Indicator(
            name=name,
            formula=formula,
            weight=weight,
            benchmark=benchmark,
            cap=cap,
            missing=rule,
            lower_is_better=direction == "lower",
            unit=self.text(item, "unit", what, required=False),
        )

    def adjustment(self, item: Any, line: int, what: str) -> Adjustment | None:
        item = self.mapping(item, line, what)
        if item is None:
            return None
        name = self.text(item, "name", what)
        label = f"{what}“{name or '?'}”"
        self.keys(item, ("name", "when", "formula", "points", "max"), label)
        when = self.expr(item, "when", FLAG, label) if "when" in item else None
        formula = self.expr(item, "formula", NUMBER, label) if "formula" in item else None
        if "when" not in item and "formula" not in item:
            self.error(
                item.line, _("%(what)s要有 when（条件）或 formula（按数计分）") % {"what": label}
            )
        points = self.number(item, "points", label)
        limit = self.number(item, "max", label) if "max" in item else None
        if not name or points is None:
            return None
        return Adjustment(name=name, points=points, when=when, formula=formula, limit=limit)

    def rules(self, document: Mapping, key: str, what: str) -> list[Rule]:
        if key not in document:
            return []
        items = self.sequence(document[key], document.line_of(key), what)
        rules = []
        for index, item in enumerate(items or []):
            item = self.mapping(item, items.line_of(index), what) if items else None
            if item is None:
                continue
            name = self.text(item, "name", what)
            self.keys(item, ("name", "when"), what)
            when = self.expr(item, "when", FLAG, f"{what}“{name}”")
            if name and when:
                rules.append(Rule(name, when))
        return rules

    def classes(self, value: Any, line: int) -> Classes | None:
        mapping = self.mapping(value, line, _("分类（classes）"))
        if mapping is None:
            return None
        self.keys(mapping, ("A", "B", "C", "by", "rounding"), _("分类（classes）"))
        by = self.choice(mapping, "by", ("share", "score"), "share")
        rounding = self.choice(mapping, "rounding", ROUNDING, "round")
        cuts = [self.number(mapping, klass, _("分类"), positive=False) for klass in "ABC"]
        if any(cut is None for cut in cuts):
            return None
        a, b, c = (float(cut) for cut in cuts if cut is not None)
        if by == "share":
            if not 0 <= a <= b <= c <= 100:
                self.error(
                    mapping.line, _("累计比例要 0 ≤ A ≤ B ≤ C ≤ 100（如 A: 20, B: 65, C: 95）")
                )
                return None
        elif not a >= b >= c:
            self.error(mapping.line, _("按分数分类时要 A ≥ B ≥ C（如 A: 80, B: 60, C: 40）"))
            return None
        return Classes(by=by, cuts=(a, b, c), rounding=rounding)

    def group(self, item: Any, line: int, missing: str) -> Group | None:
        item = self.mapping(item, line, _("分组"))
        if item is None:
            return None
        name = self.text(item, "name", _("分组"))
        what = _("“%(name)s”组") % {"name": name or "?"}
        self.keys(
            item, ("name", "where", "indicators", "bonus", "deductions", "classes", "missing"), what
        )
        where = (
            self.expr(item, "where", FLAG, what)
            if "where" in item
            else compile_formula(True, want=FLAG)
        )
        missing = self.choice(item, "missing", MISSING_RULES, missing)
        indicators = []
        items = self.sequence(
            item.get("indicators"), item.line_of("indicators"), _("%(what)s的指标") % {"what": what}
        )
        for index, entry in enumerate(items or []):
            indicator = self.indicator(
                entry, items.line_of(index) if items else line, name, missing
            )
            if indicator:
                indicators.append(indicator)
        if items is not None and not items:
            self.error(item.line_of("indicators"), _("%(what)s至少要一个指标") % {"what": what})
        names = [i.name for i in indicators]
        for duplicate in sorted({n for n in names if names.count(n) > 1}):
            self.error(
                item.line, _("%(what)s的指标“%(name)s”重复") % {"what": what, "name": duplicate}
            )
        adjustments: dict[str, list[Adjustment]] = {"bonus": [], "deductions": []}
        for key, label in (("bonus", _("加分项")), ("deductions", _("减分项"))):
            if key not in item:
                continue
            entries = self.sequence(item[key], item.line_of(key), label)
            for index, entry in enumerate(entries or []):
                adjustment = self.adjustment(
                    entry, entries.line_of(index) if entries else line, label
                )
                if adjustment:
                    adjustments[key].append(adjustment)
        classes = (
            self.classes(item["classes"], item.line_of("classes")) if "classes" in item else None
        )
        if not name or where is None:
            return None
        return Group(
            name=name,
            where=where,
            indicators=tuple(indicators),
            bonus=tuple(adjustments["bonus"]),
            deductions=tuple(adjustments["deductions"]),
            classes=classes,
        )

    def vetoes(self, document: Mapping) -> list[Veto]:
        if "vetoes" not in document:
            return []
        items = self.sequence(
            document["vetoes"], document.line_of("vetoes"), _("一票否决（vetoes）")
        )
        vetoes = []
        for index, item in enumerate(items or []):
            item = self.mapping(item, items.line_of(index) if items else 0, _("一票否决"))
            if item is None:
                continue
            name = self.text(item, "name", _("一票否决"))
            what = _("一票否决“%(name)s”") % {"name": name or "?"}
            self.keys(item, ("name", "when", "not"), what)
            when = self.expr(item, "when", FLAG, what)
            forbidden = item.get("not")
            if isinstance(forbidden, str):
                forbidden = [part.strip() for part in forbidden.replace("、", ",").split(",")]
            if (
                not isinstance(forbidden, list)
                or not forbidden
                or any(k not in CLASSES for k in forbidden)
                or set(forbidden) == set(CLASSES)
            ):
                self.error(
                    item.line_of("not"),
                    _("%(what)s的“not”要写不能评的类别，如 [A, B]（不能四类都写）")
                    % {"what": what},
                )
                continue
            if name and when:
                vetoes.append(Veto(name, when, frozenset(forbidden)))
        return vetoes

    def policies(self, document: Mapping) -> list[Policy]:
        if "policies" not in document:
            return []
        table = self.mapping(
            document["policies"], document.line_of("policies"), _("差别化政策（policies）")
        )
        lines = []
        for klass, measures in (table or {}).items():
            line = table.line_of(klass) if table else 0
            if klass not in (*CLASSES, NOT_GRADED):
                self.error(
                    line, _("差别化政策的类别只能是 A、B、C、D、T，不是“%(k)s”") % {"k": klass}
                )
                continue
            entries = self.mapping(measures, line, _("%(k)s类的政策") % {"k": klass})
            for item, measure in (entries or {}).items():
                lines.append(Policy(klass, str(item), str(measure)))
        return lines
