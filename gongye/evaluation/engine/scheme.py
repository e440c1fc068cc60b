"""A per-mu benefit evaluation scheme (亩均效益评价方案) as data: who is evaluated, in which
groups, by which indicators, weights, benchmarks and caps, with which vetoes and class
cut-offs. Provinces and cities publish such schemes and they differ in all of these, so none
of it is code: ``parse_scheme`` reads a YAML or JSON document (see docs/evaluation.md for every
key) and answers either a ``Scheme`` or every fault with its line.

The smallest accepted document is a name, groups with a condition and indicators, and the
class shares::

    name: 示例方案
    groups:
      - name: 规上
        where: scale == "规上"
        indicators:
          - {name: 亩均税收, formula: tax / land_mu, weight: 30, benchmark: 24.097}
    classes: {A: 20, B: 65, C: 95}
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongye.evaluation.engine.document import DocumentError, read_document
from gongye.evaluation.engine.reader import Reader
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
    Scheme,
    SchemeErrors,
    Veto,
    line_message,
)
from gongye.evaluation.engine.variables import FLAG

__all__ = [
    "CLASSES",
    "MISSING_RULES",
    "NOT_GRADED",
    "ROUNDING",
    "Adjustment",
    "Benchmark",
    "Classes",
    "Group",
    "Indicator",
    "Policy",
    "Rule",
    "Scheme",
    "SchemeErrors",
    "Veto",
    "line_message",
    "parse_scheme",
]

TOP_KEYS = (
    *("name", "year", "notes", "where", "groups", "classes", "exclude", "not_graded"),
    *("vetoes", "tenants", "missing", "policies"),
)


def parse_scheme(text: str) -> Scheme:
    """The scheme the document describes, or SchemeErrors listing every fault by line."""
    try:
        document = read_document(text)
    except DocumentError as error:
        raise SchemeErrors([(error.line, error.message)]) from None
    reader = Reader()
    reader.keys(document, TOP_KEYS, _("方案"))
    name = reader.text(document, "name", _("方案"))
    year = document.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100
    ):
        reader.error(document.line_of("year"), _("年度要写成四位数字，如 2022"))
        year = None
    notes = document.get("notes", "")
    missing = reader.choice(document, "missing", MISSING_RULES, "zero")
    where = reader.expr(document, "where", FLAG, _("参评范围")) if "where" in document else None
    groups = []
    items = reader.sequence(document.get("groups"), document.line_of("groups"), _("分组（groups）"))
    for index, item in enumerate(items or []):
        group = reader.group(item, items.line_of(index) if items else 0, missing)
        if group:
            groups.append(group)
    if items is not None and not items:
        reader.error(document.line_of("groups"), _("至少要一个分组"))
    group_names = [g.name for g in groups]
    for duplicate in sorted({n for n in group_names if group_names.count(n) > 1}):
        reader.error(document.line_of("groups"), _("分组“%(name)s”重复") % {"name": duplicate})
    classes = None
    if "classes" in document:
        classes = reader.classes(document["classes"], document.line_of("classes"))
    else:
        classes = Classes("share", (20.0, 65.0, 95.0))
    exclude = reader.rules(document, "exclude", _("不参评（exclude）"))
    not_graded = reader.rules(document, "not_graded", _("不分类（not_graded，T类）"))
    vetoes = reader.vetoes(document)
    policies = reader.policies(document)
    tenants = reader.choice(document, "tenants", ("own", "landlord"), "own")
    if reader.errors or classes is None:
        raise SchemeErrors(sorted(reader.errors, key=lambda e: e[0] or 0))
    return Scheme(
        name=name,
        year=year,
        notes=str(notes or ""),
        where=where,
        groups=tuple(groups),
        classes=classes,
        exclude=tuple(exclude),
        not_graded=tuple(not_graded),
        vetoes=tuple(vetoes),
        tenants=tenants,
        policies=tuple(policies),
    )
