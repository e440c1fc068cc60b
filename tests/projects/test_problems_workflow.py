"""问题清单交办 (``PROBLEM_WORKFLOW``) walked edge by edge with the named personas through
``services.problems``: raised by the project's unit, a leader or the plan office; assigned by
the office to a unit with a deadline (the ``orgs.assign`` rules), reassigned; answered only by
the assigned unit; closed by the office with the raiser told, or sent back with a fresh
deadline and the unit told; withdrawn by its raiser before it is assigned. The persona an edge
names takes it and the audit entry carries the verb and the before/after; everyone else is
refused and nothing changes; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongye.audit.choices import verb_catalogue
from gongye.audit.models import AuditEntry
from gongye.core.roles import Role
from gongye.notifications.models import Notification
from gongye.orgs.models import Unit
from gongye.projects.choices import ProblemAction, ProblemStatus, ProjectVerb
from gongye.projects.models import ProjectProblem
from gongye.projects.services.problems import problem_act, problem_raise
from gongye.projects.workflows import PROBLEM_WORKFLOW
from tests.conftest import PERSONAS
from tests.projects.factories import ProjectFactory, on

pytestmark = pytest.mark.django_db

S = ProblemStatus
A = ProblemAction
TODAY = dt.date(2022, 6, 10)
ENTRIES = AuditEntry.objects.filter(target_type="projects.projectproblem")
RAISER = "lead_liaison"
# who takes each action on a problem the 开发区 liaison raised, assigned to 开发区
TAKERS = {
    A.ASSIGN: {"plan_office"},
    A.REASSIGN: {"plan_office"},
    A.CLOSE: {"plan_office"},
    A.REOPEN: {"plan_office"},
    A.WITHDRAW: {RAISER},
    A.ANSWER: {"lead_liaison", "unit_head"},
}
# who may raise a problem on the 开发区 project (its unit, any leader above, the office)
RAISERS = {"plan_office", "county_leader", "city_leader", "province_leader", *TAKERS[A.ANSWER]}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(on(2022, 6, 10), tick=False):
        yield


def _due(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def _inputs(action: str, unit) -> dict:
    return {
        A.ASSIGN: {"unit": unit("开发区"), "deadline": _due(10)},
        A.REASSIGN: {"unit": unit("衡山镇"), "deadline": _due(20)},
        A.ANSWER: {"answer": "已协调国土部门完成用地报批。"},
        A.REOPEN: {"comment": "用地手续仍未办结", "deadline": _due(15)},
    }.get(action, {})


def _raise(persona, project, name: str = RAISER) -> ProjectProblem:
    return problem_raise(
        actor=persona(name), project=project, title="用地指标不足", content="二期用地缺50亩指标。"
    )


def bring(state: str, persona, unit, project) -> ProjectProblem:
    """A problem the 开发区 liaison raised, brought to ``state`` by the real services."""
    problem = _raise(persona, project)
    office = persona("plan_office")
    if state == S.WITHDRAWN:
        problem = problem_act(actor=persona(RAISER), problem=problem, action=A.WITHDRAW)
    if state in (S.ASSIGNED, S.ANSWERED, S.CLOSED):
        problem = problem_act(
            actor=office, problem=problem, action=A.ASSIGN, **_inputs(A.ASSIGN, unit)
        )
    if state in (S.ANSWERED, S.CLOSED):
        problem = problem_act(
            actor=persona("unit_head"), problem=problem, action=A.ANSWER, **_inputs(A.ANSWER, unit)
        )
    if state == S.CLOSED:
        problem = problem_act(actor=office, problem=problem, action=A.CLOSE)
    assert problem.status == state
    return problem


def _state(problem: ProjectProblem) -> dict:
    problem.refresh_from_db()
    fields = ("status", "unit_id", "deadline", "answer", "reopen_comment", "reopen_count")
    return {f: getattr(problem, f) for f in (*fields, "closed_at", "assigned_at")}


# ----- the map


def test_the_map_has_no_dead_ends_and_its_verbs_are_in_the_audit_catalogue():
    assert PROBLEM_WORKFLOW.dead_ends() == set()
    assert set(PROBLEM_WORKFLOW.final_states) == {S.CLOSED, S.WITHDRAWN}
    catalogue = set(verb_catalogue())
    assert {e.verb for e in PROBLEM_WORKFLOW.edges} <= catalogue
    assert ProjectVerb.PROBLEM_RAISE in catalogue
    assert {e.action for e in PROBLEM_WORKFLOW.edges} == set(A.values) == set(TAKERS)
    for state in set(S.values) - set(PROBLEM_WORKFLOW.final_states):
        assert {e.action for e in PROBLEM_WORKFLOW.edges_from(state)} & set(TAKERS)


@pytest.mark.parametrize(
    ("edge", "taker"),
    [
        pytest.param(e, t, id=f"{e.source}-{e.action}-{t}")
        for e in PROBLEM_WORKFLOW.edges
        for t in sorted(TAKERS[A(e.action)])
    ],
)
def test_every_edge_is_taken_by_whom_it_names_and_refused_to_the_rest(
    edge, taker, persona, unit, kfq_project
):
    problem = bring(edge.source, persona, unit, kfq_project)
    inputs = _inputs(edge.action, unit)
    before, entries = _state(problem), ENTRIES.count()
    notes = Notification.objects.count()
    for name in sorted(set(PERSONAS) - TAKERS[A(edge.action)]):
        with pytest.raises(PermissionDenied):
            problem_act(actor=persona(name), problem=problem, action=edge.action, **inputs)
    assert _state(problem) == before
    assert ENTRIES.count() == entries and Notification.objects.count() == notes

    done = problem_act(actor=persona(taker), problem=problem, action=edge.action, **inputs)
    assert done.status == edge.target and _state(problem)["status"] == edge.target
    assert ENTRIES.count() == entries + 1
    entry = ENTRIES.latest("pk")
    assert entry.verb == edge.verb and entry.actor == persona(taker)
    assert entry.before["status"] == edge.source and entry.after["status"] == edge.target
    assert entry.parent_id == str(kfq_project.pk)
    if edge.action in (A.ASSIGN, A.REASSIGN):
        assert entry.after["unit"] == inputs["unit"].pk
        assert entry.after["deadline"] == inputs["deadline"].isoformat()
    if edge.action == A.REOPEN:
        assert entry.after["comment"] == "用地手续仍未办结"
        assert entry.after["deadline"] == "2022-06-25"


@pytest.mark.parametrize("state", [s for s in S.values if s not in PROBLEM_WORKFLOW.final_states])
def test_someone_can_act_in_every_open_state(state, persona, unit, kfq_project):
    problem = bring(state, persona, unit, kfq_project)
    current = ProjectProblem.objects.get(pk=problem.pk)
    actors = {n for n in PERSONAS if PROBLEM_WORKFLOW.available(persona(n), current)}
    assert (
        actors
        == {
            S.RAISED: {"plan_office", RAISER},
            S.ASSIGNED: {"plan_office", "lead_liaison", "unit_head"},
            S.ANSWERED: {"plan_office"},
        }[state]
    )


@pytest.mark.parametrize("state", sorted(PROBLEM_WORKFLOW.final_states))
def test_a_closed_or_withdrawn_problem_takes_no_step(state, persona, unit, kfq_project):
    problem = bring(state, persona, unit, kfq_project)
    before, entries = _state(problem), ENTRIES.count()
    label = {S.CLOSED: "已销号", S.WITHDRAWN: "已撤回"}[state]
    for action in A.values:
        with pytest.raises(ValidationError) as refused:
            problem_act(
                actor=persona("plan_office"),
                problem=problem,
                action=action,
                **_inputs(action, unit),
            )
        assert refused.value.messages == [f"该项目问题当前状态为“{label}”，不能再办理。"]
    assert _state(problem) == before and ENTRIES.count() == entries


# ----- raising


@pytest.mark.parametrize("name", sorted(RAISERS))
def test_the_unit_a_leader_or_the_office_raises(name, persona, kfq_project):
    problem = _raise(persona, kfq_project, name)
    acting_unit = {"plan_office": "科技经信局", "lead_liaison": "开发区", "unit_head": "开发区"}
    assert problem.status == S.RAISED and problem.unit is None and problem.deadline is None
    assert problem.raised_by == persona(name) and problem.region_id == kfq_project.region_id
    assert problem.raised_role == PERSONAS[name][0]
    assert (problem.raised_unit.name if problem.raised_unit else None) == acting_unit.get(name)
    entry = ENTRIES.get()
    assert entry.verb == ProjectVerb.PROBLEM_RAISE and entry.actor == persona(name)
    assert entry.parent_id == str(kfq_project.pk)
    assert entry.after == {"status": "raised", "title": "用地指标不足", "project": kfq_project.pk}
    assert not Notification.objects.exists()


@pytest.mark.parametrize("name", sorted(set(PERSONAS) - RAISERS))
def test_everyone_else_may_not_raise(name, persona, kfq_project):
    with pytest.raises(PermissionDenied):
        _raise(persona, kfq_project, name)
    assert not ProjectProblem.objects.exists() and not ENTRIES.exists()


def test_the_unit_where_a_project_is_built_may_raise_too(persona, unit):
    """Built in 衡山镇, answered for by 开发区: the township's liaison raises."""
    project = ProjectFactory(location=unit("衡山镇"), unit=unit("开发区"))
    problem = _raise(persona, project, "coop_liaison")
    assert problem.raised_unit == unit("衡山镇")
    with pytest.raises(PermissionDenied):
        _raise(persona, project, "statistics")


def test_the_office_raises_and_assigns_in_one_step(persona, unit, kfq_project):
    problem = problem_raise(
        actor=persona("plan_office"),
        project=kfq_project,
        title="电力增容",
        content="需新增一台2000千伏安变压器。",
        unit=unit("开发区"),
        deadline=_due(7),
    )
    assert (problem.status, problem.unit, problem.deadline) == (
        S.ASSIGNED,
        unit("开发区"),
        dt.date(2022, 6, 17),
    )
    assert list(ENTRIES.order_by("pk").values_list("verb", flat=True)) == [
        ProjectVerb.PROBLEM_RAISE,
        ProjectVerb.PROBLEM_ASSIGN,
    ]
    told = Notification.objects.about(problem).get()
    assert (told.rule, told.unit, told.audience) == (
        "problem_assigned",
        unit("开发区"),
        Role.LIAISON,
    )


def test_a_leader_names_no_unit_the_office_assigns(persona, unit, kfq_project):
    problem = problem_raise(
        actor=persona("county_leader"),
        project=kfq_project,
        title="融资",
        content="银行贷款未到位。",
        unit=unit("开发区"),
        deadline=_due(7),
    )
    assert (problem.status, problem.unit) == (S.RAISED, None)
    assert ENTRIES.count() == 1 and not Notification.objects.exists()


@pytest.mark.parametrize(
    ("title", "content", "field", "message"),
    [
        ("  ", "描述", "title", "请填写问题。"),
        ("x" * 101, "描述", "title", "问题不超过100字。"),
        ("用地", "", "content", "请填写问题描述。"),
        ("用地", "x" * 4001, "content", "问题描述不超过4000字。"),
    ],
)
def test_a_raise_with_bad_words_writes_nothing(
    persona, kfq_project, title, content, field, message
):
    with pytest.raises(ValidationError) as refused:
        problem_raise(actor=persona(RAISER), project=kfq_project, title=title, content=content)
    assert refused.value.message_dict == {field: [message]}
    assert not ProjectProblem.objects.exists() and not ENTRIES.exists()


def test_the_longest_words_are_taken(persona, kfq_project):
    problem = problem_raise(
        actor=persona(RAISER), project=kfq_project, title="题" * 100, content="述" * 4000
    )
    assert (len(problem.title), len(problem.content)) == (100, 4000)


def test_the_office_raising_with_a_bad_deadline_writes_nothing(persona, unit, kfq_project):
    with pytest.raises(ValidationError) as refused:
        problem_raise(
            actor=persona("plan_office"),
            project=kfq_project,
            title="电力增容",
            content="需增容。",
            unit=unit("开发区"),
            deadline=TODAY - dt.timedelta(days=1),
        )
    assert refused.value.message_dict == {"deadline": ["办理时限不能早于今天。"]}
    assert not ProjectProblem.objects.exists() and not ENTRIES.exists()
    assert not Notification.objects.exists()


# ----- assigning by the orgs.assign rules


@pytest.mark.parametrize(
    ("action", "inputs", "field", "message"),
    [
        (A.ASSIGN, {"deadline": "later"}, "unit", "请选择本县（区）一个在用的承办单位。"),
        (
            A.ASSIGN,
            {"unit": "group", "deadline": "later"},
            "unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
        (
            A.ASSIGN,
            {"unit": "jinzhai", "deadline": "later"},
            "unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
        (
            A.ASSIGN,
            {"unit": "retired", "deadline": "later"},
            "unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
        (A.ASSIGN, {"unit": "kfq"}, "deadline", "请填写办理时限。"),
        (A.ASSIGN, {"unit": "kfq", "deadline": "yesterday"}, "deadline", "办理时限不能早于今天。"),
        (A.ASSIGN, {"unit": "kfq", "deadline": "too_late"}, "deadline", "办理时限不能超过一年。"),
        ("dispatch", {"unit": "kfq", "deadline": "later"}, "action", "未知的办理操作。"),
    ],
)
def test_a_bad_assignment_writes_nothing(
    persona, unit, kfq_project, action, inputs, field, message
):
    problem = bring(S.RAISED, persona, unit, kfq_project)
    retired = unit("佛子岭镇")
    retired.is_active = False
    retired.save()
    values = {
        "later": _due(10),
        "yesterday": TODAY - dt.timedelta(days=1),
        "too_late": TODAY + dt.timedelta(days=367),
        "kfq": unit("开发区"),
        "group": Unit.objects.get(region__code="341525", name="相关乡镇"),
        "jinzhai": Unit.objects.get(region__code="341524", name="经信局"),
        "retired": retired,
    }
    before, entries = _state(problem), ENTRIES.count()
    with pytest.raises(ValidationError) as refused:
        problem_act(
            actor=persona("plan_office"),
            problem=problem,
            action=action,
            **{k: values[v] for k, v in inputs.items()},
        )
    assert refused.value.message_dict == {field: [message]}
    assert _state(problem) == before and ENTRIES.count() == entries
    assert not Notification.objects.exists()


def test_a_deadline_today_or_a_year_ahead_is_kept(persona, unit, kfq_project):
    problem = bring(S.RAISED, persona, unit, kfq_project)
    office = persona("plan_office")
    done = problem_act(
        actor=office, problem=problem, action=A.ASSIGN, unit=unit("开发区").pk, deadline=TODAY
    )
    assert (done.unit, done.deadline) == (unit("开发区"), TODAY)
    far = TODAY + dt.timedelta(days=366)
    done = problem_act(
        actor=office, problem=problem, action=A.REASSIGN, unit=unit("衡山镇"), deadline=far
    )
    assert (done.unit, done.deadline) == (unit("衡山镇"), far)


def test_the_unit_is_told_when_the_work_comes_to_it(persona, unit, kfq_project):
    problem = bring(S.ASSIGNED, persona, unit, kfq_project)
    told = Notification.objects.about(problem).get()
    assert (told.rule, told.unit, told.audience, told.user) == (
        "problem_assigned",
        unit("开发区"),
        Role.LIAISON,
        None,
    )
    assert (
        told.title == "【项目问题交办】开发区智能装备产业园：用地指标不足（办理时限2022年6月20日）"
    )
    assert "开发区：项目“开发区智能装备产业园”的问题“用地指标不足”交你单位办理" in told.body
    assert told.link.startswith("/projects/")
    problem_act(
        actor=persona("plan_office"),
        problem=problem,
        action=A.REASSIGN,
        **_inputs(A.REASSIGN, unit),
    )
    reassigned = Notification.objects.about(problem).exclude(pk=told.pk).get()
    assert (reassigned.rule, reassigned.unit) == ("problem_assigned", unit("衡山镇"))
    assert "办理时限2022年6月30日" in reassigned.title


# ----- answering: only the assigned unit


def test_only_the_assigned_unit_answers(persona, unit, kfq_project):
    problem = bring(S.ASSIGNED, persona, unit, kfq_project)
    with pytest.raises(PermissionDenied) as refused:
        problem_act(actor=persona("coop_liaison"), problem=problem, action=A.ANSWER, answer="已办")
    assert str(refused.value) == "该问题不是交办给本单位的。"
    with pytest.raises(PermissionDenied) as refused:
        problem_act(actor=persona("plan_office"), problem=problem, action=A.ANSWER, answer="已办")
    assert str(refused.value) == "只有承办单位的联络员或负责人可以答复项目问题。"
    # reassigned to 衡山镇: now its liaison answers, 开发区 no longer may
    problem_act(
        actor=persona("plan_office"),
        problem=problem,
        action=A.REASSIGN,
        **_inputs(A.REASSIGN, unit),
    )
    with pytest.raises(PermissionDenied):
        problem_act(actor=persona("lead_liaison"), problem=problem, action=A.ANSWER, answer="已办")
    done = problem_act(
        actor=persona("coop_liaison"), problem=problem, action=A.ANSWER, answer="已办结"
    )
    assert (done.status, done.answer, done.answered_by) == (
        S.ANSWERED,
        "已办结",
        persona("coop_liaison"),
    )
    assert done.answered_at is not None


def test_an_empty_answer_writes_nothing(persona, unit, kfq_project):
    problem = bring(S.ASSIGNED, persona, unit, kfq_project)
    before, entries = _state(problem), ENTRIES.count()
    with pytest.raises(ValidationError) as refused:
        problem_act(actor=persona("lead_liaison"), problem=problem, action=A.ANSWER, answer="  ")
    assert refused.value.message_dict == {"answer": ["请填写办理情况。"]}
    with pytest.raises(ValidationError) as refused:
        problem_act(
            actor=persona("lead_liaison"), problem=problem, action=A.ANSWER, answer="x" * 4001
        )
    assert refused.value.message_dict == {"answer": ["办理情况不超过4000字。"]}
    assert _state(problem) == before and ENTRIES.count() == entries


# ----- closing and sending back


@pytest.mark.parametrize("raiser", ["lead_liaison", "county_leader", "plan_office"])
def test_closing_tells_whoever_raised_it(raiser, persona, unit, kfq_project):
    office = persona("plan_office")
    problem = _raise(persona, kfq_project, raiser)
    problem = problem_act(actor=office, problem=problem, action=A.ASSIGN, **_inputs(A.ASSIGN, unit))
    problem = problem_act(
        actor=persona("unit_head"), problem=problem, action=A.ANSWER, **_inputs(A.ANSWER, unit)
    )
    closed = problem_act(actor=office, problem=problem, action=A.CLOSE)
    assert closed.status == S.CLOSED and closed.closed_at is not None
    entry = ENTRIES.filter(verb=ProjectVerb.PROBLEM_CLOSE).get()
    assert entry.before == {"status": "answered", "closed_at": None}
    assert entry.after == {"status": "closed", "closed_at": closed.closed_at.isoformat()}
    told = Notification.objects.about(problem).get(rule="problem_closed")
    assert (told.user, told.audience, told.unit) == (persona(raiser), PERSONAS[raiser][0], None)
    assert told.title == "【项目问题销号】开发区智能装备产业园：用地指标不足"
    assert "已由开发区办结" in told.body and "已协调国土部门完成用地报批。" in told.body


def test_sending_back_needs_a_reason_and_a_fresh_deadline(persona, unit, kfq_project):
    problem = bring(S.ANSWERED, persona, unit, kfq_project)
    office = persona("plan_office")
    before, entries = _state(problem), ENTRIES.count()
    for inputs, field, message in (
        ({"deadline": _due(15)}, "comment", "退回重办时请说明原因。"),
        ({"comment": "  ", "deadline": _due(15)}, "comment", "退回重办时请说明原因。"),
        ({"comment": "仍未办结"}, "deadline", "请填写办理时限。"),
        (
            {"comment": "仍未办结", "deadline": TODAY - dt.timedelta(days=1)},
            "deadline",
            "办理时限不能早于今天。",
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            problem_act(actor=office, problem=problem, action=A.REOPEN, **inputs)
        assert refused.value.message_dict == {field: [message]}
    assert _state(problem) == before and ENTRIES.count() == entries
    assert not Notification.objects.filter(rule="problem_reopened").exists()


def test_sending_back_renews_the_deadline_and_tells_the_unit(persona, unit, kfq_project):
    problem = bring(S.ANSWERED, persona, unit, kfq_project)
    with time_machine.travel(on(2022, 6, 18), tick=False):
        back = problem_act(
            actor=persona("plan_office"),
            problem=problem,
            action=A.REOPEN,
            comment="用地手续仍未办结",
            deadline=dt.date(2022, 7, 1),
        )
    assert (back.status, back.deadline, back.reopen_count) == (
        S.ASSIGNED,
        dt.date(2022, 7, 1),
        1,
    )
    assert back.reopen_comment == "用地手续仍未办结" and back.unit == unit("开发区")
    entry = ENTRIES.filter(verb=ProjectVerb.PROBLEM_REOPEN).get()
    assert entry.before == {"status": "answered", "deadline": "2022-06-20", "reopen_comment": ""}
    assert entry.after == {
        "status": "assigned",
        "deadline": "2022-07-01",
        "reopen_comment": "用地手续仍未办结",
        "comment": "用地手续仍未办结",
    }
    told = Notification.objects.about(problem).get(rule="problem_reopened")
    assert (told.unit, told.audience) == (unit("开发区"), Role.LIAISON)
    assert (
        told.title
        == "【项目问题退回重办】开发区智能装备产业园：用地指标不足（办理时限2022年7月1日）"
    )
    assert "退回重办，意见：用地手续仍未办结。请在2022年7月1日前重新办理并答复。" in told.body
    # the unit answers again and the office closes it
    again = problem_act(
        actor=persona("lead_liaison"), problem=back, action=A.ANSWER, answer="用地已获批。"
    )
    closed = problem_act(actor=persona("plan_office"), problem=again, action=A.CLOSE)
    assert (closed.status, closed.answer, closed.reopen_count) == (S.CLOSED, "用地已获批。", 1)


# ----- withdrawing: its raiser, before it is assigned


def test_only_the_raiser_withdraws_and_only_before_assignment(persona, unit, kfq_project):
    problem = bring(S.RAISED, persona, unit, kfq_project)
    with pytest.raises(PermissionDenied) as refused:  # same unit, not the raiser
        problem_act(actor=persona("unit_head"), problem=problem, action=A.WITHDRAW)
    assert str(refused.value) == "只有提出人可以撤回该问题。"
    with pytest.raises(PermissionDenied):
        problem_act(actor=persona("plan_office"), problem=problem, action=A.WITHDRAW)
    assert _state(problem)["status"] == S.RAISED
    assigned = problem_act(
        actor=persona("plan_office"), problem=problem, action=A.ASSIGN, **_inputs(A.ASSIGN, unit)
    )
    before, entries = _state(assigned), ENTRIES.count()
    with pytest.raises(ValidationError) as refused:
        problem_act(actor=persona(RAISER), problem=assigned, action=A.WITHDRAW)
    assert refused.value.messages == ["这一步操作不适用于该项目问题的当前状态。"]
    assert _state(assigned) == before and ENTRIES.count() == entries


def test_a_withdrawn_problem_leaves_no_open_work(persona, unit, kfq_project):
    problem = bring(S.RAISED, persona, unit, kfq_project)
    done = problem_act(actor=persona(RAISER), problem=problem, action=A.WITHDRAW)
    assert done.status == S.WITHDRAWN and done.unit is None and done.deadline is None
    entry = ENTRIES.filter(verb=ProjectVerb.PROBLEM_WITHDRAW).get()
    assert entry.before == {"status": "raised"} and entry.after == {"status": "withdrawn"}
    assert not ProjectProblem.objects.open().exists()
    assert not Notification.objects.exists()
