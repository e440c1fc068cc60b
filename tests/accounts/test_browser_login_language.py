"""A 开发区 liaison signs in through a real browser, sees its unit and the Chinese navigation, and
switches the interface to English and back; five wrong passwords lock the account."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from gongye.orgs.demo.loader import load_organisation
from tests.browser_kit import sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, make_persona

pytestmark = pytest.mark.browser


@pytest.fixture
def liaison(live_server, transactional_db, audit_guards_lifted):
    load_organisation()
    return make_persona("lead_liaison")


def _nav_labels(browser) -> list[str]:
    nav = wait(browser).until(EC.visibility_of_element_located((By.ID, "main-nav")))
    return [link.text.strip() for link in nav.find_elements(By.CSS_SELECTOR, "a.nav-link")]


def _html_lang(browser) -> str:
    return browser.find_element(By.TAG_NAME, "html").get_attribute("lang")


def test_liaison_signs_in_sees_its_unit_and_switches_language(
    browser, screenshot, live_server, liaison
):
    browser.get(f"{live_server.url}/accounts/login/")
    assert _html_lang(browser) == "zh-hans"
    assert browser.find_element(By.ID, "login-submit").text == "登录"
    screenshot("login-zh")

    sign_in(browser, liaison.username, PASSWORD)

    assert browser.current_url == f"{live_server.url}/"
    assert browser.find_element(By.ID, "acting-unit").text == "开发区"
    labels = _nav_labels(browser)
    assert "工作台" in labels
    assert "单位名录" in labels
    screenshot("home-zh")

    submit_and_wait(browser, "lang-toggle")

    assert _html_lang(browser) == "en"
    labels = _nav_labels(browser)
    assert "Home" in labels
    assert "Units" in labels  # the bar's short English label (a one-line bar at 1440 px)
    assert "工作台" not in labels
    # The unit's own name is data, not interface text: it stays as registered.
    assert browser.find_element(By.ID, "acting-unit").text == "开发区"
    assert browser.find_element(By.ID, "lang-toggle").text == "中文"
    screenshot("home-en")

    submit_and_wait(browser, "lang-toggle")

    assert _html_lang(browser) == "zh-hans"
    labels = _nav_labels(browser)
    assert "工作台" in labels
    assert "Home" not in labels
    assert browser.find_element(By.ID, "lang-toggle").text == "English"


def test_five_wrong_passwords_lock_the_account(browser, screenshot, live_server, liaison):
    browser.get(f"{live_server.url}/accounts/login/")

    for attempt in range(1, 6):
        sign_in(browser, liaison.username, "Wrong#Pass2022")
        assert browser.current_url.startswith(f"{live_server.url}/accounts/login/")
        assert not browser.find_elements(By.ID, "main-nav")
        if attempt < 5:
            assert browser.find_element(By.ID, "login-error").is_displayed()
            assert not browser.find_elements(By.ID, "locked")
        if attempt == 1:
            screenshot("login-wrong-password")

    sign_in(browser, liaison.username, PASSWORD)

    locked = browser.find_element(By.ID, "locked")
    assert locked.is_displayed()
    assert "锁定" in locked.text
    assert "15" in locked.text
    assert browser.current_url.startswith(f"{live_server.url}/accounts/login/")
    assert not browser.find_elements(By.ID, "main-nav")
    assert not browser.find_elements(By.ID, "acting-unit")
    screenshot("locked")
