"""Issue 4 in a real browser: the 开发区 liaison sees only its tasks and reports progress with a
PDF; its unit head approves; the plan office accepts; the task shows closed and green. A
township liaison gets 404 on that task and 403 on approving the report."""

from __future__ import annotations

import pytest
from django.test import Client
from selenium.webdriver.common.by import By

from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Region
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from gongye.supervision.models import ProgressReport, TaskState
from tests.browser_kit import sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, TINY_PDF, make_persona

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
    assert "进展已报送" in browser.find_element(By.ID, "main").text
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
