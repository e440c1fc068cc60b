"""Runs: the register's year scored by a scheme version, frozen, reproducible, published and
then immutable at the service and in the database; a re-run supersedes, never edits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from gongye.audit.models import AuditEntry
from gongye.evaluation.choices import RunStatus
from gongye.evaluation.models import EvaluationResult, EvaluationRun
from gongye.evaluation.services.runs import run_create, run_discard, run_publish, run_rerun
from gongye.evaluation.services.schemes import scheme_save
from tests.evaluation.conftest import SCHEME


def results(run) -> dict[str, EvaluationResult]:
    return {r.name.removesuffix("公司"): r for r in run.results.all()}


def test_a_run_scores_the_registers_year(persona, version):
    run = run_create(actor=persona("plan_office"), version=version)
    by_name = results(run)
    assert run.status == RunStatus.DRAFT and run.year == 2022
    # 规上 甲 120 + 60 (营收 cap 1.5 × 40) = 180; 乙 100; 丙 50; 丁 30; 戊 10
    assert [str(by_name[n].total) for n in "甲乙丙丁戊"] == [
        "180.00",
        "100.00",
        "50.00",
        "30.00",
        "10.00",
    ]
    # five: A round(1) = 1, B to round(3.25) = 3, C to round(4.75) = 5
    assert [by_name[n].klass for n in "甲乙丙丁戊"] == ["A", "B", "B", "C", "C"]
    assert [by_name[n].rank for n in "甲乙丙丁戊"] == [1, 2, 3, 4, 5]
    assert {"code": "cap", "indicator": "亩均营收", "limit": 60.0} in by_name["甲"].reasons
    # 规下: 己 200, 庚 20; two: no A, B the first, C the second
    assert (by_name["己"].group, by_name["己"].klass, by_name["庚"].klass) == ("规下", "B", "C")
    assert (by_name["辛"].klass, by_name["辛"].status) == ("T", "not_graded")
    assert by_name["壬"].status == "excluded"
    assert by_name["甲"].inputs == {
        "land_mu": 10.0,
        "tax": 200.0,
        "revenue": 2000.0,
        "scale": "规上",
        "industry": "C3311",
        "in_zone": True,
        "month": 12,
    } | {k: v for k, v in by_name["甲"].inputs.items() if k == "age_years"}
    assert run.summary["classes"]["规上"] == {"A": 1, "B": 2, "C": 2, "T": 1}
    entry = AuditEntry.objects.get(verb="evaluation.run_create", target_id=str(run.pk))
    assert entry.after["enterprises"] == 9 and entry.after["results_sha256"] == run.results_sha256


def test_the_same_inputs_and_scheme_give_byte_identical_results(persona, version):
    office = persona("plan_office")
    first, second = (
        run_create(actor=office, version=version),
        run_create(actor=office, version=version),
    )
    assert first.results_sha256 == second.results_sha256
    assert first.inputs_sha256 == second.inputs_sha256
    fields = (
        "credit_code",
        "status",
        "group",
        "klass",
        "rank",
        "total",
        "inputs",
        "values",
        "scores",
        "reasons",
    )
    assert list(first.results.order_by("credit_code").values_list(*fields)) == list(
        second.results.order_by("credit_code").values_list(*fields)
    )
    # and a re-run from the frozen inputs, with no correction, gives the same again
    again = run_rerun(actor=office, run=first, reason="复核")
    assert again.results_sha256 == first.results_sha256 and again.supersedes == first


def test_only_the_plan_office_runs_and_publishes(persona, version):
    for name in ("county_leader", "statistics", "enterprise", "sys_admin"):
        with pytest.raises(PermissionDenied):
            run_create(actor=persona(name), version=version)
    run = run_create(actor=persona("plan_office"), version=version)
    with pytest.raises(PermissionDenied):
        run_publish(actor=persona("county_leader"), run=run)


def test_a_published_run_cannot_change_at_the_service(persona, version):
    office = persona("plan_office")
    run = run_publish(actor=office, run=run_create(actor=office, version=version))
    assert run.status == RunStatus.PUBLISHED and run.appeal_until == dt.date.today() + dt.timedelta(
        days=7
    )
    with pytest.raises(ValidationError):
        run_publish(actor=office, run=run)
    with pytest.raises(ValidationError):
        run_discard(actor=office, run=run)
    entry = AuditEntry.objects.get(verb="evaluation.run_publish", target_id=str(run.pk))
    assert entry.after["status"] == "published"


def _refused(statement, params=()):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db(transaction=False)
def test_a_published_run_cannot_change_in_the_database(persona, version):
    office = persona("plan_office")
    run = run_publish(actor=office, run=run_create(actor=office, version=version))
    result = run.results.first()
    _refused("UPDATE evaluation_evaluationresult SET klass = 'A' WHERE id = %s", [result.pk])
    _refused("DELETE FROM evaluation_evaluationresult WHERE id = %s", [result.pk])
    _refused("UPDATE evaluation_evaluationrun SET status = 'draft' WHERE id = %s", [run.pk])
    _refused("DELETE FROM evaluation_evaluationrun WHERE id = %s", [run.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationResult.objects.filter(run=run).update(total=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationResult.objects.create(
            run=run, enterprise=result.enterprise, credit_code="X", name="X", status="graded"
        )
    # a draft's results can still be put right by the services (the triggers stop only 公示)
    draft = run_create(actor=office, version=version)
    assert EvaluationResult.objects.filter(run=draft).update(total=1) == 9


def test_scheme_versions(persona, org, version):
    office = persona("plan_office")
    same = scheme_save(actor=office, region=org["341525"], document=SCHEME)
    assert same == version  # unchanged: no new version
    changed = scheme_save(
        actor=office,
        region=org["341525"],
        document=SCHEME.replace("benchmark: 10}", "benchmark: 12}"),
    )
    assert (changed.scheme, changed.number) == (version.scheme, 2)
    with pytest.raises(ValidationError) as caught:
        scheme_save(
            actor=office,
            region=org["341525"],
            document=SCHEME.replace("weight: 60", "weight: 六十"),
        )
    assert "第 8 行" in caught.value.message_dict["document"][0]
    with pytest.raises(PermissionDenied):
        scheme_save(actor=persona("county_leader"), region=org["341525"], document=SCHEME)
    assert AuditEntry.objects.filter(verb="evaluation.scheme_save").count() == 2


def test_a_supplementary_sheet_adds_what_the_register_lacks(persona, version, register):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["统一社会信用代码", "企业名称", "安全生产事故"])
    book.active.append([register["甲"].credit_code, "甲公司", "是"])
    data = io.BytesIO()
    book.save(data)
    run = run_create(
        actor=persona("plan_office"),
        version=version,
        supplement=data.getvalue(),
        supplement_name="补充.xlsx",
    )
    first = results(run)["甲"]
    assert first.klass == "C"  # A, vetoed: the nearest allowed class
    assert first.inputs["safety_accident"] is True

    book.active.append(["91341525MA00000001", "无名", "否"])
    data = io.BytesIO()
    book.save(data)
    before = EvaluationRun.objects.count()
    with pytest.raises(ValidationError):
        run_create(
            actor=persona("plan_office"),
            version=version,
            supplement=data.getvalue(),
            supplement_name="补充.xlsx",
        )
    assert EvaluationRun.objects.count() == before


def test_a_draft_overtaken_by_a_later_publication_cannot_be_published(persona, version):
    """Two drafts of the published year build on the run in force; once one is published the
    other would drop what it carries (an upheld correction): refused, left to be discarded."""
    office = persona("plan_office")
    first = run_publish(actor=office, run=run_create(actor=office, version=version))
    plain = run_create(actor=office, version=version)
    corrected = run_rerun(actor=office, run=first, reason="异议成立", corrections={})
    assert plain.supersedes == first and corrected.supersedes == first
    run_publish(actor=office, run=corrected)
    with pytest.raises(ValidationError) as refused:
        run_publish(actor=office, run=plain)
    assert "请作废本试算" in str(refused.value)
    plain.refresh_from_db()
    assert plain.status == RunStatus.DRAFT and plain.published_at is None
    assert run_discard(actor=office, run=plain).status == RunStatus.DISCARDED
    # a draft made from the run now in force may be published
    latest = run_create(actor=office, version=version)
    assert latest.supersedes == corrected
    assert run_publish(actor=office, run=latest).status == RunStatus.PUBLISHED


def test_the_evaluated_come_first_and_those_not_evaluated_last(persona, version):
    from gongye.evaluation.selectors.runs import ResultFilters, results_of

    run = run_create(actor=persona("plan_office"), version=version)
    statuses = [r.status for r in results_of(run, ResultFilters())]
    assert "excluded" in statuses
    first_excluded = statuses.index("excluded")
    assert set(statuses[first_excluded:]) == {"excluded"} and first_excluded > 0
