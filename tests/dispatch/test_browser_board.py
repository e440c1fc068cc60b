"""The board and the bulletin in real Chromium, on the seed plan as of 5 July 2022: the plan
office walks the tabs, the 开发区 liaison sees only its tasks; every page is saved to
var/screenshots/board-*.png for a person to look at."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from selenium.webdriver.common.by import By

from gongye.orgs.demo.loader import load_organisation
from gongye.plans.demo import load_seed_plan
from gongye.plans.models import Task
from gongye.supervision.permissions import units_acting_for
from tests.browser_kit import console_errors, sign_in, wait
from tests.conftest import PASSWORD, make_persona

from .conftest import SHANGHAI, at

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server, transactional_db, audit_guards_lifted):
    load_organisation()
    load_seed_plan()
    tasks = Task.objects.filter(plan__year=2022)
    for task in tasks:
        state = task.supervision
        if task.month and task.month <= 6 and task.seq % 3 == 1:
            state.state, state.percent = "done", 100
            state.closed_at = at(task.due - dt.timedelta(days=task.seq % 2 * 3))
            state.closed_on_time = True
        elif task.month and task.month <= 6 and task.seq % 3 == 2:
            state.state, state.percent = "late", 40
            state.delay_reason = "项目资金尚未到位，正在协调。"
        elif task.month == 7 and task.seq <= 2:
            state.state, state.percent = "in_progress", 30
        elif task.month == 6 and task.seq == 3:
            state.due, state.was_overdue, state.state = dt.date(2022, 7, 10), True, "in_progress"
        state.save()
    return {name: make_persona(name) for name in ("plan_office", "lead_liaison")}


def _full_page(browser, screenshot, name: str) -> None:
    """The whole page in one picture (the window alone would cut long pages off)."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    metrics = {"width": 1366, "height": min(height, 8000), "deviceScaleFactor": 1, "mobile": False}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    screenshot(name)
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _open(browser, url: str) -> None:
    browser.get(url)
    wait(browser).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_board_pages_in_chromium(browser, screenshot, live_server, demo):
    base = live_server.url
    with time_machine.travel(dt.datetime(2022, 7, 5, 9, tzinfo=SHANGHAI), tick=True):
        _open(browser, f"{base}/accounts/login/")
        sign_in(browser, "plan_office", PASSWORD)
        _open(browser, f"{base}/supervision/board/?year=2022&month=6")
        columns = browser.find_elements(By.CSS_SELECTOR, "#board section.gy-column")
        assert [c.find_element(By.TAG_NAME, "h2").text.split()[0] for c in columns] == [
            "未开始",
            "推进中",
            "已完成",
            "滞后",
        ]
        assert browser.find_element(By.ID, "count-total").text == "7"
        # the board's own stylesheet (a static file under the CSP, no <style> element) applies
        radius = "return getComputedStyle(document.querySelector('.gy-column')).borderRadius"
        assert browser.execute_script(radius) == "8px"
        _full_page(browser, screenshot, "board-month")

        _open(browser, f"{base}/supervision/board/calendar/?year=2022&month=6")
        june_30 = browser.find_element(By.CSS_SELECTOR, 'td[data-date="2022-06-30"]')
        assert len(june_30.find_elements(By.CSS_SELECTOR, ".gy-chip")) == 6  # 6月3 moved to July
        _full_page(browser, screenshot, "board-calendar-month")
        _open(browser, f"{base}/supervision/board/calendar/?mode=quarter&year=2022&quarter=2")
        _full_page(browser, screenshot, "board-calendar-quarter")

        _open(browser, f"{base}/supervision/board/list/?year=2022&month=all&colour=red")
        red = int(browser.find_element(By.ID, "count-total").text)
        assert red == len(browser.find_elements(By.CSS_SELECTOR, "#task-list tbody tr[data-task]"))
        assert red > 0
        _full_page(browser, screenshot, "board-list")

        _open(browser, f"{base}/supervision/board/timeline/?year=2022")
        assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline tbody tr")) == 83
        _full_page(browser, screenshot, "board-timeline")

        _open(browser, f"{base}/supervision/bulletin/?year=2022&month=6")
        assert browser.find_element(By.ID, "t-due").text == "44"  # 6月3 moved to July
        _full_page(browser, screenshot, "board-bulletin")
        assert console_errors(browser) == []  # no script error, nothing refused by the CSP

        browser.delete_all_cookies()
        _open(browser, f"{base}/accounts/login/")
        sign_in(browser, "lead_liaison", PASSWORD)
        _open(browser, f"{base}/supervision/board/list/?year=2022&month=all")
        shown = {
            int(row.get_attribute("data-task"))
            for row in browser.find_elements(By.CSS_SELECTOR, "#task-list tbody tr[data-task]")
        }
        kfq = demo["lead_liaison"].acting.unit_id
        mine = set(
            Task.objects.filter(
                plan__year=2022, task_units__unit_id__in=units_acting_for(kfq)
            ).values_list("pk", flat=True)
        )
        assert shown == mine and len(mine) < 83
        _full_page(browser, screenshot, "board-list-liaison")
