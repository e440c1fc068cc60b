"""The enterprise page in real headless Chromium: the plan office opens 一企一档, ECharts
(served from our static files) draws the trend, the table under it holds the same figures,
and the console stays clean."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selenium.webdriver.common.by import By

from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Unit
from tests.browser_kit import console_errors, sign_in, wait
from tests.conftest import PASSWORD, make_persona
from tests.enterprises.factories import EnterpriseFactory, MonthlyFigureFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted):
    load_organisation()
    enterprise = EnterpriseFactory(
        name="衡山精工有限公司", township=Unit.objects.get(region__code="341525", name="衡山镇")
    )
    for year, revenue in ((2021, "800"), (2022, "1000")):
        MonthlyFigureFactory(enterprise=enterprise, year=year, month=6, revenue=Decimal(revenue))
    return {"enterprise": enterprise, "plan_office": make_persona("plan_office")}


def test_the_plan_office_opens_an_enterprise_page(browser, screenshot, live_server, world):
    browser.get(f"{live_server.url}/accounts/login/")
    sign_in(browser, world["plan_office"].username, PASSWORD)
    browser.get(f"{live_server.url}/enterprises/{world['enterprise'].pk}/?measure=revenue")
    wait(browser).until(
        lambda b: b.execute_script(
            "return document.readyState === 'complete' && !!window.echarts"
            " && document.querySelectorAll('#enterprise-chart canvas').length > 0;"
        )
    )
    assert browser.find_element(By.ID, "page-title").text.startswith("衡山精工有限公司")
    june = browser.find_element(By.CSS_SELECTOR, '#figure-table tr[data-month="6"]')
    cells = [td.text for td in june.find_elements(By.TAG_NAME, "td")]
    assert cells[-2:] == ["1000", "25.0%"]
    screenshot("enterprise-page")
    assert console_errors(browser) == []
