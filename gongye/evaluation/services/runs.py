"""Running the evaluation (评价试算), publishing it (公示) and re-running it.

A run reads the register's year (``selectors.register``), takes an optional supplementary
sheet for what the register does not hold (排放量, 技改投资, 安全/环保事故, 出租方 …: the same
columns-by-meaning reader as the ``evaluate`` command, all-or-nothing), applies one scheme
version, and writes the run and every enterprise's result in one transaction: its frozen
inputs, values, scores, total, rank, class and reasons. The same inputs and scheme give
byte-identical results (``results_sha256``). Publishing makes it immutable (the triggers of
migration 0002 hold it in the database too); a re-run — after an upheld appeal, or because
the data changed — is a new run that names the one it supersedes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.bulk import insert_rows
from gongye.evaluation.choices import EvaluationVerb
from gongye.evaluation.engine.inputs import Inputs, inputs_from_rows
from gongye.evaluation.engine.scheme import parse_scheme
from gongye.evaluation.engine.scoring import Evaluation, EvaluationError, evaluate
from gongye.evaluation.engine.variables import FLAG, NUMBER, VARIABLES
from gongye.evaluation.input_sheet import read_input_sheet
from gongye.evaluation.models import EvaluationResult, EvaluationRun, SchemeVersion
from gongye.evaluation.permissions import can_manage_evaluation
from gongye.evaluation.selectors.register import register_inputs
from gongye.evaluation.selectors.runs import in_force, stale, stale_reason
from gongye.evaluation.workflows import RUN_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User

APPEAL_DAYS = 7  # 公示期: seven days unless the office says otherwise
RESULT_COLUMNS = (
    *("enterprise_id", "credit_code", "name", "status", "group", "klass", "rank", "total"),
    *("inputs", "values", "scores", "adjustments", "reasons"),
)


def _frozen(inputs: Inputs, months: np.ndarray) -> Iterator[str]:
    """Each enterprise's inputs as kept in its result (JSON): what it has — no missing
    figure, false flag or empty text — and the month its figures are of. Written a column at
    a time (a fragment per cell), each row's fragments then joined."""
    fragments: list[list[str | None]] = []
    for name, column in inputs.env.items():
        if name in ("credit_code", "name"):
            continue
        kind, key = VARIABLES[name].kind, _json(name)
        if kind == NUMBER:
            if np.isnan(column).all():
                continue
            fragments.append([None if v != v else f"{key}:{v!r}" for v in column.tolist()])
        elif kind == FLAG:
            if not column.any():
                continue
            flags: list[str | None] = [f"{key}:true" if v else None for v in column.tolist()]
            fragments.append(flags)
        else:
            texts: dict[str, str] = {}
            cells: list[str | None] = []
            for value in column.tolist():
                if not value:
                    cells.append(None)
                    continue
                if value not in texts:
                    texts[value] = f"{key}:{_json(value)}"
                cells.append(texts[value])
            if any(cells):
                fragments.append(cells)
    fragments.append([f'"month":{m}' if m else None for m in months.tolist()])
    # joined as the rows are written (the database takes one batch while the next is made)
    return ("{" + ",".join(filter(None, row)) + "}" for row in zip(*fragments, strict=True))


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: Any) -> str:
    """Compact JSON, the encoder built once (``json.dumps`` with options builds one a call)."""
    return _ENCODE(value) if value else ("[]" if isinstance(value, list) else "{}")


def _number_text(value: float | None) -> str:
    return "null" if value is None else repr(value)


def _records(
    evaluation: Evaluation, frozen: Iterator[str], ids: np.ndarray, digests: tuple[Any, Any]
) -> Iterator[tuple[Any, ...]]:
    """The results as the table's rows, one by one, the digests of the inputs and of the
    results updated from the same text (equal digests: byte-identical results). A group's values and scores
    are written through one template of its indicators (``json`` per row would take most of a
    100,000-row run); numbers as ``repr`` of the rounded floats, which JSON reads back equal."""
    size = evaluation.inputs.size
    values, scores, adjustments = ["{}"] * size, ["{}"] * size, ["{}"] * size
    totals: list[str | None] = [None] * size
    ranks: list[int | None] = [None] * size
    for group in evaluation.groups:
        labels, value_columns, score_columns, bonus, deduction = group.rounded()
        template = "{" + ",".join(f"{_json(label)}:%s" for label in labels) + "}"
        value_texts = zip(*([_number_text(v) for v in c] for c in value_columns), strict=True)
        score_texts = zip(*([_number_text(v) for v in c] for c in score_columns), strict=True)
        for row, value, score, plus, minus, total, rank in zip(
            group.members.tolist(),
            value_texts,
            score_texts,
            bonus,
            deduction,
            group.total.tolist(),
            group.rank.tolist(),
            strict=True,
        ):
            values[row] = template % value
            scores[row] = template % score
            adjustments[row] = f'{{"bonus":{_number_text(plus)},"deduction":{_number_text(minus)}}}'
            totals[row] = repr(total)  # the DECIMAL column reads the text exactly
            ranks[row] = rank
    names = [group.name for group in evaluation.scheme.groups]
    inputs_digest, results_digest = digests
    for index, (enterprise_id, code, name, status, group_index, klass, reasons, kept) in enumerate(
        zip(
            ids.tolist(),
            evaluation.inputs.codes.tolist(),
            evaluation.inputs.names.tolist(),
            evaluation.status.tolist(),
            evaluation.group_of.tolist(),
            evaluation.klass.tolist(),
            evaluation.reasons,
            frozen,
            strict=True,
        )
    ):
        inputs_text = kept
        record = (
            enterprise_id,
            code,
            name[:200],
            status,
            names[group_index][:60] if group_index >= 0 else "",
            klass,
            ranks[index],
            totals[index],
            inputs_text,
            values[index],
            scores[index],
            adjustments[index],
            _json(reasons),
        )
        inputs_digest.update(f"{code}\t{inputs_text}\n".encode())
        results_digest.update(
            f"{code}\t{status}\t{record[4]}\t{klass}\t{record[6]}\t{record[7]}\t{record[9]}\t{record[10]}\t{record[11]}\t{record[12]}\n".encode()
        )
        yield record


def merge_supplement(inputs: Inputs, data: bytes, filename: str) -> Inputs:
    """The register's inputs with the supplementary sheet's columns laid over them (matched by
    credit code); a code the region's register does not hold is an error of its row."""
    sheet = read_input_sheet(data, filename)
    if sheet.inputs is None:
        raise ValidationError({"supplement": [str(error) for error in sheet.errors]})
    position = {str(code): index for index, code in enumerate(inputs.codes.tolist())}
    extra = sheet.inputs
    errors = []
    rows = []
    for index, code in enumerate(extra.codes.tolist()):
        target = position.get(str(code))
        if target is None:
            errors.append(
                _("补充数据表第%(n)s家企业 %(code)s 不在本县企业库中。")
                % {"n": index + 1, "code": code}
            )
        rows.append(target)
    if errors:
        raise ValidationError({"supplement": errors[:50]})
    env = {name: column.copy() for name, column in inputs.env.items()}
    given = {column.variable.name for column in sheet.columns} - {"credit_code", "name"}
    targets = np.array(rows, dtype=np.int64)
    for name in given:
        values = extra.env[name]
        if VARIABLES[name].kind == NUMBER:
            present = ~np.isnan(values)
            env[name][targets[present]] = values[present]
        elif VARIABLES[name].kind == "text":
            present = values != ""
            column = env[name].astype(object)
            column[targets[present]] = values[present]
            env[name] = column.astype(str)
        else:
            env[name][targets] = values
    return Inputs(env)


@transaction.atomic
def run_create(
    *,
    actor: User,
    version: SchemeVersion,
    year: int | None = None,
    supplement: bytes | None = None,
    supplement_name: str = "",
    is_demo: bool = False,
) -> EvaluationRun:
    """A draft run of ``version`` over the register's year (the scheme's year by default)."""
    can_manage_evaluation(actor).require()
    region = version.scheme.region
    year = year or version.scheme.year
    inputs, ids, months = register_inputs(region, year)
    if not inputs.size:
        raise ValidationError(_("企业库中还没有本县的企业，无法评价。"))
    if supplement:
        inputs = merge_supplement(inputs, supplement, supplement_name)
    # a new run of a year already published re-evaluates it: it names the run it replaces
    current = in_force(region.pk, year)
    return _store(
        supersedes=current,
        reason=_("重新评价") if current else "",
        actor=actor,
        version=version,
        year=year,
        inputs=inputs,
        ids=ids,
        months=months,
        is_demo=is_demo,
    )


@transaction.atomic
def run_rerun(
    *,
    actor: User,
    run: EvaluationRun,
    corrections: dict[int, dict[str, float]] | None = None,
    reason: str,
    version: SchemeVersion | None = None,
) -> EvaluationRun:
    """A new draft from ``run``'s frozen inputs, with ``corrections`` (enterprise id →
    variable → value) laid over them, by ``version`` (the same by default), superseding it."""
    can_manage_evaluation(actor).require()
    results = list(
        run.results.order_by("credit_code").values_list(
            "enterprise_id", "credit_code", "name", "inputs"
        )
    )
    rows, ids, months = [], [], []
    for enterprise_id, code, name, frozen in results:
        row = {**frozen, "credit_code": code, "name": name}
        row.update((corrections or {}).get(enterprise_id, {}))
        months.append(row.pop("month", 0))
        rows.append(row)
        ids.append(enterprise_id)
    return _store(
        actor=actor,
        version=version or run.version,
        year=run.year,
        inputs=inputs_from_rows(rows),
        ids=np.array(ids, dtype=np.int64),
        months=np.array(months, dtype=np.int64),
        supersedes=run,
        reason=reason,
    )


def _store(
    *,
    actor: User,
    version: SchemeVersion,
    year: int,
    inputs: Inputs,
    ids: np.ndarray,
    months: np.ndarray,
    supersedes: EvaluationRun | None = None,
    reason: str = "",
    is_demo: bool = False,
) -> EvaluationRun:
    scheme = parse_scheme(version.document)
    try:
        evaluation = evaluate(scheme, inputs)
    except EvaluationError as error:
        raise ValidationError(str(error)) from None
    run = EvaluationRun.objects.create(
        region=version.scheme.region,
        year=year,
        version=version,
        supersedes=supersedes,
        reason=reason[:300],
        summary=_summary(evaluation),
        created_by=actor,
        is_demo=is_demo,
    )
    # one COPY (PostgreSQL) or executemany (SQLite): 100,000 results, each with five JSON
    # documents, through the ORM's bulk_create would take most of the run. The rows are made
    # as the database takes them (PostgreSQL parses and indexes one batch while the next is
    # written), the digests taken on the way and set on the draft once all are in
    digests = (hashlib.sha256(), hashlib.sha256())
    records = _records(evaluation, _frozen(inputs, months), ids, digests)
    insert_rows(EvaluationResult._meta.db_table, RESULT_COLUMNS, records, fixed={"run_id": run.pk})
    run.inputs_sha256, run.results_sha256 = (d.hexdigest() for d in digests)
    run.save(update_fields=["inputs_sha256", "results_sha256"])
    results_digest = run.results_sha256
    audit_record(
        actor=actor,
        verb=EvaluationVerb.RUN_CREATE,
        target=run,
        parent=supersedes,
        after={
            "version": version.pk,
            "year": year,
            "enterprises": inputs.size,
            "results_sha256": results_digest,
            "supersedes": supersedes.pk if supersedes else None,
            "reason": reason,
        },
    )
    return run


def _summary(evaluation: Evaluation) -> dict[str, Any]:
    """Per group the count of each class (T included), the count by status, the benchmarks."""
    names = [group.name for group in evaluation.scheme.groups]
    classes: dict[str, Counter[str]] = {}
    for group, klass in zip(evaluation.group_of.tolist(), evaluation.klass.tolist(), strict=True):
        if klass:
            classes.setdefault(names[group] if group >= 0 else "-", Counter())[klass] += 1
    return {
        "classes": {group: dict(sorted(counts.items())) for group, counts in classes.items()},
        "statuses": dict(sorted(Counter(evaluation.status.tolist()).items())),
        "policies": {
            klass: [[p.item, p.measure] for p in evaluation.scheme.policies if p.klass == klass]
            for klass in sorted({p.klass for p in evaluation.scheme.policies})
        },
        "benchmarks": {
            scores.group.name: {
                name: None if np.isnan(value) else round(float(value), 6)
                for name, value in scores.benchmarks.items()
            }
            for scores in evaluation.groups
        },
    }


def run_publish(
    *, actor: User, run: EvaluationRun, appeal_until: dt.date | None = None
) -> EvaluationRun:
    """公示: the run becomes immutable and open to appeals until ``appeal_until`` (seven days
    by default)."""
    today = timezone.localdate()
    until = appeal_until or today + dt.timedelta(days=APPEAL_DAYS)
    if until < today:
        raise ValidationError({"appeal_until": _("异议截止日期不能早于今天。")})
    if (newer := stale(run)) is not None:
        raise ValidationError(stale_reason(newer))

    def apply(obj: EvaluationRun, _edge: Any) -> None:
        obj.published_by = actor
        obj.published_at = timezone.now()
        obj.appeal_until = until

    step = RUN_WORKFLOW.transition(
        actor=actor, obj=run, action="publish", apply=apply, fields=["appeal_until"]
    )
    return step.obj


def run_discard(*, actor: User, run: EvaluationRun) -> EvaluationRun:
    """A draft put aside (its results kept for comparison; nothing else refers to them)."""
    return RUN_WORKFLOW.transition(actor=actor, obj=run, action="discard").obj
