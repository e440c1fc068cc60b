"""Bulk update by spreadsheet (issue 4, item 6): the unit's sheet, filled and uploaded; every
row checked first; all reports written in one transaction, or none."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from gongye.audit.models import AuditEntry
from gongye.plans.services import task_reassign
from gongye.supervision import bulk
from gongye.supervision.models import ProgressReport
from gongye.supervision.services import report_review, report_submit

from .conftest import API, PDF, SHEET_FILE, SHEET_PAGE, fill_sheet, sheet_rows


def _upload(client, content: bytes, name: str = "进展报送表.xlsx", url: str = SHEET_PAGE):
    field = "sheet" if url == SHEET_PAGE else "file"
    return client.post(url, {field: SimpleUploadedFile(name, content)})


def _problems(response) -> list[tuple[int | None, str | None, str]]:
    """(row, column letter, message) from the API answer."""
    return [(p["row"], p["column"], p["message"]) for p in response.json()["problems"]]


def test_sheet_lists_the_units_open_lead_tasks_with_a_state_drop_down(
    login, lead_liaison, kfq_tasks
):
    response = login(lead_liaison).get(SHEET_FILE)
    assert response.status_code == 200
    assert response["Content-Type"] == bulk.XLSX_CONTENT_TYPE
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["进展报送"]
    assert [c.value for c in sheet[2]] == bulk.HEADERS
    rows = sheet_rows(response.content)
    # the five lead duties, not the task 开发区 only cooperates on
    assert [r[0] for r in rows] == [t.pk for t in kfq_tasks[:5]]
    assert rows[0][1] == "3月" and rows[0][2] == "第一项工作。"
    assert rows[0][4] == "未开始" and rows[0][5] == 0
    assert all(r[6:] == (None, None, None, None) for r in rows)
    lists = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"未开始,推进中,已完成,滞后"'
    assert "I3:I7" in str(lists[0].sqref)
    assert sheet.protection.sheet
    assert sheet["A3"].protection.locked and not sheet["G3"].protection.locked
    assert "填写说明" in book.sheetnames
    entry = AuditEntry.objects.get(verb="export", target_type="supervision.progresssheet")
    assert entry.actor == lead_liaison and entry.unit_name == "开发区"


def test_round_trip_creates_reports_through_the_service_and_audits(login, lead_liaison, kfq_tasks):
    client = login(lead_liaison)
    content = client.get(SHEET_FILE).content
    first, second, third = kfq_tasks[:3]
    filled = fill_sheet(
        content,
        {
            first.pk: ("完成厂房主体施工。", 60, "推进中", None),
            second.pk: ("设备全部到位，已投产。", "100%", "已完成", None),
            third.pk: ("用地指标未落实。", 20.0, "滞后", "等待省厅批复用地指标"),
        },
    )
    response = _upload(client, filled)
    assert response.status_code == 302 and response["Location"] == SHEET_PAGE
    page = client.get(SHEET_PAGE).content.decode()
    assert "已报送 3 项进展" in page and "2 项未填写" in page

    reports = {r.task_id: r for r in ProgressReport.objects.all()}
    assert set(reports) == {first.pk, second.pk, third.pk}
    assert (reports[first.pk].percent, reports[first.pk].state) == (60, "in_progress")
    assert (reports[second.pk].percent, reports[second.pk].state) == (100, "done")
    assert reports[third.pk].delay_reason == "等待省厅批复用地指标"
    assert all(r.kind == "lead" and r.status == "submitted" for r in reports.values())
    assert all(r.created_by == lead_liaison for r in reports.values())
    for report in reports.values():  # each through report_submit, each on its task's timeline
        entry = AuditEntry.objects.get(
            verb="report.submit",
            target_type="supervision.progressreport",
            target_id=str(report.pk),
        )
        assert entry.parent_id == str(report.task_id) and entry.actor == lead_liaison
    summary = AuditEntry.objects.get(verb="import", target_type="supervision.progresssheet")
    assert sorted(summary.after["reports"]) == sorted(r.pk for r in reports.values())
    assert summary.after["skipped"] == 2 and summary.after["filename"] == "进展报送表.xlsx"


def test_the_api_upload_answers_with_what_it_created(login, lead_liaison, kfq_tasks):
    client = login(lead_liaison)
    content = client.get(f"{API}/progress-sheet").content
    filled = fill_sheet(content, {kfq_tasks[4].pk: ("已签约。", 30, "推进中", "")})
    response = _upload(client, filled, url=f"{API}/progress-sheet")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] == 1 and body["skipped"] == 4
    assert body["tasks"] == [kfq_tasks[4].pk]
    assert ProgressReport.objects.get(pk=body["reports"][0]).text == "已签约。"


def test_every_bad_row_is_listed_and_nothing_is_written(login, lead_liaison, kfq_tasks):
    client = login(lead_liaison)
    content = client.get(SHEET_FILE).content
    a, b, c, d, e, coop = kfq_tasks
    blank = [None] * 5
    filled = fill_sheet(
        content,
        {
            a.pk: ("推进顺利。", "八十", "推进中", None),  # row 3: H not a number
            b.pk: ("基本完成。", 90, "已完成", None),  # row 4: 已完成 but not 100
            c.pk: ("进度落后。", 30, "滞后", None),  # row 5: 滞后 without reason
            d.pk: (None, 40, "推进中", "说明"),  # row 6: other cells but no progress
            e.pk: ("完成了。", 100, "完成了", None),  # row 7: unknown state
        },
        extra=[
            [coop.pk, *blank, "配合完成。", 50, "推进中", None],  # row 8: not the lead unit
            [999999, *blank, "不存在。", 150, "推进中", None],  # row 9: unknown id, bad percent
            ["abc", *blank, "编号乱写。", 10, "推进中", None],  # row 10: id not a number
            [a.pk, *blank, "重复一行。", 10, "推进中", None],  # row 11: task already on row 3
            [None, *blank, "没有编号。", 10, "推进中", None],  # row 12: no id
        ],
    )
    before = ProgressReport.objects.count()
    response = _upload(client, filled, url=f"{API}/progress-sheet")
    assert response.status_code == 400
    problems = _problems(response)
    found = {(row, column) for row, column, _ in problems}
    assert found == {
        (3, "H"),
        (4, "H"),
        (5, "J"),
        (6, "G"),
        (7, "I"),
        (8, "A"),
        (9, "A"),
        (9, "H"),
        (10, "A"),
        (11, "A"),
        (12, "A"),
    }
    text = response.json()["detail"]
    assert "第3行 H列（完成百分比）：完成百分比应为 0 到 100 之间的整数，现为“八十”" in text
    assert "第4行 H列（完成百分比）：状态为“已完成”时完成百分比应为 100，现为 90" in text
    assert "第5行 J列（滞后原因）：状态为“滞后”时须填写滞后原因" in text
    assert "第6行 G列（工作进展）" in text and "工作进展为空" in text
    assert "第7行 I列（状态）：状态“完成了”无法识别" in text
    assert "第8行 A列（任务编号）：本单位不是这项任务的牵头单位" in text
    assert "第9行 A列（任务编号）：任务编号 999999 不存在" in text
    assert "第10行 A列（任务编号）：任务编号“abc”不是数字" in text
    assert "第11行 A列（任务编号）：任务编号 " in text and "已在第3行填写" in text
    assert "第12行 A列（任务编号）：缺少任务编号" in text
    assert len(response.json()["errors"]["rows"]) == len(problems)
    assert ProgressReport.objects.count() == before
    assert not AuditEntry.objects.filter(verb="import").exists()

    # the page shows the same list, row by row, and writes nothing either
    page = _upload(client, filled)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="sheet-problem"') == len(problems)
    assert 'data-row="9" data-column="H"' in html and "整张表未写入任何内容" in html
    assert ProgressReport.objects.count() == before


def test_a_failure_while_writing_rolls_back_every_report(
    login, lead_liaison, kfq_tasks, monkeypatch
):
    client = login(lead_liaison)
    filled = fill_sheet(
        client.get(SHEET_FILE).content,
        {t.pk: (f"第{i}项进展。", 10 * i, "推进中", None) for i, t in enumerate(kfq_tasks[:3])},
    )
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["task"].pk)
        if len(calls) == 3:
            raise ValidationError("写入第三项时出错。")
        return report_submit(**kwargs)

    monkeypatch.setattr(bulk, "report_submit", flaky)
    with pytest.raises(ValidationError):
        bulk.progress_sheet_apply(actor=lead_liaison, data=filled, filename="x.xlsx")
    assert len(calls) == 3
    assert ProgressReport.objects.count() == 0
    assert not AuditEntry.objects.filter(target_type="supervision.progressreport").exists()


def test_a_pdf_renamed_xlsx_is_refused_by_content(login, lead_liaison, kfq_tasks):
    client = login(lead_liaison)
    response = _upload(client, PDF, name="进展报送表.xlsx", url=f"{API}/progress-sheet")
    assert response.status_code == 400
    assert response.json()["problems"][0]["row"] is None
    assert "不是 Excel（.xlsx）文件（实际内容是 pdf 文件）" in response.json()["detail"]
    page = _upload(client, PDF, name="进展报送表.xlsx")
    assert "实际内容是 pdf 文件" in page.content.decode()
    assert ProgressReport.objects.count() == 0


def _xlsx(headers: list, rows: list[list] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "进展报送"
    sheet.append(["标题"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "是空文件"),
        (b"just some text, not a workbook", "不是 Excel（.xlsx）文件（无法识别的内容）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel（.xls）"),
        (_zip({"word/document.xml": b"<w/>"}), "不是 Excel（.xlsx）文件（实际是 Word 文件）"),
        (_zip({"xl/workbook.xml": b"not xml"}), "无法作为 Excel（.xlsx）文件读取"),
        (b"PK\x03\x04 truncated", "已损坏"),
        (_xlsx(["编号", "工作进展"]), "第2行应为表头"),
        (_xlsx(bulk.HEADERS[:6] + ["完成百分比", "工作进展"] + bulk.HEADERS[8:]), "第2行应为表头"),
        (_xlsx(bulk.HEADERS), "没有填写任何进展"),
    ],
    ids=[
        "empty",
        "text",
        "old-xls",
        "docx",
        "broken-workbook",
        "broken-zip",
        "wrong-header",
        "columns-swapped",
        "nothing-filled",
    ],
)
def test_bad_files_are_refused_with_a_chinese_reason(lead_liaison, content, expected):
    with pytest.raises(bulk.ProgressSheetInvalid) as caught:
        bulk.progress_sheet_apply(actor=lead_liaison, data=content, filename="表.xlsx")
    assert expected in "；".join(str(p) for p in caught.value.problems)
    assert ProgressReport.objects.count() == 0


def test_size_and_row_caps(lead_liaison, kfq_tasks, monkeypatch):
    too_big = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
    with pytest.raises(bulk.ProgressSheetInvalid, match="超过 20 MB"):
        bulk.progress_sheet_apply(actor=lead_liaison, data=too_big, filename="大.xlsx")
    monkeypatch.setattr(bulk, "MAX_ROWS", 3)
    rows = [[t.pk, None, None, None, None, None, "进展。", 10, "推进中", None] for t in kfq_tasks]
    with pytest.raises(bulk.ProgressSheetInvalid, match="表格超过 3 行（第6行仍有内容）"):
        bulk.progress_sheet_apply(
            actor=lead_liaison, data=_xlsx(bulk.HEADERS, rows), filename="长.xlsx"
        )
    assert ProgressReport.objects.count() == 0


def test_api_refuses_an_upload_over_the_cap_before_reading_it(login, lead_liaison, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_BYTES", 100)
    response = _upload(
        login(lead_liaison), b"PK\x03\x04" + b"\0" * 200, url=f"{API}/progress-sheet"
    )
    assert response.status_code == 400 and "超过 20 MB" in response.json()["detail"]


def test_another_units_sheet_is_refused_row_by_row(login, lead_liaison, coop_liaison, kfq_tasks):
    filled = fill_sheet(
        login(lead_liaison).get(SHEET_FILE).content,
        {kfq_tasks[0].pk: ("进展。", 10, "推进中", None)},
    )
    response = _upload(login(coop_liaison), filled, url=f"{API}/progress-sheet")
    assert response.status_code == 400
    assert _problems(response) == [
        (3, "A", f"任务编号 {kfq_tasks[0].pk} 不存在、已撤销，或不是本单位的任务。")
    ]
    assert ProgressReport.objects.count() == 0


def test_closed_tasks_leave_the_sheet_and_an_old_sheet_cannot_report_on_them(
    login, lead_liaison, unit_head, plan_office, kfq_tasks
):
    client = login(lead_liaison)
    old_sheet = client.get(SHEET_FILE).content
    task = kfq_tasks[0]
    report = report_submit(actor=lead_liaison, task=task, text="完成。", percent=100, state="done")
    report = report_review(actor=unit_head, report=report, action="approve")
    report_review(actor=plan_office, report=report, action="accept")
    assert task.pk not in [r[0] for r in sheet_rows(client.get(SHEET_FILE).content)]
    response = _upload(
        client,
        fill_sheet(old_sheet, {task.pk: ("再报一次。", 100, "已完成", None)}),
        url=f"{API}/progress-sheet",
    )
    assert _problems(response) == [(3, "A", "这项任务已验收办结，无需再报送。")]


def test_a_reassigned_task_follows_its_new_lead(login, plan_office, lead_liaison, tasks):
    sheet = sheet_rows(login(lead_liaison).get(SHEET_FILE).content)
    assert [r[0] for r in sheet] == [tasks["two"].pk]
    task_reassign(
        actor=plan_office,
        task=tasks["one"],
        lead_units=["开发区"],
        cooperating_units=["科技经信局"],
        reason="调整分工",
    )
    sheet = sheet_rows(login(lead_liaison).get(SHEET_FILE).content)
    assert {r[0] for r in sheet} == {tasks["one"].pk, tasks["two"].pk}


def test_the_page_explains_the_steps_and_is_for_liaisons_only(
    login, lead_liaison, unit_head, plan_office, kfq_tasks
):
    page = login(lead_liaison).get(SHEET_PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "操作步骤" in html and "下载进展报送表" in html and "（5 项）" in html
    assert "只要有一处错误，整张表都不会写入" in html
    for user in (unit_head, plan_office):
        denied = login(user).get(SHEET_PAGE)
        assert denied.status_code == 403
        assert "只有单位联络员" in denied.content.decode()


def test_an_empty_upload_form_says_what_is_missing(login, lead_liaison):
    response = login(lead_liaison).post(SHEET_PAGE, {})
    assert (
        response.status_code == 200
        and "请选择要上传的进展报送表（.xlsx）。" in response.content.decode()
    )
    api = login(lead_liaison).post(f"{API}/progress-sheet", {})
    assert api.status_code == 400
    assert api.json()["detail"] == "请选择要上传的进展报送表（.xlsx）。"
