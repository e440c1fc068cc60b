"""Issue 4 in a real browser: the 开发区 liaison sees only its tasks and reports progress with a
PDF; its unit head approves; the plan office accepts; the task shows closed and green. A
township liaison gets 404 on that task and 403 on approving the report.

Issue 11, items 1–5: a cooperating unit's report reaches the lead unit, which takes it up; a
returned report leaves the task as it was and its liaison finds it in the inbox and in 我的提醒;
a report withdrawn before its head approves it; a postponement says the new date."""

from __future__ import annotations

import pytest
from django.test import Client
from selenium.webdriver.common.by import By

from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Region
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.models import ProgressReport, TaskState
from tests.browser_kit import sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, TINY_PDF, make_persona, make_user

pytestmark = pytest.mark.browser

PLAN = (
    "霍山县2022年督办测试工作意见\n附件：重点工作明细表\n\n"
    "\t月度\n\t重点工作\n\t牵头单位\n\t配合单位\n\n"
    "\t1月\n\t1.推进开发区标准化厂房建设。\n\t开发区\n\t商务局\n\n"
    "\t\n\t2.开展规下工业样本点调度。\n\t统计局\n\t衡山镇\n"
)


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_organisation()
    region = Region.objects.get(code="341525")
    parsed, resolver = plan_document_parse(region=region, data=PLAN.encode(), filename="plan.txt")
    plan = plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="plan.txt"
    ).plan
    people = {
        name: make_persona(name)
        for name in ("lead_liaison", "unit_head", "plan_office", "coop_liaison")
    }
    # the lead unit of the second task (统计局) and the cooperating township's head (衡山镇)
    people["tj_liaison"] = make_user("tj_liaison", "统计联络", "liaison", "341525", "统计局")
    people["coop_head"] = make_user("coop_head", "衡山负责人", "unit_head", "341525", "衡山镇")
    return {
        "plan": plan,
        "kfq_task": plan.tasks.get(seq=1),
        "other_task": plan.tasks.get(seq=2),
        **people,
    }


def _press(browser, button_id: str) -> None:
    """Scrolls the button into view and presses it, then waits for the next page."""
    button = wait(browser).until(lambda b: b.find_element(By.ID, button_id))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    wait(browser).until(lambda b: b.find_element(By.ID, button_id).is_displayed())
    submit_and_wait(browser, button_id)


def _logout(browser, base):
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")


def test_report_approve_accept_in_the_browser(world, browser, live_server, screenshot, tmp_path):
    base = live_server.url
    task = world["kfq_task"]
    browser.get(base + "/accounts/login/")
    sign_in(browser, "lead_liaison", PASSWORD)

    browser.get(base + "/supervision/")
    page = browser.find_element(By.ID, "main").text
    assert "推进开发区标准化厂房建设" in page
    assert "开展规下工业样本点调度" not in page  # not 开发区's task
    screenshot("supervision-inbox-liaison")

    browser.get(f"{base}/supervision/tasks/{task.pk}/report/")
    pdf = tmp_path / "现场照片与验收单.pdf"
    pdf.write_bytes(TINY_PDF)
    browser.find_element(By.ID, "id_text").send_keys("厂房主体完工，已通过验收。")
    percent = browser.find_element(By.ID, "id_percent")
    percent.clear()
    percent.send_keys("100")
    browser.find_element(By.CSS_SELECTOR, "#id_state option[value='done']").click()
    browser.find_element(By.ID, "id_files").send_keys(str(pdf))
    _press(browser, "report-submit")
    assert "已报送，等待本单位负责人审核" in browser.find_element(By.ID, "main").text
    report = ProgressReport.objects.get(task=task)
    assert report.evidence.get().content_type == "application/pdf"
    screenshot("supervision-task-reported")

    _logout(browser, base)
    sign_in(browser, "unit_head", PASSWORD)
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    _press(browser, f"approve-{report.pk}")
    report.refresh_from_db()
    assert report.status == "approved"

    # a township liaison: the task is not its business (404), and approving is not its step (403)
    township = Client()
    township.force_login(world["coop_liaison"])
    assert township.get(f"/supervision/tasks/{task.pk}/").status_code == 404
    assert township.post(f"/supervision/reports/{report.pk}/approve/").status_code in (403, 404)
    other_report_task = world["other_task"]
    assert township.get(f"/supervision/tasks/{other_report_task.pk}/").status_code == 200

    _logout(browser, base)
    sign_in(browser, "plan_office", PASSWORD)
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    _press(browser, f"accept-{report.pk}")
    colour = wait(browser).until(lambda b: b.find_element(By.ID, "task-colour"))
    assert colour.get_attribute("data-colour") == "green"
    assert "已办结" in browser.find_element(By.ID, "task-state").text
    assert TaskState.objects.get(task=task).closed_at is not None
    screenshot("supervision-task-closed")


def _fill_report(browser, text: str, percent: str, state: str) -> None:
    browser.find_element(By.ID, "id_text").send_keys(text)
    field = browser.find_element(By.ID, "id_percent")
    field.clear()
    field.send_keys(percent)
    browser.find_element(By.CSS_SELECTOR, f"#id_state option[value='{state}']").click()
    _press(browser, "report-submit")


def test_a_contribution_reaches_the_lead_unit_which_takes_it_up(
    world, browser, live_server, screenshot
):
    base, task = live_server.url, world["other_task"]  # 统计局 leads, 衡山镇 cooperates
    browser.get(base + "/accounts/login/")
    sign_in(browser, "coop_liaison", PASSWORD)
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    assert "报送配合情况" in browser.find_element(By.ID, "report-link").text
    browser.get(f"{base}/supervision/tasks/{task.pk}/report/")
    _fill_report(browser, "已完成辖区样本点核查。", "100", "done")
    contribution = ProgressReport.objects.get(task=task)

    _logout(browser, base)
    sign_in(browser, "coop_head", PASSWORD)
    browser.get(f"{base}/supervision/")
    assert task.text[:8] in browser.find_element(By.ID, "to-review").text
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    _press(browser, f"approve-{contribution.pk}")

    # the lead unit's liaison finds it in 待我审核 and takes it up
    _logout(browser, base)
    sign_in(browser, "tj_liaison", PASSWORD)
    browser.get(f"{base}/supervision/")
    waiting = browser.find_element(By.ID, "to-review").text
    assert task.text[:8] in waiting and "待牵头单位采纳" in waiting
    screenshot("supervision-contribution-to-adopt")
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    _press(browser, f"adopt-{contribution.pk}")
    assert "已采纳配合单位的报送" in browser.find_element(By.ID, "main").text
    contribution.refresh_from_db()
    assert contribution.status == "accepted"
    status = browser.find_element(By.CSS_SELECTOR, ".report-status[data-status='accepted']")
    assert status.text == "已采纳"


def test_a_return_undoes_the_approval_and_reaches_the_liaison(
    world, browser, live_server, screenshot
):
    from gongye.supervision.services import report_review, report_submit

    base, task = live_server.url, world["kfq_task"]
    liaison, head, office = world["lead_liaison"], world["unit_head"], world["plan_office"]
    first = report_submit(
        actor=liaison,
        task=task,
        text="征地受阻。",
        percent=30,
        state="late",
        delay_reason="征地未完成",
    )
    first = report_review(actor=head, report=first, action="approve")
    report_review(actor=office, report=first, action="accept")
    second = report_submit(
        actor=liaison, task=task, text="推进中。", percent=60, state="in_progress"
    )
    report_review(actor=head, report=second, action="approve")

    browser.get(base + "/accounts/login/")
    sign_in(browser, "plan_office", PASSWORD)
    browser.get(f"{base}/supervision/tasks/{task.pk}/")
    assert "推进中 · 60%" in browser.find_element(By.ID, "task-state").text
    comment = browser.find_element(By.CSS_SELECTOR, f"#return-{second.pk}").find_element(
        By.XPATH, "ancestor::form//input[@name='comment']"
    )
    comment.send_keys("进度与现场不符，请核实。")
    _press(browser, f"return-{second.pk}")
    assert "滞后 · 30%" in browser.find_element(By.ID, "task-state").text
    assert "征地未完成" in browser.find_element(By.ID, "main").text
    # a postponement says the new date and the old
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/postpone/']")
    browser.execute_script(
        "arguments[0].value = '2022-03-31';", form.find_element(By.NAME, "new_due")
    )
    form.find_element(By.NAME, "reason").send_keys("征地延后")
    _press(browser, "postpone-submit")
    assert "已延期至2022年3月31日（原2022年1月31日）" in browser.find_element(By.ID, "main").text
    screenshot("supervision-returned-and-postponed")

    _logout(browser, base)
    sign_in(browser, "lead_liaison", PASSWORD)
    browser.get(f"{base}/supervision/")
    returned = browser.find_element(By.ID, "returned").text
    assert task.text[:8] in returned and "进度与现场不符" in returned
    browser.get(f"{base}/supervision/robots/notifications/")
    assert "报告被退回" in browser.find_element(By.ID, "main").text
    screenshot("supervision-liaison-told-of-return")

    # the liaison files again, then withdraws it before its head approves it
    browser.get(f"{base}/supervision/tasks/{task.pk}/report/")
    _fill_report(browser, "已核实，进度50%。", "50", "in_progress")
    third = ProgressReport.objects.filter(task=task).latest("created_at")
    assert browser.find_element(By.ID, "report-waiting").is_displayed()
    _press(browser, f"withdraw-{third.pk}")
    third.refresh_from_db()
    assert third.status == "withdrawn"
    assert browser.find_element(By.ID, "report-link").is_displayed()
    assert "滞后 · 30%" in browser.find_element(By.ID, "task-state").text
