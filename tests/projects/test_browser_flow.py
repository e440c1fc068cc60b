"""Issue 13's flow in real Chromium: 衡山镇's liaison files a project's monthly return (月30) with
a site photo; the plan office sees it on the project's page, raises a problem on the project
and assigns it to the township with a deadline; the county leader paired with the project
sees it on their 工作台 while it is open; the liaison answers it; the office verifies and
closes it (and it leaves the leader's 工作台). The liaison of another township gets 404 on the
project and on the problem. Pages are saved to var/screenshots/projects-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.by import By

from gongye.orgs.demo.loader import load_organisation
from gongye.orgs.models import Unit
from gongye.projects.choices import ProjectStage
from gongye.projects.models import ProjectDocument, ProjectProblem, ProjectReturn
from tests.browser_kit import console_errors, sign_in, submit_and_wait, wait
from tests.conftest import PASSWORD, make_persona, make_user
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _unit(name: str) -> Unit:
    return Unit.objects.get(region__code="341525", name=name)


@pytest.fixture
def world(live_server, transactional_db, audit_guards_lifted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_organisation()
    people = {n: make_persona(n) for n in ("coop_liaison", "plan_office", "county_leader")}
    people["fzl_liaison"] = make_user(
        "fzl_liaison", "佛子岭联络员", "liaison", "341525", "佛子岭镇"
    )
    township = _unit("衡山镇")
    project = ProjectFactory(
        name="衡山竹木加工项目",
        location=township,
        unit=township,
        stage=ProjectStage.BUILDING,
        started_on=timezone.localdate() - dt.timedelta(days=40),
        paired_leader=people["county_leader"],
    )
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    return {"project": project, "photo": photo, **people}


def _as(browser, base: str, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(base + "/accounts/login/")
    sign_in(browser, username, PASSWORD)


def _text(browser, element_id: str) -> str:
    return wait(browser).until(lambda b: b.find_element(By.ID, element_id)).text


def _type(browser, element_id: str, text: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def test_a_return_a_problem_and_its_closing(world, browser, live_server, screenshot):
    base, project = live_server.url, world["project"]
    page = f"{base}/projects/{project.pk}/"

    # 衡山镇's liaison files the month's return with a site photo
    _as(browser, base, "coop_liaison")
    browser.get(page)
    submit_and_wait(browser, "return-link")
    _type(browser, "id_investment_month", "320")
    _type(browser, "id_investment_total", "320")
    _type(browser, "id_progress", "主体厂房钢结构吊装完成60%")
    browser.find_element(By.ID, "id_photos").send_keys(str(world["photo"]))
    screenshot("projects-return")
    submit_and_wait(browser, "save")
    filed = ProjectReturn.objects.get(project=project)
    assert filed.investment_total == 320 and filed.unit == _unit("衡山镇")
    assert ProjectDocument.objects.get(project_return=filed).kind == "photo"

    # the plan office sees it in the month's 调度表 and on the project's page, raises a problem
    # and assigns it
    _as(browser, base, "plan_office")
    browser.get(f"{base}/projects/schedule/?month={filed.year}-{filed.month:02d}")
    sheet = _text(browser, "schedule")
    assert project.name in sheet and "主体厂房钢结构吊装完成60%" in sheet and "320" in sheet
    screenshot("projects-schedule")
    browser.get(page)
    returns = _text(browser, "return-table")
    assert "主体厂房钢结构吊装完成60%" in returns and "现场照片.png" in returns
    submit_and_wait(browser, "problem-raise-link")
    _type(browser, "id_title", "施工用电未接入")
    _type(browser, "id_content", "项目施工临时用电尚未接入，影响钢结构吊装。")
    township = _unit("衡山镇")
    browser.find_element(By.CSS_SELECTOR, f"#id_unit option[value='{township.pk}']").click()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    browser.execute_script("document.getElementById('id_deadline').value = arguments[0];", due)
    screenshot("projects-problem-raise")
    submit_and_wait(browser, "problem-submit")
    problem = ProjectProblem.objects.get()
    assert _text(browser, "problem-status") == "办理中"
    assert _text(browser, "problem-unit") == "衡山镇"
    assert browser.find_element(By.ID, "problem-status").get_attribute("data-colour") == "green"

    # the paired leader sees it on their 工作台 while it is open
    _as(browser, base, "county_leader")
    browser.get(base + "/")
    assert "施工用电未接入" in _text(browser, "home-projects-paired-open-rows")
    screenshot("projects-leader-home")

    # the liaison is told on its 工作台 and answers
    _as(browser, base, "coop_liaison")
    browser.get(base + "/")
    assert "施工用电未接入" in _text(browser, "home-projects-to-answer-rows")
    browser.get(f"{base}/projects/problems/{problem.pk}/")
    _type(browser, "id_answer-answer", "已协调供电所，临时用电本周接入。")
    submit_and_wait(browser, "answer-form-submit")
    assert _text(browser, "problem-status") == "已答复待核实"

    # the office verifies and closes it
    _as(browser, base, "plan_office")
    browser.get(f"{base}/projects/problems/{problem.pk}/")
    assert "已协调供电所" in _text(browser, "problem-answer")
    submit_and_wait(browser, "close-form-submit")
    assert _text(browser, "problem-status") == "已销号"
    timeline = _text(browser, "problem-timeline")
    for verb in ("提出项目问题", "交办项目问题", "答复项目问题", "项目问题销号"):
        assert verb in timeline
    screenshot("projects-problem-closed")
    assert not [e for e in console_errors(browser) if "favicon" not in e]
    problem.refresh_from_db()
    assert problem.status == "closed"

    # closed, it has left the leader's 工作台
    _as(browser, base, "county_leader")
    browser.get(base + "/")
    assert "施工用电未接入" not in browser.find_element(By.TAG_NAME, "body").text

    # another township's liaison: 404 on the project and the problem
    client = Client()
    client.force_login(world["fzl_liaison"])
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get(f"/projects/problems/{problem.pk}/").status_code == 404
    _as(browser, base, "fzl_liaison")
    browser.get(page)
    assert "衡山竹木加工项目" not in browser.find_element(By.TAG_NAME, "body").text
