"""The browser kit, shared by every browser test: real headless Chromium against
pytest-django's live server (fixtures ``browser``, ``screenshot``, ``audit_guards_lifted``) and
the helpers to sign in, submit a form and wait (``sign_in``, ``submit_and_wait``, ``wait``).
Loaded for the whole suite by the root conftest (``pytest_plugins``).

The audit table is append-only at the database level (``gongye.audit.guards``). A live-server test
is transactional, so pytest-django flushes every table afterwards; on SQLite the flush is a
DELETE, which the guard refuses. The ``audit_guards_lifted`` fixture therefore removes the guards
just before the flush, and a ``post_migrate`` receiver (the flush emits that signal when it is
done) puts them back, so every later test still meets an append-only audit log. The published
evaluation runs' guards (``gongye.evaluation.guards``) are lifted and put back the same way.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models.signals import post_migrate
from selenium.common.exceptions import ElementClickInterceptedException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from gongye.audit import guards
from gongye.evaluation import guards as evaluation_guards

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_ARGUMENTS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1366,900",
)
# generous: on a busy two-core CI machine a page can take seconds to come back
WAIT_SECONDS = 20
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _reinstall_guards(sender, using="default", **kwargs) -> None:
    if sender.label == "audit":
        guards.install(connections[using])
    if sender.label == "evaluation":
        evaluation_guards.install(connections[using])


@pytest.fixture(scope="session", autouse=True)
def _audit_guards_come_back() -> Iterator[None]:
    post_migrate.connect(_reinstall_guards, dispatch_uid="tests.browser.audit_guards")
    yield
    post_migrate.disconnect(dispatch_uid="tests.browser.audit_guards")


@pytest.fixture
def audit_guards_lifted(live_server, transactional_db) -> Iterator[None]:
    """Request after ``live_server``: torn down first, so the guards go just before the flush."""
    guards.install(connection)
    yield
    guards.remove(connection)
    evaluation_guards.remove(connection)


@pytest.fixture
def audit_guards_lifted_for_flush(transactional_db) -> Iterator[None]:
    """For a transactional test without a live server (threads on PostgreSQL): the flush that
    follows it is a TRUNCATE / DELETE the audit guards refuse, so they are lifted just before it;
    the post_migrate receiver above puts them back."""
    yield
    guards.remove(connection)
    evaluation_guards.remove(connection)


@pytest.fixture
def browser(tmp_path: Path):
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).is_file()]
    if missing:
        pytest.skip(
            f"browser tests need Debian's chromium and chromium-driver; missing {', '.join(missing)}"
            " (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in CHROME_ARGUMENTS:
        options.add_argument(argument)
    # A person in Huoshan runs a Chinese browser; Chromium's default (en-US) would make Django's
    # LocaleMiddleware pick English from Accept-Language before anyone touches the toggle.
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    # the console, so that a test can show that no script failed and the Content-Security-Policy
    # refused nothing (a refusal is logged as an error)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    profile = tmp_path / "chromium-profile"
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def screenshot(browser):
    """``screenshot("home-zh")`` saves var/screenshots/home-zh.png for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        browser.save_screenshot(str(path))
        return path

    return save


def wait(browser):
    # While a page is being replaced chromedriver can answer a query with a transient
    # "inspector error"; waiting means asking again, not failing.
    return WebDriverWait(browser, WAIT_SECONDS, ignored_exceptions=(WebDriverException,))


def submit_and_wait(browser, button_id: str) -> None:
    """Click a form's submit button and wait until the next page has fully replaced this one."""
    browser.execute_script("window.__gyLeaving = true;")
    button = browser.find_element(By.ID, button_id)
    # in the middle of the window, not under its bottom edge; and if something still lies over
    # it for a moment (a page still laying out under load), click again once it has moved
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    wait(browser).until(lambda b: _click(b, button_id))
    wait(browser).until(
        lambda b: b.execute_script(
            "return window.__gyLeaving === undefined && document.readyState === 'complete';"
        )
    )


def _click(browser, button_id: str) -> bool:
    """A person's click; if something lies over the button (a page still laying out under
    load) the button's own click, which submits its form the same way."""
    try:
        browser.find_element(By.ID, button_id).click()
    except ElementClickInterceptedException:
        browser.execute_script("document.getElementById(arguments[0]).click();", button_id)
    return True


def sign_in(browser, username: str, password: str) -> None:
    for field_id, value in (("id_username", username), ("id_password", password)):
        field = browser.find_element(By.ID, field_id)
        field.clear()
        field.send_keys(value)
    submit_and_wait(browser, "login-submit")


def console_errors(browser) -> list[str]:
    """The console's errors since the last call (a missing favicon counts: the pages link
    one, ``gongye/favicon.svg``)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
