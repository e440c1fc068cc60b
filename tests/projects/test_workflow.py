"""三库联动 (``PROJECT_WORKFLOW``) walked edge by edge with the named personas through
``services.projects.project_move``: the persona an edge names takes it and the audit entry
carries the edge's ``project.*`` verb and the before/after; everyone else is refused and nothing
changes. Then: a start needs its proof, 纳规 needs a 规上 enterprise, each move's dates are
checked, set and (by its undo) cleared, the history stays, the final states end the story."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongye.audit.choices import verb_catalogue
from gongye.audit.models import AuditEntry
from gongye.enterprises.choices import Scale
from gongye.projects.choices import DocumentKind, ProjectAction, ProjectStage, ProjectVerb
from gongye.projects.models import Project, ProjectDocument
from gongye.projects.selectors.returns import owing
from gongye.projects.services.projects import project_document_add, project_move
from gongye.projects.workflows import PROJECT_WORKFLOW
from tests.conftest import PERSONAS, TINY_PDF
from tests.enterprises.factories import EnterpriseFactory
from tests.projects.factories import on

pytestmark = pytest.mark.django_db

S = ProjectStage
A = ProjectAction
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
ENTRIES = AuditEntry.objects.filter(target_type="projects.project")
DATES = ("started_on", "completed_on", "produced_on", "scaled_on", "cancelled_on")
STARTED = dt.date(2022, 3, 10)
COMPLETED = dt.date(2022, 5, 20)
PRODUCED = dt.date(2022, 5, 25)
SCALED = dt.date(2022, 6, 1)
CANCELLED = dt.date(2022, 6, 5)
RESPONSIBLE = {
    "plan_office",
    "lead_liaison",
    "unit_head",
}  # the 开发区 project's unit and the office
# who takes each action on a project built in and answered for by 开发区
TAKERS = {
    A.START: RESPONSIBLE,
    A.COMPLETE: RESPONSIBLE,
    A.SCALE: {"plan_office"},
    A.CANCEL: {"plan_office"},
    A.REVERT_START: {"plan_office"},
    A.REVERT_COMPLETE: {"plan_office"},
    A.REVERT_SCALE: {"plan_office"},
    A.RESTORE: {"plan_office"},
}


@pytest.fixture(autouse=True)
def world(settings, tmp_path):
    """Files land in a temporary folder; today is 10 June 2022."""
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(on(2022, 6, 10), tick=False):
        yield


@pytest.fixture
def project(kfq_project, unit):
    """The 开发区 project, built by a registered 规上 enterprise."""
    kfq_project.enterprise = EnterpriseFactory(
        name="开发区规上装备有限公司", township=unit("开发区"), scale=Scale.ABOVE
    )
    kfq_project.save()
    return kfq_project


def _inputs(action: str) -> dict:
    return {
        A.START: {"on": STARTED},
        A.COMPLETE: {"on": COMPLETED, "produced_on": PRODUCED},
        A.SCALE: {"on": SCALED},
        A.CANCEL: {"on": CANCELLED, "reason": "资金链断裂，项目终止"},
        A.REVERT_START: {"reason": "开工登记有误"},
        A.REVERT_COMPLETE: {"reason": "尚未竣工验收"},
        A.REVERT_SCALE: {"reason": "统计认定未通过"},
        A.RESTORE: {"reason": "投资方重新落实资金"},
    }[action]


def _permit(project: Project, office) -> ProjectDocument:
    return project_document_add(
        actor=office,
        project=project,
        upload=SimpleUploadedFile("施工许可证.pdf", TINY_PDF),
        kind=DocumentKind.PERMIT,
    )


def bring(state: str, project: Project, persona) -> Project:
    """The project brought to ``state`` by the real services (a permit on file)."""
    office = persona("plan_office")
    _permit(project, office)
    steps = {
        S.RESERVE: [],
        S.CANCELLED: [A.CANCEL],
        S.BUILDING: [A.START],
        S.PRODUCING: [A.START, A.COMPLETE],
        S.SCALED: [A.START, A.COMPLETE, A.SCALE],
    }[state]
    for action in steps:
        project = project_move(actor=office, project=project, action=action, **_inputs(action))
    assert project.stage == state
    return project


def _state(project: Project) -> dict:
    project.refresh_from_db()
    return {f: getattr(project, f) for f in ("stage", *DATES, "cancel_reason", "paired_leader_id")}


# ----- the map


def test_the_map_has_no_dead_ends_and_its_verbs_are_in_the_audit_catalogue():
    assert PROJECT_WORKFLOW.dead_ends() == set()
    assert PROJECT_WORKFLOW.initial == S.RESERVE
    assert set(PROJECT_WORKFLOW.final_states) == {S.SCALED, S.CANCELLED}
    catalogue = verb_catalogue()
    assert {v.value for v in ProjectVerb} <= set(catalogue)
    assert {e.verb for e in PROJECT_WORKFLOW.edges} <= set(catalogue)
    # every action has its edge(s), and every non-final state one that somebody takes
    assert {e.action for e in PROJECT_WORKFLOW.edges} == set(A.values) == set(TAKERS)
    for state in set(S.values) - set(PROJECT_WORKFLOW.final_states):
        assert PROJECT_WORKFLOW.edges_from(state)


@pytest.mark.parametrize(
    ("edge", "taker"),
    [
        pytest.param(e, t, id=f"{e.source}-{e.action}-{t}")
        for e in PROJECT_WORKFLOW.edges
        for t in sorted(TAKERS[A(e.action)])
    ],
)
def test_every_edge_is_taken_by_whom_it_names_and_refused_to_the_rest(
    edge, taker, project, persona
):
    project = bring(edge.source, project, persona)
    inputs = _inputs(edge.action)
    before = _state(project)
    entries, files = ENTRIES.count(), ProjectDocument.objects.count()
    for name in sorted(set(PERSONAS) - TAKERS[A(edge.action)]):
        with pytest.raises(PermissionDenied):
            project_move(actor=persona(name), project=project, action=edge.action, **inputs)
    assert _state(project) == before
    assert ENTRIES.count() == entries and ProjectDocument.objects.count() == files

    done = project_move(actor=persona(taker), project=project, action=edge.action, **inputs)
    assert done.stage == edge.target
    assert _state(project)["stage"] == edge.target
    assert ENTRIES.count() == entries + 1
    entry = ENTRIES.latest("pk")
    assert entry.verb == edge.verb
    assert entry.actor == persona(taker) and entry.target_id == str(project.pk)
    assert entry.before["stage"] == edge.source and entry.after["stage"] == edge.target
    if "reason" in inputs:
        assert entry.after["reason"] == inputs["reason"]


# ----- each move's record, exactly


def test_a_start_sets_its_date_and_records_it(project, persona):
    project = bring(S.RESERVE, project, persona)
    project_move(actor=persona("lead_liaison"), project=project, action=A.START, on=STARTED)
    entry = ENTRIES.get(verb=ProjectVerb.START)
    assert entry.before == {"stage": "reserve", "started_on": None}
    assert entry.after == {"stage": "building", "started_on": "2022-03-10"}
    assert entry.actor == persona("lead_liaison")
    project.refresh_from_db()
    assert (project.stage, project.started_on) == (S.BUILDING, STARTED)


def test_a_completion_sets_both_dates_and_production_defaults_to_completion(project, persona):
    project = bring(S.BUILDING, project, persona)
    done = project_move(
        actor=persona("unit_head"), project=project, action=A.COMPLETE, on=COMPLETED
    )
    assert (done.completed_on, done.produced_on) == (COMPLETED, COMPLETED)
    entry = ENTRIES.get(verb=ProjectVerb.COMPLETE)
    assert entry.before == {"stage": "building", "completed_on": None, "produced_on": None}
    assert entry.after == {
        "stage": "producing",
        "completed_on": "2022-05-20",
        "produced_on": "2022-05-20",
    }


def test_scale_and_cancel_record_their_dates_and_reason(project, persona, hs_project):
    scaled = bring(S.SCALED, project, persona)
    assert scaled.scaled_on == SCALED
    entry = ENTRIES.get(verb=ProjectVerb.SCALE)
    assert entry.before == {"stage": "producing", "scaled_on": None}
    assert entry.after == {"stage": "scaled", "scaled_on": "2022-06-01"}
    cancelled = project_move(
        actor=persona("plan_office"), project=hs_project, action=A.CANCEL, **_inputs(A.CANCEL)
    )
    assert (cancelled.cancelled_on, cancelled.cancel_reason) == (CANCELLED, "资金链断裂，项目终止")
    entry = ENTRIES.get(verb=ProjectVerb.CANCEL)
    assert entry.before == {"stage": "reserve", "cancelled_on": None, "cancel_reason": ""}
    assert entry.after == {
        "stage": "cancelled",
        "cancelled_on": "2022-06-05",
        "cancel_reason": "资金链断裂，项目终止",
        "reason": "资金链断裂，项目终止",
    }


# ----- the proof of a start


def test_a_start_without_proof_is_refused_with_the_reason(project, persona):
    for name in sorted(RESPONSIBLE):
        with pytest.raises(ValidationError) as refused:
            project_move(actor=persona(name), project=project, action=A.START, on=STARTED)
        assert refused.value.messages == ["开工须上传施工许可证或现场照片作为佐证。"]
    assert _state(project)["stage"] == S.RESERVE and project.started_on is None
    assert not ENTRIES.exists()
    # acceptance papers or other files are not proof of a start
    for kind in (DocumentKind.ACCEPTANCE, DocumentKind.OTHER):
        project_document_add(
            actor=persona("plan_office"),
            project=project,
            upload=SimpleUploadedFile(f"{kind}.pdf", TINY_PDF),
            kind=kind,
        )
    with pytest.raises(ValidationError, match="施工许可证或现场照片"):
        project_move(actor=persona("plan_office"), project=project, action=A.START, on=STARTED)
    assert _state(project)["stage"] == S.RESERVE
    assert not ENTRIES.filter(verb=ProjectVerb.START).exists()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("许可证.pdf", TINY_PDF, DocumentKind.PERMIT), ("工地.png", PNG, DocumentKind.PHOTO)],
)
def test_a_start_with_its_proof_in_the_same_step(project, persona, name, content, kind):
    done = project_move(
        actor=persona("lead_liaison"),
        project=project,
        action=A.START,
        on=STARTED,
        proof=[(SimpleUploadedFile(name, content), kind)],
    )
    assert done.stage == S.BUILDING
    document = ProjectDocument.objects.get(project=project)
    assert (document.name, document.kind) == (name, kind)
    file_entry = AuditEntry.objects.get(verb=ProjectVerb.DOCUMENT)
    assert file_entry.parent_id == str(project.pk) and file_entry.after["kind"] == kind
    assert ENTRIES.filter(verb=ProjectVerb.START).count() == 1


def test_a_photo_that_is_not_one_is_no_proof_and_nothing_is_kept(project, persona):
    with pytest.raises(ValidationError, match="内容不是图片"):
        project_move(
            actor=persona("lead_liaison"),
            project=project,
            action=A.START,
            on=STARTED,
            proof=[(SimpleUploadedFile("工地.jpg", b"just some words, not a picture"), "photo")],
        )
    assert _state(project)["stage"] == S.RESERVE
    assert not ProjectDocument.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="project.").exists()


def test_a_refused_persona_keeps_no_file_either(project, persona):
    with pytest.raises(PermissionDenied):
        project_move(
            actor=persona("coop_liaison"),
            project=project,
            action=A.START,
            on=STARTED,
            proof=[(SimpleUploadedFile("许可证.pdf", TINY_PDF), DocumentKind.PERMIT)],
        )
    assert not ProjectDocument.objects.exists()
    assert _state(project)["stage"] == S.RESERVE


# ----- 纳规 follows the enterprise register


def test_scale_needs_a_registered_enterprise(kfq_project, persona):
    project = bring(S.PRODUCING, kfq_project, persona)  # named, not registered
    before, entries = _state(project), ENTRIES.count()
    with pytest.raises(ValidationError) as refused:
        project_move(actor=persona("plan_office"), project=project, action=A.SCALE, on=SCALED)
    assert refused.value.messages == ["项目单位尚未登记入企业库，不能纳规。"]
    assert _state(project) == before and ENTRIES.count() == entries


def test_scale_needs_the_enterprise_to_be_above_scale(project, persona):
    project = bring(S.PRODUCING, project, persona)
    project.enterprise.scale = Scale.BELOW
    project.enterprise.save()
    before, entries = _state(project), ENTRIES.count()
    with pytest.raises(ValidationError) as refused:
        project_move(actor=persona("plan_office"), project=project, action=A.SCALE, on=SCALED)
    assert refused.value.messages == [
        "项目单位“开发区规上装备有限公司”在企业库中仍为规下企业，纳规以统计认定为准。"
    ]
    assert _state(project) == before and ENTRIES.count() == entries
    # the liaison may not 纳规 even a 规上 enterprise's project: the office decides
    project.enterprise.scale = Scale.ABOVE
    project.enterprise.save()
    with pytest.raises(PermissionDenied):
        project_move(actor=persona("lead_liaison"), project=project, action=A.SCALE, on=SCALED)
    done = project_move(actor=persona("plan_office"), project=project, action=A.SCALE, on=SCALED)
    assert done.stage == S.SCALED


# ----- the dates are checked and nothing is written when they are wrong


@pytest.mark.parametrize(
    ("state", "action", "inputs", "field", "message"),
    [
        (S.RESERVE, A.START, {}, "on", "请填写日期。"),
        (S.RESERVE, A.START, {"on": dt.date(2022, 6, 11)}, "on", "日期不能晚于今天。"),
        (S.RESERVE, A.START, {"on": dt.date(2022, 3, 31)}, "on", "开工日期不能早于签约日期。"),
        (
            S.BUILDING,
            A.COMPLETE,
            {"on": dt.date(2022, 3, 9)},
            "on",
            "竣工日期不能早于开工日期 2022-03-10。",
        ),
        (
            S.BUILDING,
            A.COMPLETE,
            {"on": COMPLETED, "produced_on": dt.date(2022, 5, 19)},
            "produced_on",
            "投产日期不能早于竣工日期。",
        ),
        (
            S.BUILDING,
            A.COMPLETE,
            {"on": COMPLETED, "produced_on": dt.date(2022, 6, 11)},
            "produced_on",
            "日期不能晚于今天。",
        ),
        (S.PRODUCING, A.SCALE, {"on": dt.date(2022, 5, 24)}, "on", "纳规日期不能早于投产日期。"),
        (S.RESERVE, A.CANCEL, {"on": CANCELLED}, "reason", "请填写原因。"),
        (S.RESERVE, A.CANCEL, {"on": CANCELLED, "reason": "   "}, "reason", "请填写原因。"),
        (S.BUILDING, A.REVERT_START, {}, "reason", "请填写原因。"),
        (S.CANCELLED, A.RESTORE, {}, "reason", "请填写原因。"),
    ],
)
def test_a_wrong_date_or_missing_reason_writes_nothing(
    project, persona, state, action, inputs, field, message
):
    project.signed_on = dt.date(2022, 3, 1)
    project.save()
    project = bring(state, project, persona)
    if action == A.START:  # signed on 1 April: a start on 31 March comes before it
        project.signed_on = dt.date(2022, 4, 1)
        project.save()
    before, entries = _state(project), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        project_move(actor=persona("plan_office"), project=project, action=action, **inputs)
    assert refused.value.message_dict == {field: [message]}
    assert _state(project) == before
    assert AuditEntry.objects.count() == entries


def test_an_unknown_or_misplaced_action_is_wrong_input(project, persona):
    with pytest.raises(ValidationError) as refused:
        project_move(actor=persona("plan_office"), project=project, action="launch")
    assert refused.value.messages == ["无法识别的操作。"]
    with pytest.raises(ValidationError) as refused:
        project_move(actor=persona("plan_office"), project=project, action=A.COMPLETE, on=COMPLETED)
    assert refused.value.messages == ["这一步操作不适用于该项目的当前状态。"]
    with pytest.raises(ValidationError):  # no 纳规 straight from 储备库
        project_move(actor=persona("plan_office"), project=project, action=A.SCALE, on=SCALED)
    assert _state(project)["stage"] == S.RESERVE and not ENTRIES.exists()


# ----- the final states end the story; only the office's correction leaves them


@pytest.mark.parametrize(("state", "label"), [(S.SCALED, "已纳规"), (S.CANCELLED, "已终止")])
def test_a_final_state_takes_no_step_but_its_correction(project, persona, state, label):
    project = bring(state, project, persona)
    before = _state(project)
    for action in (A.START, A.COMPLETE, A.SCALE, A.CANCEL, A.REVERT_START):
        with pytest.raises(ValidationError) as refused:
            project_move(
                actor=persona("plan_office"), project=project, action=action, **_inputs(action)
            )
        assert refused.value.messages == [f"该项目当前状态为“{label}”，不能再办理。"]
    assert _state(project) == before
    assert [e.action for e in PROJECT_WORKFLOW.edges_from(state)] == [
        A.REVERT_SCALE if state == S.SCALED else A.RESTORE
    ]


@pytest.mark.parametrize("state", S.values)
def test_someone_can_act_in_every_state(state, project, persona):
    """Asked through the kit's ``available``, as the pages ask it (a permit on file)."""
    project = bring(state, project, persona)
    current = Project.objects.select_related("enterprise").get(pk=project.pk)
    actors = {n for n in PERSONAS if PROJECT_WORKFLOW.available(persona(n), current)}
    expected = {
        S.RESERVE: RESPONSIBLE,  # start (with the permit) or, the office, give up
        S.BUILDING: RESPONSIBLE,  # complete; the office gives up or corrects
        S.PRODUCING: {"plan_office"},  # 纳规 and its correction are the office's
        S.SCALED: {"plan_office"},
        S.CANCELLED: {"plan_office"},
    }[state]
    assert actors == expected
    offered = {e.action for e in PROJECT_WORKFLOW.available(persona("lead_liaison"), current)}
    assert offered == {S.RESERVE: {A.START}, S.BUILDING: {A.COMPLETE}}.get(state, set())


def test_without_proof_a_reserve_project_is_offered_only_its_cancellation(project, persona):
    assert PROJECT_WORKFLOW.available(persona("lead_liaison"), project) == []
    offered = PROJECT_WORKFLOW.available(persona("plan_office"), project)
    assert [e.action for e in offered] == [A.CANCEL]


# ----- undoing puts the project back as it was; files and history stay


@pytest.mark.parametrize(
    ("start", "there", "back"),
    [
        (S.RESERVE, A.START, A.REVERT_START),
        (S.BUILDING, A.COMPLETE, A.REVERT_COMPLETE),
        (S.PRODUCING, A.SCALE, A.REVERT_SCALE),
        (S.RESERVE, A.CANCEL, A.RESTORE),
    ],
)
def test_each_undo_restores_the_state_before_and_clears_its_dates(
    project, persona, start, there, back
):
    office = persona("plan_office")
    project = bring(start, project, persona)
    before = _state(project)
    files = sorted(ProjectDocument.objects.filter(project=project).values_list("pk", flat=True))
    project_move(actor=office, project=project, action=there, **_inputs(there))
    moved = _state(project)
    assert moved != before
    project_move(actor=office, project=project, action=back, **_inputs(back))
    assert _state(project) == before
    entry = ENTRIES.filter(verb=PROJECT_WORKFLOW.edge(moved["stage"], back).verb).latest("pk")
    cleared = {f for f in (*DATES, "cancel_reason") if moved[f] != before[f]}
    assert entry.before == {"stage": moved["stage"], **{f: _iso(moved[f]) for f in cleared}}
    assert entry.after == {
        "stage": start,
        **{f: _iso(before[f]) for f in cleared},
        "reason": _inputs(back)["reason"],
    }
    # the history stays: the move and its undo are both in the log, the files are kept
    verbs = list(ENTRIES.order_by("pk").values_list("verb", flat=True))[-2:]
    assert verbs == [PROJECT_WORKFLOW.edge(start, there).verb, entry.verb]
    assert sorted(project.documents.values_list("pk", flat=True)) == files


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def test_a_project_given_up_while_building_comes_back_to_reserve_unstarted(project, persona):
    """储备库 means not started: the restored project neither shows a start date nor owes a
    月30 return (it did before the fix); its start is taken again with the proof on file."""
    office = persona("plan_office")
    project = bring(S.BUILDING, project, persona)
    assert list(owing(Project.objects.all(), 2022, 6)) == [project]
    project_move(actor=office, project=project, action=A.CANCEL, **_inputs(A.CANCEL))
    assert not owing(Project.objects.all(), 2022, 6).exists()
    restored = project_move(actor=office, project=project, action=A.RESTORE, reason="恢复建设")
    assert (restored.stage, restored.started_on, restored.cancelled_on) == (S.RESERVE, None, None)
    assert restored.cancel_reason == ""
    assert not owing(Project.objects.all(), 2022, 6).exists()
    entry = ENTRIES.get(verb=ProjectVerb.RESTORE)
    assert entry.before["started_on"] == "2022-03-10" and entry.after["started_on"] is None
    again = project_move(
        actor=persona("lead_liaison"), project=project, action=A.START, on=dt.date(2022, 6, 8)
    )
    assert (again.stage, again.started_on) == (S.BUILDING, dt.date(2022, 6, 8))
    # the whole story stays in the log
    assert list(ENTRIES.order_by("pk").values_list("verb", flat=True)) == [
        ProjectVerb.START,
        ProjectVerb.CANCEL,
        ProjectVerb.RESTORE,
        ProjectVerb.START,
    ]


def test_a_move_touches_nothing_but_its_stage_and_dates(project, persona):
    project = bring(S.RESERVE, project, persona)
    facts = ("name", "total_investment", "unit_id", "location_id", "enterprise_id", "kind")
    before = Project.objects.values(*facts).get(pk=project.pk)
    project_move(actor=persona("plan_office"), project=project, action=A.START, on=STARTED)
    project_move(actor=persona("plan_office"), project=project, action=A.REVERT_START, reason="误")
    assert Project.objects.values(*facts).get(pk=project.pk) == before
