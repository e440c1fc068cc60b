"""Appeals (异议) walked edge by edge: filed within the window by the enterprise on its own
published result; upheld (a new draft run, the published one untouched), rejected (with a
reason), withdrawn (by the one who filed it); each audited and the other side told."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.models import AuditEntry
from gongye.evaluation.choices import AppealStatus, RunStatus
from gongye.evaluation.models import EvaluationRun
from gongye.evaluation.services.appeals import appeal_act, appeal_file
from gongye.evaluation.services.runs import run_create, run_publish
from gongye.evaluation.workflows import APPEAL_WORKFLOW, RUN_WORKFLOW
from gongye.notifications.models import Notification


@pytest.fixture
def published(persona, version):
    office = persona("plan_office")
    return run_publish(actor=office, run=run_create(actor=office, version=version))


def own(run):
    return run.results.get(name="丙公司")


def file(persona, run, variable="land_mu", value="5"):
    return appeal_file(
        actor=persona("enterprise"),
        result=own(run),
        variable=variable,
        claimed_value=value,
        statement="实际用地5亩",
    )


def test_the_maps_have_no_dead_ends():
    assert not RUN_WORKFLOW.dead_ends() and not APPEAL_WORKFLOW.dead_ends()


def test_filed_then_upheld_makes_a_new_run_and_tells_the_enterprise(persona, published):
    appeal = file(persona, published)
    assert appeal.recorded_value == 10 and appeal.status == AppealStatus.FILED
    told_office = Notification.objects.filter(rule="appeal_filed")
    assert told_office.count() == 1 and told_office.get().unit.name == "科技经信局"
    appeal = appeal_act(
        actor=persona("plan_office"), appeal=appeal, action="uphold", decision="属实"
    )
    assert appeal.status == AppealStatus.UPHELD and appeal.new_run.supersedes == published
    assert appeal.new_run.status == RunStatus.DRAFT
    assert own(appeal.new_run).inputs["land_mu"] == 5.0
    assert own(published).inputs["land_mu"] == 10.0
    told = Notification.objects.get(rule="appeal_decided")
    assert told.user == persona("enterprise") and "异议成立" in told.title
    verbs = list(
        AuditEntry.objects.filter(target_type="evaluation.evaluationappeal")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["evaluation.appeal_file", "evaluation.appeal_uphold"]


def test_a_second_upheld_appeal_rebuilds_the_rerun_with_both_corrections(persona, published):
    office = persona("plan_office")
    first = appeal_act(actor=office, appeal=file(persona, published), action="uphold")
    second = appeal_act(
        actor=office, appeal=file(persona, published, "tax", "100"), action="uphold"
    )
    first.new_run.refresh_from_db()
    assert first.new_run.status == RunStatus.DISCARDED
    inputs = own(second.new_run).inputs
    assert (inputs["land_mu"], inputs["tax"]) == (5.0, 100.0)


def test_rejected_needs_a_reason(persona, published):
    appeal = file(persona, published)
    with pytest.raises(ValidationError):
        appeal_act(actor=persona("plan_office"), appeal=appeal, action="reject")
    appeal = appeal_act(
        actor=persona("plan_office"), appeal=appeal, action="reject", decision="不动产权证为10亩"
    )
    assert appeal.status == AppealStatus.REJECTED and appeal.new_run is None
    assert EvaluationRun.objects.count() == 1
    assert "不动产权证为10亩" in Notification.objects.get(rule="appeal_decided").body


def test_withdrawn_by_the_enterprise_only(persona, published):
    appeal = file(persona, published)
    with pytest.raises(PermissionDenied):
        appeal_act(actor=persona("plan_office"), appeal=appeal, action="withdraw")
    appeal = appeal_act(actor=persona("enterprise"), appeal=appeal, action="withdraw")
    assert appeal.status == AppealStatus.WITHDRAWN
    # a final state takes no step
    with pytest.raises(ValidationError):
        appeal_act(actor=persona("plan_office"), appeal=appeal, action="reject", decision="x")


def test_who_may_file_and_when(persona, version, published):
    office = persona("plan_office")
    with pytest.raises(PermissionDenied):  # another enterprise's result
        appeal_file(
            actor=persona("enterprise"),
            result=published.results.get(name="甲公司"),
            variable="tax",
            claimed_value=1,
            statement="x",
        )
    with pytest.raises(PermissionDenied):  # not an enterprise user
        appeal_file(
            actor=office, result=own(published), variable="tax", claimed_value=1, statement="x"
        )
    draft = run_create(actor=office, version=version)
    with pytest.raises(PermissionDenied):  # not published
        file(persona, draft)
    with (
        time_machine.travel(dt.date.today() + dt.timedelta(days=8)),
        pytest.raises(PermissionDenied),
    ):
        file(persona, published)  # the window has closed
    with pytest.raises(ValidationError) as caught:
        file(persona, published, variable="colour", value="-1")
    assert set(caught.value.message_dict) == {"variable", "claimed_value"}
    file(persona, published)
    with pytest.raises(ValidationError):  # one open appeal per figure
        file(persona, published)


def test_only_figures_the_scheme_reads_may_be_appealed(persona, published):
    """The small scheme reads 税收, 营业收入 and 用地面积: an appeal on 用电量 would change
    nothing and is refused; the form offers the three, none chosen."""
    from django.test import Client

    from gongye.evaluation.services.appeals import appealable

    result = own(published)
    assert appealable(result) == ["land_mu", "tax", "revenue"]
    with pytest.raises(ValidationError) as refused:
        appeal_file(
            actor=persona("enterprise"),
            result=result,
            variable="electricity_kwh",
            claimed_value=5,
            statement="用电量有误",
        )
    assert "没有用到这项数据" in str(refused.value)
    assert not result.appeals.exists()
    client = Client()
    client.force_login(persona("enterprise"))
    page = client.get(f"/evaluation/results/{result.pk}/").content.decode()
    form = page[page.index('id="appeal-form"') :]
    options = form[form.index('name="variable"') : form.index("</select>")]
    assert '<option value="" selected>' in options
    assert 'value="tax"' in options and 'value="electricity_kwh"' not in options
    # an incomplete form: nothing filed, the reason said above the fields
    answer = client.post(f"/evaluation/results/{result.pk}/appeal/", {"variable": "tax"})
    assert answer.status_code == 200 and 'id="appeal-errors"' in answer.content.decode()
    assert not result.appeals.exists()
