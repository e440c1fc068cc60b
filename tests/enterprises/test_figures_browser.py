"""An enterprise user files its monthly figures in real Chromium; another enterprise's user
sees none of it (404). The page is saved to var/screenshots/figures-entry.png."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By

from gongye.core.roles import Role
from gongye.enterprises.models import MonthlyFigure
from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Unit
from tests.browser_kit import console_errors, sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, make_persona, make_user
from tests.enterprises.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    MonthlyFigureFactory,
)

pytestmark = pytest.mark.browser


def _open(browser, url: str) -> None:
    browser.get(url)
    wait(browser).until(lambda b: b.execute_script("return document.readyState") == "complete")


def test_an_enterprise_files_its_month_and_another_sees_nothing(
    live_server, transactional_db, audit_guards_lifted, browser, screenshot
):
    load_organisation()
    own = EnterpriseFactory(name="衡山精工有限公司", township=Unit.objects.get(name="衡山镇"))
    other = EnterpriseFactory(name="佛子岭竹业有限公司")
    user = make_persona("enterprise")
    EnterpriseAccountFactory(enterprise=own, user=user)
    stranger = make_user("other_ent", "他企用户", Role.ENTERPRISE, "341525", None)
    EnterpriseAccountFactory(enterprise=other, user=stranger)
    today = dt.date.today()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    if month > 1:
        MonthlyFigureFactory(enterprise=own, year=year, month=month - 1, revenue=Decimal("500"))

    _open(browser, f"{live_server.url}/accounts/login/")
    sign_in(browser, user.username, PASSWORD)
    _open(browser, f"{live_server.url}/enterprises/figures/mine/")
    assert "衡山精工有限公司" in browser.page_source
    browser.find_element(By.ID, "id_revenue_month").send_keys("120")
    browser.find_element(By.ID, "id_employees").send_keys("86")
    submit_and_wait(browser, "figure-save")
    assert "已保存" in browser.page_source
    screenshot("figures-entry")
    saved = MonthlyFigure.objects.get(enterprise=own, year=year, month=month)
    expected = Decimal("620") if month > 1 else Decimal("120")
    assert (saved.revenue_month, saved.revenue, saved.employees) == (Decimal("120"), expected, 86)
    assert not console_errors(browser)

    browser.delete_all_cookies()
    _open(browser, f"{live_server.url}/accounts/login/")
    sign_in(browser, stranger.username, PASSWORD)
    _open(browser, f"{live_server.url}/enterprises/{own.pk}/figures/entry/")
    assert "衡山精工有限公司" not in browser.page_source
    assert (
        "404" in browser.title or "不存在" in browser.page_source or "找不到" in browser.page_source
    )
