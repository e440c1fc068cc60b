"""Issue 14's flow in real Chromium: the plan office uploads a scheme file, previews it on the
year before, saves it, runs it and publishes the run; the enterprise user opens the evaluation,
sees only its own result (another's is a 404), reads it item by item and files an appeal with
evidence; the office finds it waiting. Pages are saved to var/screenshots/evaluation-*.png."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from gongye.evaluation.models import EvaluationAppeal, EvaluationRun
from gongye.orgs.demo.loader import load_organisation
from tests.browser_kit import console_errors, sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, make_persona
from tests.evaluation.conftest import REGISTER, SCHEME, add_register

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_organisation()
    people = {n: make_persona(n) for n in ("plan_office", "enterprise")}
    enterprises = add_register(people["enterprise"])
    scheme = tmp_path / "亩均评价方案.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    evidence = tmp_path / "不动产权证.png"
    evidence.write_bytes(PNG)
    return {"scheme": scheme, "evidence": evidence, "enterprises": enterprises, **people}


def _as(browser, base: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    sign_in(browser, username, PASSWORD)


def _text(browser, element_id: str) -> str:
    return wait(browser).until(lambda b: b.find_element(By.ID, element_id)).text


def test_scheme_run_publish_and_an_appeal(world, browser, live_server, screenshot):
    base = live_server.url

    # the office uploads the scheme, previews it, saves it
    _as(browser, base, "plan_office")
    browser.get(base + "/evaluation/")
    submit_and_wait(browser, "scheme-new")
    browser.find_element(By.ID, "id_upload").send_keys(str(world["scheme"]))
    browser.execute_script("document.getElementById('id_year').value = '2023';")
    submit_and_wait(browser, "scheme-preview")
    assert "2022" in _text(browser, "preview")  # the year before the scheme's
    screenshot("evaluation-preview")
    browser.execute_script("document.getElementById('id_year').value = '2022';")
    browser.find_element(By.ID, "id_upload").send_keys(str(world["scheme"]))
    submit_and_wait(browser, "scheme-save")

    # runs it and publishes it
    submit_and_wait(browser, "run-submit")
    run = EvaluationRun.objects.get()
    assert _text(browser, "run-status") == "试算"
    assert "规上" in _text(browser, "distribution-table")
    # the stacked bars drawn by core's chart script from the same counts
    bars = browser.execute_script(
        "var c = echarts.getInstanceByDom(document.getElementById('distribution-chart'));"
        " return c ? c.getOption().yAxis[0].data : null;"
    )
    assert bars is not None and "规上" in bars
    screenshot("evaluation-run")
    submit_and_wait(browser, "publish-submit")
    assert _text(browser, "run-status") == "已公示"
    assert not [e for e in console_errors(browser) if "favicon" not in e]

    # the enterprise sees its own result only, explained, and appeals
    _as(browser, base, "enterprise")
    browser.get(base + "/evaluation/")
    own = _text(browser, "own-results")
    assert "丙公司" in own and "甲公司" not in own
    other = run.results.get(name="甲公司")
    browser.get(f"{base}/evaluation/results/{other.pk}/")
    assert "甲公司" not in browser.page_source
    mine = run.results.get(name="丙公司")
    browser.get(f"{base}/evaluation/results/{mine.pk}/")
    assert _text(browser, "result-class") == mine.klass
    assert "亩均税收" in _text(browser, "item-table")
    browser.find_element(By.CSS_SELECTOR, "#id_variable option[value='land_mu']").click()
    browser.find_element(By.ID, "id_claimed_value").send_keys("5")
    browser.find_element(By.ID, "id_statement").send_keys("实际用地5亩，附不动产权证")
    browser.find_element(By.ID, "id_evidence").send_keys(str(world["evidence"]))
    screenshot("evaluation-appeal")
    submit_and_wait(browser, "appeal-submit")
    appeal = EvaluationAppeal.objects.get()
    assert (appeal.variable, appeal.claimed_value, appeal.result) == ("land_mu", 5, mine)
    assert _text(browser, "appeal-status") == "待处理"

    # the office finds it waiting
    _as(browser, base, "plan_office")
    browser.get(base + "/evaluation/")
    assert _text(browser, "appeals-waiting") == "1"
    browser.get(f"{base}/evaluation/appeals/{appeal.pk}/")
    assert "实际用地5亩" in browser.page_source
    screenshot("evaluation-appeal-office")
    assert len(REGISTER) == len(world["enterprises"])
