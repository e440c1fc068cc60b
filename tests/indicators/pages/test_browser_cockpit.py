"""Issue 5 in real headless Chromium: a county leader and a city leader open the cockpit, the
figures on the page equal those in the database, a screenshot is kept, and the console stays
clean (ECharts is loaded from our own static files and draws every chart)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from gongye.indicators.models import Observation
from gongye.indicators.services import observation_record
from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Region
from gongye.plans.services import plan_apply_parsed, plan_document_parse
from tests.browser_kit import sign_in, wait
from tests.conftest import PASSWORD, SMALL_PLAN, make_persona

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted):
    load_organisation()
    region = Region.objects.get(code="341525")
    parsed, resolver = plan_document_parse(
        region=region, data=SMALL_PLAN.encode(), filename="small.txt"
    )
    plan = plan_apply_parsed(
        actor=None, region=region, parsed=parsed, resolver=resolver, filename="small.txt"
    ).plan
    # judged as the Huoshan plan is: 60% by the end of June (时间过半、任务过六)
    plan.checkpoints = {"6": 60}
    plan.save(update_fields=["checkpoints"])
    target = plan.targets.get(name__contains="规上工业产值")
    statistics = make_persona("statistics")
    for month, value in ((3, "40"), (6, "130")):
        observation_record(
            actor=statistics,
            target=target,
            year=plan.year,
            month=month,
            measure="cumulative",
            value=Decimal(value),
            as_of=dt.date(plan.year, 12, 31),
        )
    Observation.objects.filter(target=target, month=6).update(is_demo=True)
    return {
        "plan": plan,
        "target": target,
        "county_leader": make_persona("county_leader"),
        "city_leader": make_persona("city_leader"),
    }


def _severe(browser) -> list[dict]:
    # the favicon is not part of the page; the site has none yet
    return [
        entry
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]
    ]


def _charts_drawn(browser) -> None:
    wait(browser).until(
        lambda b: b.execute_script(
            "return document.readyState === 'complete' && !!window.echarts"
            " && document.querySelectorAll('[data-chart][data-rendered] canvas').length"
            " === document.querySelectorAll('[data-chart]').length;"
        )
    )


def _open_cockpit(browser, live_server, user) -> None:
    browser.get(f"{live_server.url}/accounts/login/")
    sign_in(browser, user.username, PASSWORD)
    browser.get(live_server.url + reverse("front:cockpit"))
    _charts_drawn(browser)


def _cell(browser, row_selector: str, cell_class: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, f"{row_selector} .{cell_class}").text.strip()


def _check_targets(browser, world) -> None:
    observation = Observation.objects.filter(target=world["target"]).latest("month")
    row = f'#status-table tr[data-target="{world["target"].pk}"]'
    assert _cell(browser, row, "gy-latest") == f"{observation.value.normalize():f}"
    assert _cell(browser, row, "gy-expected") == "120"  # 200 × 60% (6月 checkpoint)
    badge = browser.find_element(By.CSS_SELECTOR, f"{row} .gy-status")
    assert badge.text == "达标"
    assert "时间过半、任务过六" in badge.get_attribute("title")
    assert browser.find_element(By.ID, "demo-badge").text.strip() == "演示数据"
    assert browser.find_element(By.ID, "count-on-track").text == "1"


def test_county_leader_opens_the_cockpit(browser, screenshot, live_server, world):
    _open_cockpit(browser, live_server, world["county_leader"])
    assert "霍山县" in browser.find_element(By.ID, "page-title").text
    _check_targets(browser, world)
    assert not browser.find_elements(By.ID, "county-table")
    # every target's monthly line against its pace, chosen from a list, with its table
    Select(browser.find_element(By.ID, "line-target")).select_by_visible_text(
        f"{world['target'].seq}. {world['target'].name}"
    )
    line = browser.find_element(
        By.CSS_SELECTOR, f'.gy-line-table[data-target="{world["target"].pk}"]'
    )
    assert line.is_displayed()
    assert [c.text for c in line.find_elements(By.CLASS_NAME, "gy-expected")] == ["50", "120"]
    assert [c.text for c in line.find_elements(By.CLASS_NAME, "gy-actual")] == ["40", "130"]
    screenshot("cockpit-county-leader")
    assert _severe(browser) == []

    # the target's own page: its monthly line against the pace line, and the same as a table
    browser.get(live_server.url + reverse("indicators:target_detail", args=[world["target"].pk]))
    _charts_drawn(browser)
    months = browser.find_elements(By.CSS_SELECTOR, "#monthly tbody tr")
    assert [m.get_attribute("data-month") for m in months] == ["3", "6"]
    assert [m.find_element(By.CLASS_NAME, "gy-expected").text for m in months] == ["50", "120"]
    screenshot("target-detail")
    assert _severe(browser) == []


def test_city_leader_sees_the_counties(browser, screenshot, live_server, world):
    """A city leader lands on the city (the counties side by side), not on its first county;
    a county's name opens that county's cockpit."""
    _open_cockpit(browser, live_server, world["city_leader"])
    assert browser.find_elements(By.ID, "status-table") == []  # no county's own targets
    assert "六安市" in browser.find_element(By.ID, "page-title").text
    county = 'tr[data-region="341525"]'
    assert _cell(browser, f"#county-table {county}", "gy-on-track") == "1"
    assert _cell(browser, f"#county-table {county}", "gy-rank") == "1"
    # the indicator comparison: the county's total, its place and the change since May
    assert _cell(browser, f"#indicator-table {county}", "gy-total").startswith("130")
    assert _cell(browser, f"#indicator-table {county}", "gy-rank-total") == "1"
    browser.execute_script(
        "document.getElementById('counties').scrollIntoView({behavior: 'instant'});"
    )
    screenshot("cockpit-city-leader")
    assert _severe(browser) == []
    link = browser.find_element(By.CSS_SELECTOR, f"#county-table {county} a")
    browser.get(link.get_attribute("href"))
    _charts_drawn(browser)
    _check_targets(browser, world)
    assert browser.find_element(By.CSS_SELECTOR, f"#county-table {county}.table-primary")
