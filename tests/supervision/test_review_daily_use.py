"""Issue 11, items 1–4: a cooperating unit's report reaches the lead unit (and the plan office)
and is taken up; a returned report leaves the task as it was before it and its unit is told;
one report of a unit under review at a time, withdrawn before its head approves it; what is
still open when the task closes ends with it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gongye.audit.models import AuditEntry
from gongye.notifications.models import Notification
from gongye.supervision.choices import ReportStatus, TaskProgressState
from gongye.supervision.models import TaskState
from gongye.supervision.selectors import (
    contributions_waiting_for,
    inbox_for,
    reports_returned_to,
    reports_to_review_for,
)
from gongye.supervision.services import report_review, report_submit
from tests.conftest import HUOSHAN, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(persona, org):
    return {
        "liaison": persona("lead_liaison"),
        "head": persona("unit_head"),
        "office": persona("plan_office"),
        "coop": persona("coop_liaison"),
        "coop_head": make_user("coop_head", "衡山镇负责人", "unit_head", HUOSHAN, "衡山镇"),
        "leader": persona("county_leader"),
    }


def _state(task) -> tuple[str, int, str]:
    s = TaskState.objects.get(task=task)
    return (s.state, s.percent, s.delay_reason)


def _approved(people, task, *, percent, state, reason="", who="liaison", head="head"):
    report = report_submit(
        actor=people[who], task=task, text="进展", percent=percent, state=state, delay_reason=reason
    )
    return report_review(actor=people[head], report=report, action="approve")


def test_a_contribution_reaches_the_lead_unit_and_the_plan_office_and_is_taken_up(kfq_task, people):
    contribution = _approved(
        people, kfq_task, percent=100, state="done", who="coop", head="coop_head"
    )
    assert contribution.status == ReportStatus.APPROVED
    assert contribution.status_label == "待牵头单位采纳"
    # the lead unit's liaison and head find it in 待我审核; the plan office sees it waiting
    for name in ("liaison", "head"):
        assert list(reports_to_review_for(people[name])) == [contribution], name
    assert list(contributions_waiting_for(people["office"])) == [contribution]
    assert list(reports_to_review_for(people["office"])) == []  # its own queue: lead reports
    assert list(reports_to_review_for(people["coop"])) == []  # not the lead unit

    adopted = report_review(actor=people["liaison"], report=contribution, action="adopt")
    assert adopted.status == ReportStatus.ACCEPTED and adopted.status_label == "已采纳"
    assert list(reports_to_review_for(people["liaison"])) == []
    assert list(contributions_waiting_for(people["office"])) == []
    # taking up a contribution does not change the task: the lead unit's report speaks for it
    assert _state(kfq_task) == (TaskProgressState.NOT_STARTED, 0, "")
    assert AuditEntry.objects.filter(verb="report.adopt", target_id=str(adopted.pk)).exists()


def test_the_plan_office_may_take_up_or_return_a_contribution_the_lead_unit_left(kfq_task, people):
    contribution = _approved(
        people, kfq_task, percent=50, state="in_progress", who="coop", head="coop_head"
    )
    returned = report_review(
        actor=people["office"], report=contribution, action="return", comment="请写明配合事项"
    )
    assert returned.status == ReportStatus.RETURNED
    assert list(reports_returned_to(people["coop"])) == [returned]


def test_a_returned_report_leaves_the_task_as_it_was_before_it(kfq_task, people):
    first = _approved(people, kfq_task, percent=30, state="late", reason="资金未到位")
    report_review(actor=people["office"], report=first, action="accept")  # 确认进展
    assert _state(kfq_task) == (TaskProgressState.LATE, 30, "资金未到位")

    second = _approved(people, kfq_task, percent=60, state="in_progress")
    assert _state(kfq_task) == (TaskProgressState.IN_PROGRESS, 60, "")
    report_review(actor=people["office"], report=second, action="return", comment="佐证不足")
    # the return undoes the approval: the task stands where the first report left it
    assert _state(kfq_task) == (TaskProgressState.LATE, 30, "资金未到位")
    restore = AuditEntry.objects.get(verb="task.progress_restore")
    assert restore.after["report"] == second.pk and restore.after["from_report"] == first.pk
    assert restore.before["percent"] == 60 and restore.after["percent"] == 30


def test_a_return_with_no_earlier_report_goes_back_to_the_start(kfq_task, people):
    only = _approved(people, kfq_task, percent=60, state="in_progress")
    report_review(actor=people["office"], report=only, action="return", comment="请补充")
    state = TaskState.objects.get(task=kfq_task)
    assert (state.state, state.percent, state.last_reported_at) == ("not_started", 0, None)


def test_the_liaison_is_told_of_a_return_and_sees_it_in_the_inbox(kfq_task, people):
    report = report_submit(
        actor=people["liaison"], task=kfq_task, text="进展", percent=40, state="in_progress"
    )
    report_review(actor=people["head"], report=report, action="return", comment="请附照片")
    note = Notification.objects.get(rule="report_returned")
    assert (note.unit.name, note.audience, note.subject_id) == ("开发区", "liaison", str(report.pk))
    assert "请附照片" in note.body and note.link == f"/supervision/tasks/{kfq_task.pk}/"
    assert note.deliveries.get().channel == "in_app"
    inbox = inbox_for(people["liaison"])
    assert [r.pk for r in inbox["returned"]] == [report.pk]
    client = Client()
    client.force_login(people["liaison"])
    html = client.get("/supervision/").content.decode()
    assert 'id="returned"' in html and "请附照片" in html
    assert "请附照片" in client.get(reverse("notifications:notification_list")).content.decode()
    # a newer report of the unit on that task takes it off the list
    report_submit(
        actor=people["liaison"], task=kfq_task, text="已补充", percent=50, state="in_progress"
    )
    assert list(reports_returned_to(people["liaison"])) == []


def test_one_report_under_review_at_a_time_and_a_withdrawal_undoes_nothing(kfq_task, people):
    first = report_submit(
        actor=people["liaison"], task=kfq_task, text="进展", percent=40, state="in_progress"
    )
    with pytest.raises(ValidationError, match="已有一份报告在审核中（待单位审核）"):
        report_submit(
            actor=people["liaison"], task=kfq_task, text="更正", percent=45, state="in_progress"
        )
    client = Client()
    client.force_login(people["liaison"])
    page = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    assert 'id="report-waiting"' in page and 'id="report-link"' not in page
    assert f'id="withdraw-{first.pk}"' in page
    # the form itself sends the liaison back to the task page, saying why
    assert client.get(f"/supervision/tasks/{kfq_task.pk}/report/").status_code == 302

    withdrawn = report_review(actor=people["liaison"], report=first, action="withdraw")
    assert withdrawn.status == ReportStatus.WITHDRAWN
    assert _state(kfq_task) == (TaskProgressState.NOT_STARTED, 0, "")
    assert list(reports_to_review_for(people["head"])) == []
    again = report_submit(
        actor=people["liaison"], task=kfq_task, text="更正", percent=45, state="in_progress"
    )
    # once its head approved it, a report is no longer the liaison's to withdraw
    approved = report_review(actor=people["head"], report=again, action="approve")
    with pytest.raises(ValidationError, match="不适用"):
        report_review(actor=people["liaison"], report=approved, action="withdraw")
    # another unit's report (its own unit's duty is cooperating) is never a liaison's to withdraw
    contribution = report_submit(
        actor=people["coop"], task=kfq_task, text="配合", percent=10, state="in_progress"
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_review(actor=people["liaison"], report=contribution, action="withdraw")


def test_what_is_still_open_when_the_task_closes_ends_with_it(kfq_task, people):
    contribution = report_submit(
        actor=people["coop"], task=kfq_task, text="配合", percent=10, state="in_progress"
    )
    done = _approved(people, kfq_task, percent=100, state="done")
    client = Client()
    client.force_login(people["office"])
    page = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    assert f'id="accept-{done.pk}"' in page and "验收办结" in page
    report_review(actor=people["office"], report=done, action="accept")
    contribution.refresh_from_db()
    assert contribution.status == ReportStatus.SUPERSEDED
    assert TaskState.objects.get(task=kfq_task).closed_at is not None
    entry = AuditEntry.objects.get(verb="report.supersede")
    assert entry.after["closed_by_report"] == done.pk and entry.actor == people["office"]
    # nothing is left for anyone to act on
    for user in people.values():
        assert list(reports_to_review_for(user)) == []


def test_progress_is_confirmed_not_accepted(kfq_task, people):
    report = _approved(people, kfq_task, percent=40, state="in_progress")
    client = Client()
    client.force_login(people["office"])
    page = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    assert f'id="accept-{report.pk}"' in page and "确认进展" in page and "验收办结" not in page
    confirmed = report_review(actor=people["office"], report=report, action="accept")
    assert confirmed.status == ReportStatus.ACCEPTED
    assert TaskState.objects.get(task=kfq_task).closed_at is None


def test_the_timeline_says_what_changed_and_names_the_actor_once(kfq_task, people):
    from gongye.plans.services import task_reassign

    task_reassign(
        actor=people["office"],
        task=kfq_task,
        lead_units=["科技经信局"],
        cooperating_units=["开发区"],
        reason="职能调整",
    )
    client = Client()
    client.force_login(people["office"])
    html = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    assert "调整责任单位：牵头 开发区 → 科技经信局；配合 相关乡镇 → 开发区" in html
    assert "原因：职能调整" in html
    name = people["office"].display_name
    assert f"{name}（科技经信局）" in html and "（科技经信局）（科技经信局）" not in html


def test_the_task_page_shows_the_latest_history_and_links_to_the_whole(kfq_task, people):
    """A task refiled many times opens quickly: every open report, the 20 latest closed ones
    and timeline events, and a link to the whole history (issue 10's load: the page grew with
    every withdrawn report)."""
    from gongye.supervision.views.tasks import TASK_PAGE_SHOWN

    withdrawn = []
    for i in range(TASK_PAGE_SHOWN + 3):
        report = report_submit(
            actor=people["liaison"], task=kfq_task, text=f"第{i}次", percent=10, state="in_progress"
        )
        withdrawn.append(report_review(actor=people["liaison"], report=report, action="withdraw"))
    still_open = report_submit(
        actor=people["liaison"], task=kfq_task, text="待审", percent=20, state="in_progress"
    )
    client = Client()
    client.force_login(people["office"])
    page = client.get(f"/supervision/tasks/{kfq_task.pk}/").content.decode()
    shown = page.count('class="badge')
    assert f"第{TASK_PAGE_SHOWN + 2}次" in page and "待审" in page  # the newest, and the open one
    assert "第0次" not in page and "第2次" not in page  # the oldest left out …
    assert 'id="reports-hidden"' in page and "另有 3 份较早的报告未显示" in page
    events = page.count("<li data-verb=")
    assert events == TASK_PAGE_SHOWN
    assert 'id="timeline-hidden"' in page
    whole = client.get(f"/supervision/tasks/{kfq_task.pk}/?all=1").content.decode()
    assert "第0次" in whole and 'id="reports-hidden"' not in whole
    # every event: each submission and withdrawal, the open report's submission, and what
    # happened to the task before
    from gongye.supervision.timeline import timeline_count

    assert whole.count("<li data-verb=") == timeline_count(kfq_task) >= 2 * len(withdrawn) + 1
    assert whole.count('class="badge') > shown
    assert still_open.status == ReportStatus.SUBMITTED
