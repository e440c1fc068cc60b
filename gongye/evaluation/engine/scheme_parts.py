"""The parts of a scheme (评价方案) as data: benchmarks, indicators, adjustments, rules, vetoes,
class cut-offs, groups, policies, and the scheme itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongye.evaluation.engine.formula import Expr

CLASSES = ("A", "B", "C", "D")
NOT_GRADED = "T"
MISSING_RULES = ("zero", "average")
ROUNDING = ("round", "floor", "ceil")


@dataclass(frozen=True)
class Benchmark:
    """How an indicator's value is judged: against a fixed value, the group's average (times
    ``multiple``), or between the group's lowest and highest (``floor`` points for the
    lowest)."""

    kind: str  # fixed, average, min_max
    value: float = 0.0
    multiple: float = 1.0
    floor: float = 0.0


@dataclass(frozen=True)
class Indicator:
    name: str
    formula: Expr
    weight: float
    benchmark: Benchmark
    cap: float | None = None  # the score at most cap × weight
    missing: str = "zero"  # zero, or the group's average score on the item
    lower_is_better: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Adjustment:
    """A bonus (加分) or deduction (减分) item: fixed points when a condition holds, or
    ``points`` per unit of a formula, at most ``limit``."""

    name: str
    points: float
    when: Expr | None = None
    formula: Expr | None = None
    limit: float | None = None


@dataclass(frozen=True)
class Rule:
    """A named condition: an exclusion, a reason not to grade (class T)."""

    name: str
    when: Expr


@dataclass(frozen=True)
class Veto:
    """一票否决: when the condition holds the enterprise may not be in ``forbidden``."""

    name: str
    when: Expr
    forbidden: frozenset[str]


@dataclass(frozen=True)
class Classes:
    """Class cut-offs: by cumulative rank share in % (A 20 → the first 20 %) or by total
    score (A 80 → 80 points and more); ``rounding`` turns a share into a count."""

    by: str  # share or score
    cuts: tuple[float, float, float]  # A, B, C
    rounding: str = "round"


@dataclass(frozen=True)
class Group:
    name: str
    where: Expr
    indicators: tuple[Indicator, ...]
    bonus: tuple[Adjustment, ...] = ()
    deductions: tuple[Adjustment, ...] = ()
    classes: Classes | None = None


@dataclass(frozen=True)
class Policy:
    """A line of the differentiated policy table (差别化政策): what a class gets."""

    klass: str
    item: str
    measure: str


@dataclass(frozen=True)
class Scheme:
    name: str
    groups: tuple[Group, ...]
    classes: Classes
    year: int | None = None
    notes: str = ""
    where: Expr | None = None
    exclude: tuple[Rule, ...] = ()
    not_graded: tuple[Rule, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    tenants: str = "own"  # own group ranking, or "landlord": the landlord's class
    policies: tuple[Policy, ...] = ()

    def indicator_names(self) -> list[str]:
        names: list[str] = []
        for group in self.groups:
            names += [i.name for i in group.indicators if i.name not in names]
        return names


@dataclass
class SchemeErrors(ValueError):
    errors: list[tuple[int | None, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(line_message(line, message) for line, message in self.errors)


def line_message(line: int | None, message: str) -> str:
    return _("第 %(line)s 行：%(msg)s") % {"line": line, "msg": message} if line else message
