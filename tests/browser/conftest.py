"""Real headless Chromium against pytest-django's live server.

The audit table is append-only at the database level (``gongye.audit.guards``). A live-server test
is transactional, so pytest-django flushes every table afterwards; on SQLite the flush is a
DELETE, which the guard refuses. The ``audit_guards_lifted`` fixture therefore removes the guards
just before the flush, and a ``post_migrate`` receiver (the flush emits that signal when it is
done) puts them back, so every later test still meets an append-only audit log.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models.signals import post_migrate

from gongye.audit import guards

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
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _reinstall_guards(sender, using="default", **kwargs) -> None:
    if sender.label == "audit":
        guards.install(connections[using])


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
