"""Issue 12's appeal in real Chromium: an enterprise user files an appeal; the plan office
assigns it to 开发区 with a deadline; 开发区's liaison answers; the enterprise, told on its list
that an answer waits for its rating, rates it satisfied and the appeal closes. A second
enterprise's user and the liaison of another township get 404 on the appeal's page. Pages are
saved to var/screenshots/appeal-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.by import By

from gongye.enterprises.models import Appeal, EnterpriseAccount
from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Unit
from tests.browser_kit import console_errors, sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, make_persona, make_user
from tests.enterprises.factories import EnterpriseFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted):
    load_organisation()
    people = {name: make_persona(name) for name in ("enterprise", "plan_office", "lead_liaison")}
    township = Unit.objects.get(region__code="341525", name="衡山镇")
    own = EnterpriseFactory(name="衡山精工有限公司", township=township)
    EnterpriseAccount.objects.create(enterprise=own, user=people["enterprise"])
    second = EnterpriseFactory(
        name="佛子岭竹业有限公司", township=Unit.objects.get(region__code="341525", name="佛子岭镇")
    )
    people["second"] = make_user("enterprise2", "第二企业用户", "enterprise", "341525")
    EnterpriseAccount.objects.create(enterprise=second, user=people["second"])
    people["fzl_liaison"] = make_user(
        "fzl_liaison", "佛子岭联络员", "liaison", "341525", "佛子岭镇"
    )
    return {"own": own, **people}


def _as(browser, base: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    sign_in(browser, username, PASSWORD)


def _text(browser, element_id: str) -> str:
    return wait(browser).until(lambda b: b.find_element(By.ID, element_id)).text


def test_an_appeal_from_filing_to_rating(world, browser, live_server, screenshot):
    base = live_server.url
    _as(browser, base, "enterprise")
    browser.get(base + "/enterprises/appeals/")
    submit_and_wait(browser, "appeal-create-link")
    browser.find_element(By.ID, "id_title").send_keys("新增生产线用电增容")
    browser.find_element(By.ID, "id_content").send_keys(
        "新增生产线需增容至1250千伏安，请协调供电部门。"
    )
    browser.find_element(By.CSS_SELECTOR, "#id_category option[value='infrastructure']").click()
    screenshot("appeal-raise")
    submit_and_wait(browser, "appeal-submit")
    assert _text(browser, "appeal-status") == "待交办"
    appeal = Appeal.objects.get()
    assert appeal.enterprise == world["own"] and appeal.raised_by == world["enterprise"]

    _as(browser, base, "plan_office")
    browser.get(f"{base}/enterprises/appeals/{appeal.pk}/")
    kfq = Unit.objects.get(region__code="341525", name="开发区")
    browser.find_element(By.CSS_SELECTOR, f"#f-unit option[value='{kfq.pk}']").click()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    browser.execute_script("document.getElementById('f-deadline').value = arguments[0];", due)
    screenshot("appeal-assign")
    submit_and_wait(browser, "assign-submit")
    assert _text(browser, "appeal-status") == "办理中"
    assert _text(browser, "appeal-unit") == "开发区"
    assert browser.find_element(By.ID, "appeal-status").get_attribute("data-colour") == "green"

    _as(browser, base, "lead_liaison")
    browser.get(base + "/")
    assert "待本单位答复" in _text(browser, "home-appeals")
    browser.get(f"{base}/enterprises/appeals/{appeal.pk}/")
    browser.find_element(By.ID, "f-answer").send_keys("已协调供电公司，本周内完成增容。")
    submit_and_wait(browser, "answer-submit")
    assert _text(browser, "appeal-status") == "已答复待评价"

    _as(browser, base, "enterprise")
    browser.get(base + "/enterprises/appeals/")
    assert "待您评价" in _text(browser, "appeal-to-rate")
    browser.get(f"{base}/enterprises/appeals/{appeal.pk}/")
    assert "请您评价" in _text(browser, "appeal-rate-call")
    browser.find_element(By.ID, "rating-satisfied").click()
    screenshot("appeal-rate")
    submit_and_wait(browser, "rate-submit")
    assert _text(browser, "appeal-status") == "已办结"
    assert browser.find_element(By.ID, "appeal-rating").get_attribute("data-rating") == "satisfied"
    timeline = _text(browser, "appeal-timeline")
    for verb in ("提出诉求", "交办诉求", "答复诉求", "评价诉求答复"):
        assert verb in timeline
    screenshot("appeal-closed")
    assert not [e for e in console_errors(browser) if "favicon" not in e]

    for outsider in ("second", "fzl_liaison"):
        client = Client()
        client.force_login(world[outsider])
        assert client.get(f"/enterprises/appeals/{appeal.pk}/").status_code == 404
        assert client.get(f"/api/v1/enterprises/appeals/{appeal.pk}").status_code == 404
        assert f"appeals/{appeal.pk}/" not in client.get("/enterprises/appeals/").content.decode()
    _as(browser, base, "enterprise2")
    browser.get(f"{base}/enterprises/appeals/{appeal.pk}/")
    assert "新增生产线用电增容" not in browser.find_element(By.TAG_NAME, "body").text
