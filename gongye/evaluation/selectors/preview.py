"""The scheme editor's preview (试算预览): the scheme, as typed and not yet saved, applied to the
register's previous year (the last year whose data is complete when a scheme is written), so
the office sees the classes and benchmarks it would give before it saves or runs it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from gongye.evaluation.choices import ResultStatus
from gongye.evaluation.engine.scheme import SchemeErrors, line_message, parse_scheme
from gongye.evaluation.engine.scoring import GRADED, EvaluationError, evaluate
from gongye.evaluation.selectors.register import register_inputs
from gongye.orgs.models import Region

TOP = 10


@dataclass
class Preview:
    year: int
    errors: list[str] = field(default_factory=list)
    enterprises: int = 0
    with_figures: int = 0
    groups: list[dict[str, Any]] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)


def preview(region: Region, document: str, year: int) -> Preview:
    """``document`` over the register's ``year``: per group the count by class, the
    benchmarks and the first ten; the rest counted by status."""
    result = Preview(year=year)
    try:
        scheme = parse_scheme(document)
    except SchemeErrors as errors:
        result.errors = [line_message(line, message) for line, message in errors.errors]
        return result
    inputs, _ids, months = register_inputs(region, year)
    result.enterprises = inputs.size
    result.with_figures = int((months > 0).sum())
    if not inputs.size:
        result.errors = [_("企业库中还没有本县的企业。")]
        return result
    try:
        evaluation = evaluate(scheme, inputs)
    except EvaluationError as error:
        result.errors = [str(error)]
        return result
    rows = evaluation.rows()
    for scores in evaluation.groups:
        members = [rows[i] for i in scores.members.tolist()]
        members.sort(key=lambda r: (r["rank"], r["credit_code"]))
        result.groups.append(
            {
                "name": scores.group.name,
                "count": len(members),
                "classes": [
                    (k, c) for k, c in sorted(Counter(r["class"] for r in members).items())
                ],
                "benchmarks": [
                    (name, None if np.isnan(value) else round(float(value), 4))
                    for name, value in scores.benchmarks.items()
                ],
                "top": members[:TOP],
            }
        )
    result.others = {
        str(ResultStatus(status).label): count
        for status, count in Counter(r["status"] for r in rows if r["status"] != GRADED).items()
    }
    return result
