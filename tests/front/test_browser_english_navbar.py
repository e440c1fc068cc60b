"""The top bar in English at 1440 px (issue 11, items 16 and 17), in real Chromium: every
entry on one line and the whole bar in one row, for the persona with the most entries (the
plan office) and for one with the identity switcher (a liaison of two units), whose 切换 /
Switch button does not wrap either. The pages link their icon, so nothing answers 404."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from gongye.accounts.demo import DEMO_PASSWORD
from tests.browser_kit import console_errors, sign_in, submit_and_wait, wait

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1440, 900

# each entry's box, its text's line count, and the row the bar's parts sit in
MEASURE = """
const lines = (el) => {  // the distinct rows the element's text is laid out on
  const range = document.createRange();
  range.selectNodeContents(el);
  const rows = new Set();
  for (const r of range.getClientRects()) { if (r.width > 0) rows.add(Math.round(r.bottom)); }
  return rows.size;
};
const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
const links = [...document.querySelectorAll('#main-nav .nav-link')];
const bar = document.querySelector('#gy-nav');
const right = bar.lastElementChild;
const button = document.querySelector('#acting-switch');
return {
  labels: links.map((a) => a.textContent.trim()),
  lines: links.map(lines),
  tops: links.map((a) => Math.round(a.getBoundingClientRect().top)),
  nav: box(document.querySelector('#main-nav')),
  right: box(right),
  bar: box(document.querySelector('.gy-topbar')),
  button_lines: button ? lines(button) : null,
  overflow: document.documentElement.scrollWidth > window.innerWidth,
};
"""


@pytest.fixture
def demo_site(live_server, audit_guards_lifted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    return live_server


def _english_bar(browser, base: str, username: str) -> dict:
    browser.set_window_size(WIDTH, HEIGHT)
    browser.get(f"{base}/accounts/login/")
    sign_in(browser, username, DEMO_PASSWORD)
    if browser.find_element(By.ID, "lang-toggle").text != "中文":
        submit_and_wait(browser, "lang-toggle")
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    # the window is 1440 px wide inside, whatever the browser's own frame takes
    inner = browser.execute_script("return window.innerWidth;")
    browser.set_window_size(WIDTH + (WIDTH - inner), HEIGHT)
    assert browser.execute_script("return window.innerWidth;") == WIDTH
    return browser.execute_script(MEASURE)


@pytest.mark.parametrize("username", ["duban", "nyncj_liaison", "leader", "secadmin"])
def test_english_navbar_is_one_line_at_1440(demo_site, browser, screenshot, username):
    bar = _english_bar(browser, demo_site.url, username)
    screenshot(f"navbar-en-{username}")
    assert bar["labels"], "no navigation entries"
    assert all(label.isascii() for label in bar["labels"]), bar["labels"]
    assert bar["lines"] == [1] * len(bar["lines"]), dict(
        zip(bar["labels"], bar["lines"], strict=True)
    )
    assert len(set(bar["tops"])) == 1, dict(zip(bar["labels"], bar["tops"], strict=True))
    # the entries and the identity, language and account controls share one row
    assert bar["right"]["top"] < bar["nav"]["bottom"], bar
    assert bar["nav"]["top"] < bar["right"]["bottom"], bar
    assert bar["bar"]["bottom"] - bar["bar"]["top"] < 70, bar
    assert not bar["overflow"], "the page is wider than the window"
    if username == "nyncj_liaison":  # two units: the switcher is in the bar
        assert bar["button_lines"] == 1
    assert console_errors(browser) == []  # the favicon is found, no script failed


def test_pages_link_an_icon_that_is_served(client, persona):
    client.force_login(persona("plan_office"))
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/gongye/favicon.svg"' in page
    icon = client.get("/static/gongye/favicon.svg")
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)
    admin = client.get("/admin/").content.decode()
    assert 'rel="icon" href="/static/gongye/favicon.svg"' in admin


@pytest.mark.parametrize("width", [1366, 1440])
def test_chinese_navbar_fits_a_laptop_with_a_long_account_name(demo_site, browser, width):
    """At a laptop's width the entries drop their icons and a long account name is cut (whole
    in its tooltip): the bar keeps one row and the page no horizontal scroll."""
    from gongye.accounts.models import User

    User.objects.filter(username="duban").update(display_name="计划办综合科值班联络员张某某")
    browser.set_window_size(width, HEIGHT)
    browser.get(f"{demo_site.url}/accounts/login/")
    sign_in(browser, "duban", DEMO_PASSWORD)
    inner = browser.execute_script("return window.innerWidth;")
    browser.set_window_size(width + (width - inner), HEIGHT)
    browser.get(f"{demo_site.url}/evaluation/")
    bar = browser.execute_script(MEASURE)
    assert not bar["overflow"], bar
    assert bar["right"]["top"] < bar["nav"]["bottom"], bar
    assert len(set(bar["tops"])) == 1, dict(zip(bar["labels"], bar["tops"], strict=True))
    menu = browser.find_element(By.ID, "user-menu")
    assert menu.get_attribute("title") == "计划办综合科值班联络员张某某"
    icons = browser.execute_script(
        "return [...document.querySelectorAll('#main-nav .nav-link > .bi')]"
        ".filter((i) => getComputedStyle(i).display !== 'none').length;"
    )
    assert icons == 0
