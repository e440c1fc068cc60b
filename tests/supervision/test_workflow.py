"""The report's review map (``REPORT_WORKFLOW``) walked edge by edge with the named personas:
the persona an edge names takes it and the audit entry carries the edge's verb and the
before/after; everyone else is refused and nothing changes. Then the map's dead ends, the
verbs in the audit catalogue, the timeline read from the verbs (old generic entries as
before), and the task page's selector (the steps open to each person)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongye.audit.choices import verb_catalogue, verb_label
from gongye.audit.models import AuditEntry
from gongye.audit.services import audit_record
from gongye.core.workflow import Edge
from gongye.supervision.choices import ReportKind, ReportStatus, SupervisionVerb
from gongye.supervision.models import ProgressReport, TaskState
from gongye.supervision.selectors import task_detail_page, task_get_for, timeline_for_task
from gongye.supervision.services import report_review, report_submit, task_postpone
from gongye.supervision.workflows import REPORT_WORKFLOW
from tests.conftest import HUOSHAN, PERSONAS, make_user

KINDS = [ReportKind.LEAD, ReportKind.CONTRIBUTION]


@pytest.fixture
def people(persona, org):
    """Every named persona, and the head of 衡山镇 (who approves its contributions)."""
    everyone = {name: persona(name) for name in PERSONAS}
    everyone["coop_head"] = make_user("coop_head", "衡山镇负责人", "unit_head", HUOSHAN, "衡山镇")
    return everyone


def _report_in(state: str, kind: str, task, people) -> ProgressReport:
    """A report of that kind brought to that state by the real services."""
    liaison = people["lead_liaison" if kind == ReportKind.LEAD else "coop_liaison"]
    head = people["unit_head" if kind == ReportKind.LEAD else "coop_head"]
    report = report_submit(actor=liaison, task=task, text="进展", percent=100, state="done")
    assert report.kind == kind and report.status == REPORT_WORKFLOW.initial
    if state == ReportStatus.APPROVED:
        report = report_review(actor=head, report=report, action="approve")
    assert report.status == state
    return report


def _edges_by_kind():
    return [
        pytest.param(edge, kind, id=f"{kind}:{edge.source}-{edge.action}")
        for edge in REPORT_WORKFLOW.edges
        for kind in KINDS
    ]


@pytest.mark.parametrize(("edge", "kind"), _edges_by_kind())
def test_every_edge_is_taken_by_whom_it_names_and_refused_to_the_rest(
    edge: Edge, kind: str, kfq_task, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = _report_in(edge.source, kind, kfq_task, people)
    if edge.target == ReportStatus.SUPERSEDED:
        # only a closed task ends its open reports (closed here as the acceptance would)
        TaskState.objects.filter(task=kfq_task).update(closed_at=timezone.now())
        report = ProgressReport.objects.select_related("task__supervision").get(pk=report.pk)
    allowed = [name for name, user in people.items() if edge.allowed(user, report)]
    refused = [name for name in people if name not in allowed]
    assert allowed, f"nobody may take {edge}"
    assert "county_leader" in refused and "outsider" in refused and "auditor" in refused

    for name in refused:
        entries = AuditEntry.objects.count()
        with pytest.raises(PermissionDenied):
            report_review(actor=people[name], report=report, action=edge.action, comment="意见")
        report.refresh_from_db()
        assert report.status == edge.source, name
        assert AuditEntry.objects.count() == entries, name

    who = people[allowed[0]]
    fits = edge.when(report)
    assert (edge in REPORT_WORKFLOW.available(who, report)) == fits.allowed
    if not fits:  # a lead report is accepted, a contribution adopted: not the other way round
        with pytest.raises(ValidationError, match=str(fits.reason)):
            report_review(actor=who, report=report, action=edge.action, comment="意见")
        report.refresh_from_db()
        assert report.status == edge.source
        return
    taken = report_review(actor=who, report=report, action=edge.action, comment="意见")
    assert taken.status == edge.target
    entry = AuditEntry.objects.filter(
        target_type="supervision.progressreport", target_id=str(report.pk)
    ).latest("id")
    assert entry.verb == edge.verb and entry.actor == who
    assert entry.parent_type == "plans.task" and entry.parent_id == str(kfq_task.pk)
    assert entry.before == {"status": edge.source}
    assert entry.after == {"status": edge.target, "comment": "意见"}


def test_the_map_has_no_dead_end_and_someone_acts_on_every_open_state(
    kfq_task, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    assert REPORT_WORKFLOW.dead_ends() == set()
    assert set(REPORT_WORKFLOW.final_states) == {
        ReportStatus.ACCEPTED,
        ReportStatus.RETURNED,
        ReportStatus.WITHDRAWN,
        ReportStatus.SUPERSEDED,
    }
    open_states = [s for s in ReportStatus.values if s not in REPORT_WORKFLOW.final_states]
    for state in open_states:
        for kind in KINDS:
            report = _report_in(state, kind, kfq_task, people)
            actors = [n for n, u in people.items() if REPORT_WORKFLOW.available(u, report)]
            assert actors, (state, kind)
            # out of the way of the next one (a unit has one report under review at a time)
            ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    for state in REPORT_WORKFLOW.final_states:
        assert REPORT_WORKFLOW.edges_from(state) == []


def test_the_review_answers_in_the_same_order_as_before(kfq_report, people):
    """No part in the review → 403; a step that does not fit the stage → 400; the other
    reviewer's step → 403; a return without a comment → 400."""
    with pytest.raises(PermissionDenied, match="只有报送单位的负责人可以审核"):
        report_review(actor=people["coop_liaison"], report=kfq_report, action="accept")
    with pytest.raises(ValidationError, match="不适用"):  # its own liaison may only withdraw
        report_review(actor=people["lead_liaison"], report=kfq_report, action="accept")
    with pytest.raises(ValidationError, match="不适用"):
        report_review(actor=people["plan_office"], report=kfq_report, action="accept")
    with pytest.raises(PermissionDenied):
        report_review(actor=people["plan_office"], report=kfq_report, action="approve")
    with pytest.raises(ValidationError) as missing:
        report_review(actor=people["unit_head"], report=kfq_report, action="return")
    assert missing.value.message_dict == {"comment": ["退回时须填写意见。"]}
    accepted = report_review(actor=people["unit_head"], report=kfq_report, action="approve")
    accepted = report_review(actor=people["plan_office"], report=accepted, action="accept")
    with pytest.raises(ValidationError, match="当前状态为“已验收”，不能再审核"):
        report_review(actor=people["plan_office"], report=accepted, action="return", comment="x")


def test_the_audit_catalogue_holds_the_business_verbs(people):
    catalogue = verb_catalogue()
    for verb in SupervisionVerb:
        assert verb.value in catalogue and len(verb.value) <= 32
        assert verb_label(verb.value) == verb.label
    assert {e.verb for e in REPORT_WORKFLOW.edges} <= set(SupervisionVerb.values)
    assert verb_label("update") == "修改" and verb_label("no.such") == "no.such"
    client = Client()
    client.force_login(people["auditor"])
    page = client.get("/audit/").content.decode()
    assert 'value="report.approve"' in page and 'value="task.postpone"' in page
    assert client.get("/audit/", {"verb": "report.approve"}).status_code == 200


def test_the_timeline_reads_the_verbs(kfq_task, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    state = TaskState.objects.get(task=kfq_task)
    TaskState.objects.filter(pk=state.pk).update(due=dt.date(2022, 6, 30))
    report = report_submit(
        actor=people["lead_liaison"], task=kfq_task, text="进展", percent=40, state="in_progress"
    )
    report_review(actor=people["unit_head"], report=report, action="return", comment="请补充佐证")
    second = report_submit(
        actor=people["lead_liaison"],
        task=kfq_task,
        text="进展",
        percent=60,
        state="late",
        delay_reason="资金未到位",
    )
    report_review(actor=people["unit_head"], report=second, action="approve")
    task_postpone(
        actor=people["plan_office"], task=kfq_task, new_due=dt.date(2022, 7, 31), reason="用地报批"
    )
    created, *lines = timeline_for_task(kfq_task)
    assert (created.verb, created.text) == ("create", "新增 · 1月第2项：完成第二项。")  # the import
    texts = [(e.verb, e.text) for e in lines]
    assert texts == [
        ("report.submit", "报送进展：推进中 · 40%"),
        ("report.return", "退回：请补充佐证"),
        ("report.submit", "报送进展：滞后 · 60%"),
        ("report.approve", "审核通过"),
        ("task.progress", "更新任务进展：滞后 · 60%"),
        ("task.postpone", "延期至2022年7月31日（原2022年6月30日）：用地报批"),
    ]
    assert lines[1].subject == "开发区 · 牵头单位报告"
    assert lines[4].note == "滞后原因：资金未到位"
    postponed = AuditEntry.objects.get(verb="task.postpone")
    # only what changed: the deadline, and (it is later than 2022-06-30 today) the overdue mark
    assert postponed.before == {"due": "2022-06-30", "was_overdue": False}
    assert postponed.after == {"due": "2022-07-31", "was_overdue": True, "reason": "用地报批"}


def test_older_generic_entries_read_as_before(kfq_report, kfq_task, people):
    """Entries written before the business verbs: the verb, the object, the new status, and
    the reason on a line of its own — as the page showed them."""
    state = TaskState.objects.get(task=kfq_task)
    audit_record(
        actor=people["unit_head"],
        verb="update",
        target=kfq_report,
        parent=kfq_task,
        before={"status": "submitted"},
        after={"status": "approved", "action": "approve", "comment": ""},
    )
    audit_record(
        actor=people["plan_office"],
        verb="update",
        target=state,
        parent=kfq_task,
        before={"due": "2022-01-31", "was_overdue": False},
        after={"due": "2022-03-31", "was_overdue": False, "reason": "等待批复"},
    )
    old = [e for e in timeline_for_task(kfq_task) if e.verb == "update"]
    assert old[0].text.startswith("修改 · ") and old[0].text.endswith(" → 待督办验收")
    assert old[0].note == "" and old[0].subject == ""
    assert old[1].text.startswith("修改 · ") and old[1].note == "原因：等待批复"


def test_the_task_page_offers_each_person_its_own_steps(kfq_task, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = report_submit(
        actor=people["lead_liaison"], task=kfq_task, text="完成", percent=100, state="done"
    )
    contribution = report_submit(
        actor=people["coop_liaison"], task=kfq_task, text="配合", percent=100, state="done"
    )

    def page(name: str):
        user = people[name]
        return task_detail_page(user, task_get_for(user, kfq_task.pk))

    def steps(name: str) -> dict[int, list[str]]:
        return {row.report.pk: [s.action for s in row.actions] for row in page(name).reports}

    assert steps("unit_head") == {report.pk: ["approve", "return"], contribution.pk: []}
    assert steps("coop_head") == {report.pk: [], contribution.pk: ["approve", "return"]}
    assert steps("plan_office") == {report.pk: [], contribution.pk: []}
    # each liaison may withdraw its own unit's report until its head approves it
    assert steps("lead_liaison") == {report.pk: ["withdraw"], contribution.pk: []}
    assert steps("coop_liaison") == {report.pk: [], contribution.pk: ["withdraw"]}
    liaison = page("lead_liaison")
    # its report is under review: no second one meanwhile
    assert not liaison.may.report and not liaison.may.adjust
    assert liaison.report_label == "报送进展"
    assert page("coop_liaison").report_label == "报送配合情况"
    office = page("plan_office")
    assert office.may.postpone and office.may.reassign and office.may.split and office.may.adjust
    assert not office.may.report and office.colour in ("red", "yellow", "green")

    report_review(actor=people["unit_head"], report=report, action="approve")
    report_review(actor=people["coop_head"], report=contribution, action="approve")
    # the plan office accepts the lead report; a contribution goes to the lead unit, which
    # adopts it or sends it back — the plan office may too
    assert steps("plan_office") == {
        report.pk: ["accept", "return"],
        contribution.pk: ["adopt", "return"],
    }
    assert steps("unit_head") == {report.pk: [], contribution.pk: ["adopt", "return"]}
    assert steps("lead_liaison") == {report.pk: [], contribution.pk: ["adopt", "return"]}
    assert steps("coop_liaison") == {report.pk: [], contribution.pk: []}

    client = Client()
    client.force_login(people["plan_office"])
    html = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    assert f'id="accept-{report.pk}"' in html and f'id="return-{report.pk}"' in html
    assert f'id="approve-{report.pk}"' not in html
    assert 'data-verb="report.approve"' in html  # the timeline reads the verb
    detail = client.get(f"/api/v1/supervision/tasks/{kfq_task.pk}").json()
    rows = {r["id"]: [a["action"] for a in r["actions"]] for r in detail["reports"]}
    assert rows == {report.pk: ["accept", "return"], contribution.pk: ["adopt", "return"]}
    assert detail["actions"] == {
        "report": False,
        "adjust": True,
        "postpone": True,
        "reassign": True,
        "split": True,
    }
    assert [e["text"] for e in detail["timeline"]].count("审核通过") == 2


def test_the_inbox_offers_the_sheet_to_liaisons_only(people, small_plan):
    for name, offered in (("lead_liaison", True), ("unit_head", False), ("plan_office", False)):
        client = Client()
        client.force_login(people[name])
        html = client.get("/supervision/").content.decode()
        assert (reverse("supervision:progress_sheet") in html) == offered, name


def test_reports_still_close_the_task_through_the_map(kfq_report, people):
    approved = report_review(actor=people["unit_head"], report=kfq_report, action="approve")
    report_review(actor=people["plan_office"], report=approved, action="accept")
    state = TaskState.objects.get(task=kfq_report.task)
    assert state.closed_at is not None and state.closed_at <= timezone.now()
    close = AuditEntry.objects.get(verb="task.close")
    assert close.after["closed_on_time"] in (True, False) and close.after["report"] == kfq_report.pk
