"""The 督办 API end to end (issue 4, item 8): report with a PDF, the unit head approves, the plan
office accepts, the task closes and turns green; the township liaison sees nothing of it."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.audit.models import AuditEntry
from gongye.plans.models import Task
from gongye.plans.services import task_reassign
from gongye.supervision.models import Evidence, ProgressReport, TaskState
from tests.conftest import PASSWORD

from .conftest import API, PDF


def _token_client(username: str) -> Client:
    token = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 200, token.content
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")


def test_report_approve_accept_closes_the_task_and_turns_it_green(
    kfq_task,
    lead_liaison,
    unit_head,
    plan_office,
    coop_liaison,
    login,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    task = kfq_task  # lead 开发区, due 2023-03-31: long overdue, so red
    office = login(plan_office)
    listed = {t["id"]: t for t in office.get(f"{API}/tasks").json()}
    assert listed[task.pk]["colour"] == "red" and listed[task.pk]["colour_label"] == "红"

    liaison = _token_client("lead_liaison")  # the API as a client program would use it
    with django_capture_on_commit_callbacks(execute=True):  # the file follows the commit
        response = liaison.post(
            f"{API}/tasks/{task.pk}/reports",
            {
                "text": "项目已竣工投产。",
                "percent": "100",
                "state": "done",
                "files": [SimpleUploadedFile("竣工验收报告.pdf", PDF, content_type="text/plain")],
            },
        )
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["kind"], report["status"], report["percent"]) == ("lead", "submitted", 100)
    assert report["created_by_name"] == lead_liaison.display_name
    [evidence] = report["evidence"]
    # the type is decided by the bytes, not by the content type the client claimed
    assert evidence["content_type"] == "application/pdf" and evidence["name"] == "竣工验收报告.pdf"
    assert Evidence.objects.get(pk=evidence["id"]).file.read() == PDF
    assert login(lead_liaison).get(evidence["url"]).status_code == 200

    # a township liaison: the task is not its business (404), nor is its report (404)
    township = login(coop_liaison)
    assert township.get(f"{API}/tasks/{task.pk}").status_code == 404
    assert task.pk not in [t["id"] for t in township.get(f"{API}/tasks").json()]
    denied = township.post(f"{API}/reports/{report['id']}/review", {"action": "approve"})
    assert denied.status_code == 404
    # its own liaison takes part (it may withdraw), but approving is its head's step (403)
    own = login(lead_liaison).post(f"{API}/reports/{report['id']}/review", {"action": "approve"})
    assert own.status_code == 403 and "负责人" in own.json()["detail"]

    # the plan office cannot skip the unit head
    early = office.post(f"{API}/reports/{report['id']}/review", {"action": "accept"})
    assert early.status_code == 400 and "不适用" in early.json()["detail"]

    head = login(unit_head)
    inbox = head.get(f"{API}/inbox").json()
    assert [r["id"] for r in inbox["to_review"]] == [report["id"]]
    approved = head.post(
        f"{API}/reports/{report['id']}/review", {"action": "approve", "comment": "同意上报。"}
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert approved.json()["approved_by_name"] == unit_head.display_name

    assert [r["id"] for r in office.get(f"{API}/inbox").json()["to_review"]] == [report["id"]]
    accepted = office.post(
        f"{API}/reports/{report['id']}/review",
        {"action": "accept"},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"

    state = TaskState.objects.get(task=task)
    assert state.closed_at is not None and state.state == "done" and state.percent == 100
    assert state.closed_on_time is False  # closed after its 2023 deadline
    green = office.get(f"{API}/tasks", {"colour": "green"}).json()
    assert task.pk in [t["id"] for t in green]
    assert task.pk not in [t["id"] for t in office.get(f"{API}/tasks?colour=red").json()]
    detail = login(lead_liaison).get(f"{API}/tasks/{task.pk}").json()
    assert detail["task"]["colour"] == "green" and detail["task"]["closed_at"]
    assert detail["task"]["my_duty"] == "lead"
    assert [r["status"] for r in detail["reports"]] == ["accepted"]
    # every step on the timeline: who and when
    steps = [(e["actor_name"], e["verb"], e["target_type"]) for e in detail["timeline"]]
    assert (lead_liaison.display_name, "report.submit", "supervision.progressreport") in steps
    assert (unit_head.display_name, "report.approve", "supervision.progressreport") in steps
    assert (plan_office.display_name, "report.accept", "supervision.progressreport") in steps
    assert (plan_office.display_name, "task.close", "supervision.taskstate") in steps
    texts = [e["text"] for e in detail["timeline"]]
    assert "审核通过：同意上报。" in texts and "验收办结（逾期）" in texts
    assert (
        AuditEntry.objects.filter(
            target_type="supervision.progressreport", target_id=str(report["id"]), channel="api"
        ).count()
        == 3
    )

    # a closed task takes no more review
    again = office.post(
        f"{API}/reports/{report['id']}/review", {"action": "return", "comment": "x"}
    )
    assert again.status_code == 400 and "已验收" in again.json()["detail"]


def test_returning_needs_a_comment_and_lands_with_the_liaison(
    tasks, lead_liaison, unit_head, login
):
    task = tasks["two"]
    report = login(lead_liaison).post(
        f"{API}/tasks/{task.pk}/reports",
        {"text": "进展缓慢。", "percent": 30, "state": "late", "delay_reason": "资金未到位"},
    )
    assert report.status_code == 201 and report.json()["evidence"] == []
    head = login(unit_head)
    url = f"{API}/reports/{report.json()['id']}/review"
    missing = head.post(url, {"action": "return"})
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"comment": ["退回时须填写意见。"]}
    returned = head.post(url, {"action": "return", "comment": "请补充资金到位计划。"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["review_comment"] == "请补充资金到位计划。"
    assert (
        TaskState.objects.get(task=task).state == "not_started"
    )  # a returned report changes nothing


def test_a_cooperating_unit_files_a_contribution_its_lead_head_cannot_approve(
    tasks, plan_office, coop_liaison, unit_head, login
):
    # the group 相关乡镇 holds the duty in the plan; give 衡山镇 a duty of its own
    task_reassign(
        actor=plan_office,
        task=tasks["two"],
        lead_units=["开发区"],
        cooperating_units=["衡山镇"],
        reason="明确配合乡镇",
    )
    township = login(coop_liaison)
    detail = township.get(f"{API}/tasks/{tasks['two'].pk}").json()
    assert detail["task"]["my_duty"] == "cooperating" and detail["actions"]["report"] is True
    response = township.post(
        f"{API}/tasks/{tasks['two'].pk}/reports",
        {"text": "已协调用地。", "percent": 50, "state": "in_progress"},
    )
    assert response.status_code == 201 and response.json()["kind"] == "contribution"
    denied = login(unit_head).post(
        f"{API}/reports/{response.json()['id']}/review", {"action": "approve"}
    )
    assert denied.status_code == 403 and denied.json()["detail"] == "只能审核本单位的报告。"


def test_a_township_acts_for_the_group_that_holds_the_duty(tasks, coop_liaison, login):
    """Task 2 names the group 相关乡镇 as cooperating: 衡山镇, a member, sees it as its own
    cooperating duty and files a contribution (not a lead report)."""
    township = login(coop_liaison)
    detail = township.get(f"{API}/tasks/{tasks['two'].pk}")
    assert detail.status_code == 200 and detail.json()["task"]["my_duty"] == "cooperating"
    assert township.get(f"{API}/tasks/{tasks['one'].pk}").status_code == 404
    response = _submit(township, tasks["two"])
    assert response.status_code == 201 and response.json()["kind"] == "contribution"
    assert response.json()["unit_name"] == "衡山镇"


def test_plan_office_postpones_reassigns_and_splits(tasks, plan_office, login):
    office = login(plan_office)
    one, two = tasks["one"], tasks["two"]
    postponed = office.post(
        f"{API}/tasks/{two.pk}/postpone", {"new_due": "2022-06-30", "reason": "资金延后到位"}
    )
    assert postponed.status_code == 200, postponed.content
    body = postponed.json()
    assert body["due"] == "2022-06-30" and body["original_due"] == "2022-01-31"
    assert body["was_overdue"] is True
    entry = AuditEntry.objects.filter(target_type="supervision.taskstate").latest("id")
    assert entry.after["reason"] == "资金延后到位" and entry.before["due"] == "2022-01-31"

    reassigned = office.post(
        f"{API}/tasks/{one.pk}/reassign",
        {
            "lead_units[]": ["开发区", "科技经信局"],
            "cooperating_units[]": ["衡山镇"],
            "reason": "调整",
        },
    )
    assert reassigned.status_code == 200, reassigned.content
    assert reassigned.json()["lead_units"] == ["开发区", "科技经信局"]
    assert reassigned.json()["cooperating_units"] == ["衡山镇"]

    split = office.post(
        f"{API}/tasks/{one.pk}/split",
        {
            "parts": [
                {"text": "完成前半部分。", "due": "2022-03-31"},
                {"text": "完成后半部分。", "lead_units": ["科技经信局"]},
            ],
            "reason": "分阶段推进",
        },
        content_type="application/json",
    )
    assert split.status_code == 201, split.content
    parts = split.json()
    assert [p["text"] for p in parts] == ["完成前半部分。", "完成后半部分。"]
    assert parts[0]["due"] == "2022-03-31" and parts[0]["split_from"] == one.pk
    assert parts[1]["lead_units"] == ["科技经信局"]
    assert not Task.objects.get(pk=one.pk).is_active
    # the withdrawn original is gone from the lists, and out of reach
    assert office.get(f"{API}/tasks/{one.pk}").status_code == 404


def test_filters_of_the_task_list(tasks, plan_office, lead_liaison, unit, login):
    office = login(plan_office)
    kfq = unit("开发区").pk
    lead = office.get(f"{API}/tasks", {"unit": kfq, "role": "lead"}).json()
    assert [t["id"] for t in lead] == [tasks["two"].pk]
    coop = office.get(f"{API}/tasks", {"unit": kfq, "role": "cooperating"}).json()
    assert [t["id"] for t in coop] == [tasks["one"].pk]
    assert len(office.get(f"{API}/tasks", {"month": 1, "state": "not_started"}).json()) == 2
    assert office.get(f"{API}/tasks", {"month": 2}).json() == []
    # a filter given empty is refused like any other wrong value (issue 10, item 14)
    assert office.get(f"{API}/tasks", {"colour": "", "month": ""}).status_code == 400
    mine = login(lead_liaison).get(f"{API}/tasks").json()
    assert {t["id"]: t["my_duty"] for t in mine} == {
        tasks["one"].pk: "cooperating",
        tasks["two"].pk: "lead",
    }
    inbox = login(lead_liaison).get(f"{API}/inbox").json()
    assert inbox["counts"] == {"red": 2, "yellow": 0, "green": 0}
    assert inbox["totals"]["total"] == 2 and inbox["totals"]["lead"] == 1
    assert [t["id"] for t in inbox["lead"]] == [tasks["two"].pk]
    assert {t["id"] for t in inbox["overdue"]} == {tasks["one"].pk, tasks["two"].pk}


def test_lists_cost_the_same_number_of_queries_with_more_data(
    tasks, plan_office, lead_liaison, unit_head, login, request
):
    clients = [login(plan_office), login(lead_liaison), login(unit_head)]
    urls = [f"{API}/inbox", f"{API}/tasks"]

    def counts() -> list[int]:
        numbers = []
        for client in clients:
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                numbers.append(len(queries))
        return numbers

    counts()  # the first call of a session loads it and warms caches
    small = counts()
    for task in request.getfixturevalue("kfq_tasks")[:5]:  # three times the tasks, with reports
        _submit(clients[1], task)
    assert counts() == small


# ----- odd input: always a 400 (or 404) with a Chinese message, never a 500 -----


def _submit(client, task, **data):
    payload = {"text": "进展。", "percent": 50, "state": "in_progress", **data}
    return client.post(
        f"{API}/tasks/{task.pk}/reports", {k: v for k, v in payload.items() if v is not None}
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"percent": "abc"}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"percent": "50.5"}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"percent": "150"}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"percent": "-1"}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"percent": ""}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"percent": "9" * 2000}, "percent", "完成百分比应为 0 到 100 之间的整数。"),
        ({"text": None}, "text", "请填写工作进展。"),
        ({"text": "   "}, "text", "请填写工作进展。"),
        ({"state": "finished"}, "state", "状态应为 not_started（未开始）"),
        ({"state": None}, "state", "状态应为 not_started（未开始）"),
        ({"state": "late"}, "delay_reason", "状态为“滞后”时须说明原因。"),
        ({"state": "done", "percent": "90"}, "percent", "状态为“已完成”时，完成百分比应为 100。"),
        ({"files": "not-a-file"}, "files[0]", ""),
        (
            {"files": SimpleUploadedFile("空.pdf", b"")},
            "files",
            "佐证材料“空.pdf”是空文件。",
        ),
        (
            {"files": SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"\0" * 400)},
            "files",
            "佐证材料“报告.pdf”的内容不是图片、PDF、Word 或 Excel 文件",
        ),
    ],
    ids=[
        "percent-word",
        "percent-fraction",
        "percent-over",
        "percent-negative",
        "percent-empty",
        "percent-huge",
        "text-missing",
        "text-blank",
        "state-unknown",
        "state-missing",
        "late-no-reason",
        "done-not-100",
        "files-string",
        "files-empty-file",
        "files-exe-named-pdf",
    ],
)
def test_bad_report_input_is_a_400_in_chinese(tasks, lead_liaison, login, data, field, message):
    response = _submit(login(lead_liaison), tasks["two"], **data)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]
    assert message in body["detail"]
    assert ProgressReport.objects.count() == 0


def test_files_under_either_name_and_an_empty_list_are_fine(tasks, lead_liaison, login):
    client = login(lead_liaison)

    def withdraw(response) -> None:
        # one report of a unit under review at a time: each is withdrawn before the next
        done = client.post(f"{API}/reports/{response.json()['id']}/review", {"action": "withdraw"})
        assert done.status_code == 200 and done.json()["status"] == "withdrawn"

    first = _submit(client, tasks["two"])
    assert first.json()["evidence"] == []
    second = _submit(client, tasks["two"])
    assert second.status_code == 400 and "审核中" in second.json()["detail"]
    withdraw(first)
    both = _submit(
        client,
        tasks["two"],
        **{
            "files[]": [
                SimpleUploadedFile("a.pdf", PDF),
                SimpleUploadedFile("b.pdf", PDF),
            ]
        },
    )
    assert both.status_code == 201 and len(both.json()["evidence"]) == 2
    withdraw(both)
    as_json = client.post(
        f"{API}/tasks/{tasks['two'].pk}/reports",
        {"text": "进展。", "percent": 10, "state": "in_progress", "files": []},
        content_type="application/json",
    )
    assert as_json.status_code == 201


def test_an_oversized_evidence_file_is_refused_before_it_is_read(
    tasks, lead_liaison, login, settings
):
    settings.GONGYE_EVIDENCE_MAX_BYTES = 100
    response = _submit(
        login(lead_liaison), tasks["two"], files=SimpleUploadedFile("大.pdf", PDF + b"\0" * 200)
    )
    assert response.status_code == 400
    assert response.json()["errors"]["files"] == ["佐证材料“大.pdf”超过 0 MB，请压缩后再上传。"]


def test_odd_requests_on_every_write(tasks, lead_liaison, unit_head, plan_office, login):
    liaison, head, office = login(lead_liaison), login(unit_head), login(plan_office)
    two = tasks["two"]
    report = _submit(liaison, two).json()
    review = f"{API}/reports/{report['id']}/review"
    cases = [
        # (client, url, data, json?, status, message in detail)
        (liaison, f"{API}/tasks/999999/reports", {"text": "x"}, False, 404, "未找到"),
        (liaison, f"{API}/tasks/{two.pk}/reports", "{not json", True, 400, ""),
        (liaison, f"{API}/tasks/{two.pk}/reports", [1, 2], True, 400, ""),
        (head, f"{API}/reports/999999/review", {"action": "approve"}, False, 404, "未找到"),
        (head, review, {}, False, 400, "操作应为 approve（审核通过）"),
        (head, review, {"action": "delete"}, False, 400, "操作应为 approve（审核通过）"),
        (head, review, {"action": "accept"}, False, 400, "不适用"),
        (office, f"{API}/tasks/999999/postpone", {}, False, 404, "未找到"),
        (office, f"{API}/tasks/{two.pk}/postpone", {}, False, 400, "请填写新的完成时限"),
        (
            office,
            f"{API}/tasks/{two.pk}/postpone",
            {"new_due": "2022-13-45", "reason": "x"},
            False,
            400,
            "日期应为 YYYY-MM-DD 格式",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/postpone",
            {"new_due": "下个月", "reason": "x"},
            False,
            400,
            "日期应为 YYYY-MM-DD 格式",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/postpone",
            {"new_due": "2022-06-30"},
            False,
            400,
            "延期须说明原因。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/postpone",
            {"new_due": "2021-12-31", "reason": "x"},
            False,
            400,
            "新的完成时限应晚于当前时限。",
        ),
        (office, f"{API}/tasks/{two.pk}/reassign", {"reason": "x"}, False, 400, "请填写单位名称"),
        (
            office,
            f"{API}/tasks/{two.pk}/reassign",
            {"lead_units": [], "reason": "x"},
            True,
            400,
            "至少需要一个牵头单位。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/reassign",
            {"lead_units": "开发区", "reason": "x"},
            True,
            400,
            "请填写单位名称列表。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/reassign",
            {"lead_units": ["不存在的局"], "reason": "x"},
            True,
            400,
            "单位“不存在的局”不在本区划的单位名录中。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/reassign",
            {"lead_units": ["开发区"], "reason": " "},
            True,
            400,
            "调整责任单位须说明原因。",
        ),
        (office, f"{API}/tasks/{two.pk}/split", {"reason": "x"}, True, 400, "请以列表形式"),
        (
            office,
            f"{API}/tasks/{two.pk}/split",
            {"parts": "abc", "reason": "x"},
            True,
            400,
            "请以列表形式",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/split",
            {"parts": [{"text": "只有一项"}], "reason": "x"},
            True,
            400,
            "拆分至少需要两项。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/split",
            {"parts": [{"text": "甲"}, {"due": "2022-02-30"}], "reason": "x"},
            True,
            400,
            "每一项都须填写工作内容。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/split",
            {"parts": [{"text": "甲"}, {"text": "乙", "lead_units": ["无此单位"]}], "reason": "x"},
            True,
            400,
            "单位“无此单位”不在本区划的单位名录中。",
        ),
        (
            office,
            f"{API}/tasks/{two.pk}/split",
            {"parts": [{"text": "甲"}, {"text": "乙"}], "reason": ""},
            True,
            400,
            "拆分任务须说明原因。",
        ),
        (office, f"{API}/tasks/{two.pk}/split", "[[", True, 400, ""),
    ]
    failures = []
    for client, url, data, as_json, expected, message in cases:
        if as_json:
            payload = data if isinstance(data, str) else json.dumps(data)
            response = client.post(url, payload, content_type="application/json")
        else:
            response = client.post(url, data)
        body = response.json()
        if response.status_code != expected or message not in body.get("detail", ""):
            failures.append(f"{url} {data!r}: {response.status_code} {body}")
    assert not failures, "\n".join(failures)
    # a split part with a malformed date names the part and the field
    bad_date = office.post(
        f"{API}/tasks/{two.pk}/split",
        {"parts": [{"text": "甲"}, {"text": "乙", "due": "2022-02-30"}], "reason": "x"},
        content_type="application/json",
    )
    assert bad_date.status_code == 400
    assert bad_date.json()["errors"] == {
        "parts[1].due": ["日期应为 YYYY-MM-DD 格式，例如 2022-03-31。"]
    }
    assert Task.objects.filter(parent=two).count() == 0
    assert TaskState.objects.get(task=two).due.isoformat() == "2022-01-31"


@pytest.mark.parametrize(
    "query",
    ["colour=purple", "month=13", "month=abc", "unit=abc", "unit=-1", "role=boss", "state=x"],
)
def test_bad_filters_are_a_400(tasks, plan_office, login, query):
    response = login(plan_office).get(f"{API}/tasks?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["detail"]


def test_unknown_paths_and_methods(tasks, plan_office, login):
    office = login(plan_office)
    assert office.get(f"{API}/tasks/abc").status_code == 404
    assert office.get(f"{API}/tasks/999999").json()["code"] == "not_found"
    assert office.delete(f"{API}/tasks/{tasks['two'].pk}").status_code == 405
    assert office.get(f"{API}/reports/1/review").status_code == 405


def test_anonymous_callers_get_401(tasks):
    client = Client()
    for method, url in [
        ("get", f"{API}/inbox"),
        ("get", f"{API}/tasks"),
        ("get", f"{API}/tasks/{tasks['two'].pk}"),
        ("post", f"{API}/tasks/{tasks['two'].pk}/reports"),
        ("post", f"{API}/reports/1/review"),
        ("get", f"{API}/progress-sheet"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 401, url
        assert response.json()["detail"]
