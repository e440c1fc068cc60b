"""The appeal's map (``APPEAL_WORKFLOW``) walked edge by edge with the named personas: the
persona an edge names takes it and the audit entry carries the edge's ``appeal.*`` verb and
the before/after; everyone else is refused and nothing changes. Then: no dead ends, returning
and withdrawing leave things as they were, bad input writes nothing, the unit is told."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongye.audit.choices import verb_catalogue
from gongye.audit.models import AuditEntry
from gongye.enterprises.appeal_choices import AppealAction, AppealStatus, AppealVerb
from gongye.enterprises.appeal_workflow import APPEAL_WORKFLOW, rate_days
from gongye.enterprises.models import Appeal
from gongye.enterprises.selectors.appeals import appeal_list_for, appeals_for_enterprise
from gongye.enterprises.services.appeals import appeal_act, appeal_log, appeal_raise, appeal_rate
from gongye.notifications.models import Notification
from tests.conftest import PERSONAS

S = AppealStatus
APPEAL_ENTRIES = AuditEntry.objects.filter(target_type="enterprises.appeal")
A = AppealAction
# who takes each action on an appeal the enterprise raised and 开发区 holds
TAKERS = {
    A.ASSIGN: {"plan_office"},
    A.RETURN: {"plan_office"},
    A.REASSIGN: {"plan_office"},
    A.CLOSE: {"plan_office"},
    A.WITHDRAW: {"enterprise"},
    A.RESUBMIT: {"enterprise"},
    A.ANSWER: {"lead_liaison", "unit_head"},
    A.ACCEPT: {"enterprise"},
    A.REOPEN: {"enterprise"},
}


def _due(days: int = 10) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _inputs(action: str, unit) -> dict:
    return {
        A.ASSIGN: {"unit": unit("开发区"), "deadline": _due()},
        A.REASSIGN: {"unit": unit("统计局"), "deadline": _due(20)},
        A.RETURN: {"comment": "请写明需要的用电容量。"},
        A.RESUBMIT: {"content": "需增容至1250千伏安。"},
        A.ANSWER: {"answer": "已协调供电公司办理。"},
        A.ACCEPT: {"rating": "satisfied", "comment": "很及时"},
        A.REOPEN: {"comment": "仍未通电"},
    }.get(action, {})


def bring(state: str, persona, unit) -> Appeal:
    """An appeal of the ``enterprise`` persona's enterprise brought to ``state`` by the real
    services (assigned to 开发区)."""
    appeal = appeal_raise(
        actor=persona("enterprise"),
        title="用电增容",
        content="新增生产线需增容。",
        category="infrastructure",
    )
    if state == S.RETURNED:
        appeal = appeal_act(
            actor=persona("plan_office"), appeal=appeal, action=A.RETURN, **_inputs(A.RETURN, unit)
        )
    if state in (S.ASSIGNED, S.ANSWERED):
        appeal = appeal_act(
            actor=persona("plan_office"), appeal=appeal, action=A.ASSIGN, **_inputs(A.ASSIGN, unit)
        )
    if state == S.ANSWERED:
        appeal = appeal_act(
            actor=persona("lead_liaison"), appeal=appeal, action=A.ANSWER, **_inputs(A.ANSWER, unit)
        )
    assert appeal.status == state
    return appeal


def test_the_map_has_no_dead_ends_and_its_verbs_are_in_the_audit_catalogue():
    assert APPEAL_WORKFLOW.dead_ends() == set()
    catalogue = dict(verb_catalogue())
    for verb, _label in APPEAL_WORKFLOW.verbs:
        assert verb in catalogue
    assert AppealVerb.RAISE in catalogue and AppealVerb.LOG in catalogue
    # every non-final state has an edge someone takes
    for state in set(S.values) - set(APPEAL_WORKFLOW.final_states):
        assert {e.action for e in APPEAL_WORKFLOW.edges_from(state)} & set(TAKERS)


@pytest.mark.parametrize("edge", APPEAL_WORKFLOW.edges, ids=lambda e: f"{e.source}-{e.action}")
def test_every_edge_is_taken_by_whom_it_names_and_refused_to_the_rest(
    edge, persona, unit, own_enterprise
):
    appeal = bring(edge.source, persona, unit)
    inputs = _inputs(edge.action, unit)
    travel = None
    if edge.action == A.CLOSE:  # the enterprise may rate for rate_days(); then the office closes
        travel = time_machine.travel(timezone.now() + dt.timedelta(days=rate_days(), hours=1))
        travel.start()
    try:
        entries = APPEAL_ENTRIES.count()
        for name in sorted(set(PERSONAS) - TAKERS[edge.action]):
            with pytest.raises(PermissionDenied):
                appeal_act(actor=persona(name), appeal=appeal, action=edge.action, **inputs)
        assert APPEAL_ENTRIES.count() == entries
        appeal.refresh_from_db()
        assert appeal.status == edge.source
        taker = sorted(TAKERS[edge.action])[0]
        done = appeal_act(actor=persona(taker), appeal=appeal, action=edge.action, **inputs)
    finally:
        if travel is not None:
            travel.stop()
    assert done.status == edge.target
    entry = AuditEntry.objects.filter(target_id=str(appeal.pk), verb=edge.verb).latest("pk")
    assert entry.actor == persona(taker)
    assert entry.before["status"] == edge.source and entry.after["status"] == edge.target
    assert entry.parent_id == str(own_enterprise.pk)
    if edge.action in (A.ASSIGN, A.REASSIGN):
        assert entry.after["unit"] == inputs["unit"].pk
        assert entry.after["deadline"] == inputs["deadline"].isoformat()
    if edge.action == A.REOPEN:
        assert done.reopen_count == 1 and done.rating == "unsatisfied"
        assert entry.after["comment"] == "仍未通电"


def test_raise_and_log_are_audited(persona, own_enterprise):
    appeal = appeal_raise(
        actor=persona("enterprise"), title="融资", content="需贷款", category="finance"
    )
    entry = AuditEntry.objects.get(verb=AppealVerb.RAISE, target_id=str(appeal.pk))
    assert entry.after["title"] == "融资" and entry.after["enterprise"] == own_enterprise.pk
    assert appeal.enterprise == own_enterprise and appeal.source == "enterprise"
    logged = appeal_log(
        actor=persona("coop_liaison"), enterprise=own_enterprise, title="走访", content="原料运输难"
    )
    entry = AuditEntry.objects.get(verb=AppealVerb.LOG, target_id=str(logged.pk))
    assert entry.after["source"] == "visit"
    assert logged.raised_unit.name == "衡山镇"
    # the logging unit is its raiser: it withdraws, the enterprise cannot
    with pytest.raises(PermissionDenied):
        appeal_act(actor=persona("enterprise"), appeal=logged, action=A.WITHDRAW)
    withdrawn = appeal_act(actor=persona("coop_liaison"), appeal=logged, action=A.WITHDRAW)
    assert withdrawn.status == S.WITHDRAWN


def test_only_an_enterprise_user_with_an_account_raises(persona, own_enterprise):
    for name in ("plan_office", "lead_liaison", "county_leader"):
        with pytest.raises(PermissionDenied):
            appeal_raise(actor=persona(name), title="x", content="y")
    with pytest.raises(PermissionDenied):
        appeal_log(actor=persona("enterprise"), enterprise=own_enterprise, title="x", content="y")
    assert not Appeal.objects.exists()


def test_returning_and_resubmitting_leaves_the_appeal_as_it_was(persona, unit, own_enterprise):
    appeal = bring(S.RAISED, persona, unit)
    fields = ["title", "content", "category", "unit_id", "deadline", "return_comment", "answer"]
    before = {f: getattr(appeal, f) for f in fields}
    returned = appeal_act(
        actor=persona("plan_office"), appeal=appeal, action=A.RETURN, comment="请补充"
    )
    assert returned.return_comment == "请补充"
    again = appeal_act(actor=persona("enterprise"), appeal=returned, action=A.RESUBMIT)
    assert again.status == S.RAISED
    assert {f: getattr(again, f) for f in fields} == before


def test_a_withdrawn_appeal_leaves_nothing_behind(persona, unit, own_enterprise):
    appeal = bring(S.RAISED, persona, unit)
    appeal_act(actor=persona("enterprise"), appeal=appeal, action=A.WITHDRAW)
    with pytest.raises(ValidationError):  # final
        appeal_act(actor=persona("enterprise"), appeal=appeal, action=A.RESUBMIT)
    assert not Notification.objects.exists()
    assert not appeal_list_for(persona("plan_office")).exists()
    assert appeals_for_enterprise(persona("enterprise"), own_enterprise) == []
    assert list(appeal_list_for(persona("plan_office"), status=S.WITHDRAWN)) == [appeal]


@pytest.mark.parametrize(
    ("action", "inputs", "field"),
    [
        (A.ASSIGN, {"deadline": "later"}, "unit"),
        (A.ASSIGN, {"unit": "group"}, "unit"),
        (A.ASSIGN, {"unit": "jinzhai"}, "unit"),
        (A.ASSIGN, {"unit": "kfq", "deadline": "yesterday"}, "deadline"),
        (A.ASSIGN, {"unit": "kfq"}, "deadline"),
        (A.RETURN, {}, "comment"),
    ],
)
def test_bad_input_writes_nothing(persona, unit, own_enterprise, action, inputs, field):
    from gongye.orgs.models import Unit

    appeal = bring(S.RAISED, persona, unit)
    values = {
        "later": _due(),
        "yesterday": timezone.localdate() - dt.timedelta(days=1),
        "kfq": unit("开发区"),
        "group": Unit.objects.get(region__code="341525", name="相关乡镇"),
        "jinzhai": Unit.objects.get(region__code="341524", name="经信局"),
    }
    kwargs = {k: values[v] for k, v in inputs.items()}
    entries = APPEAL_ENTRIES.count()
    with pytest.raises(ValidationError) as error:
        appeal_act(actor=persona("plan_office"), appeal=appeal, action=action, **kwargs)
    assert field in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.status == S.RAISED and appeal.unit is None
    assert APPEAL_ENTRIES.count() == entries
    assert not Notification.objects.exists()


def test_answers_and_ratings_need_their_words(persona, unit, own_enterprise):
    appeal = bring(S.ASSIGNED, persona, unit)
    with pytest.raises(ValidationError):
        appeal_act(actor=persona("lead_liaison"), appeal=appeal, action=A.ANSWER, answer="  ")
    appeal = bring(S.ANSWERED, persona, unit)
    with pytest.raises(ValidationError):
        appeal_rate(actor=persona("enterprise"), appeal=appeal, rating="unsatisfied", comment="")
    with pytest.raises(ValidationError):
        appeal_act(
            actor=persona("enterprise"), appeal=appeal, action=A.ACCEPT, rating="unsatisfied"
        )
    with pytest.raises(ValidationError):
        appeal_rate(actor=persona("enterprise"), appeal=appeal, rating="great")
    appeal.refresh_from_db()
    assert appeal.status == S.ANSWERED and appeal.rating == ""
    closed = appeal_rate(actor=persona("enterprise"), appeal=appeal, rating="basic")
    assert closed.status == S.CLOSED and closed.closed_at is not None


def test_the_unit_is_told_on_assignment_and_on_reopening(persona, unit, own_enterprise):
    appeal = bring(S.ANSWERED, persona, unit)
    told = Notification.objects.about(appeal).get(rule="appeal_assigned")
    assert told.unit == unit("开发区") and told.audience == "liaison"
    assert own_enterprise.name in told.title and "用电增容" in told.body
    reopened = appeal_rate(
        actor=persona("enterprise"), appeal=appeal, rating="unsatisfied", comment="仍未通电"
    )
    assert reopened.status == S.ASSIGNED
    assert reopened.deadline >= timezone.localdate() + dt.timedelta(days=7)
    note = Notification.objects.about(appeal).get(rule="appeal_reopened")
    assert "仍未通电" in note.body and note.unit == unit("开发区")


def test_the_office_closes_at_once_an_answer_nobody_can_rate(persona, unit, kfq_enterprise):
    logged = appeal_log(
        actor=persona("lead_liaison"), enterprise=kfq_enterprise, title="用工", content="招工难"
    )
    logged = appeal_act(
        actor=persona("plan_office"),
        appeal=logged,
        action=A.ASSIGN,
        unit=unit("开发区"),
        deadline=_due(),
    )
    logged = appeal_act(
        actor=persona("lead_liaison"), appeal=logged, action=A.ANSWER, answer="已对接人社局"
    )
    closed = appeal_act(actor=persona("plan_office"), appeal=logged, action=A.CLOSE)
    assert closed.status == S.CLOSED


def test_the_office_waits_for_the_enterprise_before_closing(persona, unit, own_enterprise):
    appeal = bring(S.ANSWERED, persona, unit)
    with pytest.raises(ValidationError):
        appeal_act(actor=persona("plan_office"), appeal=appeal, action=A.CLOSE)
    assert Appeal.objects.get(pk=appeal.pk).status == S.ANSWERED


@pytest.mark.parametrize("state", [s for s in S.values if s not in APPEAL_WORKFLOW.final_states])
def test_someone_can_act_in_every_open_state(state, persona, unit, own_enterprise):
    """Asked through the kit's ``available``, as the pages ask it."""
    appeal = bring(state, persona, unit)
    actors = {
        name
        for name in PERSONAS
        if APPEAL_WORKFLOW.available(persona(name), Appeal.objects.get(pk=appeal.pk))
    }
    expected = {
        S.RAISED: {"plan_office", "enterprise"},
        S.RETURNED: {"enterprise"},
        S.ASSIGNED: {"plan_office", "lead_liaison", "unit_head"},
        S.ANSWERED: {"enterprise"},  # the office only once nobody can rate
    }[state]
    assert actors == expected


def test_the_enterprise_is_told_in_person_of_each_step_that_concerns_it(
    persona, unit, own_enterprise, kfq_enterprise
):
    """The enterprise has no unit: each of its users gets the message in 我的提醒 when its
    appeal is returned, assigned and answered — and nobody else reads those messages."""
    from django.test import Client
    from django.urls import reverse

    from gongye.core.roles import Role
    from tests.conftest import HUOSHAN, make_user
    from tests.enterprises.factories import EnterpriseAccountFactory

    stranger = make_user("kfq_qiye", "开发区企业用户", Role.ENTERPRISE, HUOSHAN)
    EnterpriseAccountFactory(enterprise=kfq_enterprise, user=stranger)
    returned = bring(S.RETURNED, persona, unit)
    told = Notification.objects.about(returned).get(rule="appeal_return")
    assert told.user == persona("enterprise") and told.unit is None
    assert told.audience == Role.ENTERPRISE and "请写明需要的用电容量" in told.body
    appeal = bring(S.ANSWERED, persona, unit)
    personal = Notification.objects.about(appeal).filter(user__isnull=False)
    assert set(personal.values_list("rule", flat=True)) == {"appeal_assign", "appeal_answer"}
    assert set(personal.values_list("user", flat=True)) == {persona("enterprise").pk}
    answer = personal.get(rule="appeal_answer")
    assert "开发区" in answer.body and "请查看答复并评价" in answer.body
    assert answer.deliveries.get().target == str(persona("enterprise"))

    def inbox(user) -> str:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("notifications:notification_list"))
        assert response.status_code == 200
        return response.content.decode()

    assert "请查看答复并评价" in inbox(persona("enterprise"))
    assert "请写明需要的用电容量" in inbox(persona("enterprise"))
    assert "用电增容" not in inbox(stranger)
    assert "请查看答复并评价" not in inbox(persona("lead_liaison"))
