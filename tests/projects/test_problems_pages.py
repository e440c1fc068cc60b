"""The problem lists' pages (问题清单交办, issue 13 item 5): a problem raised, assigned, answered,
sent back, answered again and closed through the pages, each step by the one it belongs to,
the unit and the raiser told; the list scoped, filtered and counted; out of sight 404, not
theirs 403, bad input the page again (200) with the field's error in Chinese and nothing
written; query counts flat as problems grow (English: test_problems_english.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongye.audit.models import AuditEntry
from gongye.notifications.models import Notification
from gongye.projects.models import ProjectProblem
from gongye.projects.selectors.problems import problem_colour
from gongye.projects.services.problems import problem_act, problem_raise
from tests.projects.factories import ProjectFactory, on

pytestmark = pytest.mark.django_db

TODAY = dt.date(2022, 6, 1)
DUE = dt.date(2022, 6, 15)


@pytest.fixture(autouse=True)
def _june_first():
    """Every test here runs on 1 June 2022, 10:00 in 霍山."""
    with time_machine.travel(on(2022, 6, 1), tick=False):
        yield


def _client(user, language: str | None = None) -> Client:
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _act(client: Client, problem: ProjectProblem, **data):
    return client.post(f"/projects/problems/{problem.pk}/act/", data)


def _entries(problem: ProjectProblem) -> int:
    return AuditEntry.objects.filter(
        target_type="projects.projectproblem", target_id=str(problem.pk)
    ).count()


def _raised(persona, project, title: str = "用地指标未落实") -> ProjectProblem:
    """Raised by the liaison of the unit where the project is built."""
    by = "coop_liaison" if project.location.name == "衡山镇" else "lead_liaison"
    return problem_raise(
        actor=persona(by), project=project, title=title, content="二期用地指标待调剂。"
    )


def _assigned(persona, unit, project, title: str = "用地指标未落实", to: str = "开发区"):
    problem = _raised(persona, project, title)
    return problem_act(
        actor=persona("plan_office"), problem=problem, action="assign", unit=unit(to), deadline=DUE
    )


# ----- the whole story through the pages


def test_a_problem_from_raising_to_closing(persona, unit, kfq_project):
    liaison, office = _client(persona("lead_liaison")), _client(persona("plan_office"))
    # the project's unit raises it from the project's page
    page = liaison.get(f"/projects/{kfq_project.pk}/").content.decode()
    assert f'href="/projects/{kfq_project.pk}/problems/new/"' in page
    form = liaison.get(f"/projects/{kfq_project.pk}/problems/new/").content.decode()
    assert 'name="unit"' not in form  # only the plan office assigns
    response = liaison.post(
        f"/projects/{kfq_project.pk}/problems/new/",
        {"title": "施工用电未接入", "content": "项目施工临时用电尚未接入，影响主体施工。"},
    )
    problem = ProjectProblem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/problems/{problem.pk}/"
    assert (problem.status, problem.raised_unit, problem.raised_role) == (
        "raised",
        unit("开发区"),
        "liaison",
    )
    # the office sees it to assign, on the list and on its page
    listing = office.get("/projects/problems/").content.decode()
    assert 'id="problems-to-assign"' in listing and "施工用电未接入" in listing
    detail = office.get(f"/projects/problems/{problem.pk}/")
    assert detail.context["page"].actions == {"assign"}
    response = _act(
        office,
        problem,
        action="assign",
        **{"assign-unit": unit("衡山镇").pk, "assign-deadline": DUE},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.status, problem.unit, problem.deadline) == ("assigned", unit("衡山镇"), DUE)
    told = Notification.objects.about(problem).get(rule="problem_assigned")
    assert (told.unit, told.audience) == (unit("衡山镇"), "liaison")
    # 衡山镇 now sees the problem and its project (it was assigned to it), and answers
    township = _client(persona("coop_liaison"))
    assert township.get(f"/projects/{kfq_project.pk}/").status_code == 200
    assert township.get(f"/projects/problems/{problem.pk}/").context["page"].actions == {"answer"}
    assert (
        _act(
            township, problem, action="answer", **{"answer-answer": "已协调供电所接入。"}
        ).status_code
        == 302
    )
    problem.refresh_from_db()
    assert (problem.status, problem.answer, problem.answered_by) == (
        "answered",
        "已协调供电所接入。",
        persona("coop_liaison"),
    )
    # the office sends it back with a fresh deadline, then closes the second answer
    assert office.get(f"/projects/problems/{problem.pk}/").context["page"].actions == {
        "close",
        "reopen",
    }
    again = dt.date(2022, 6, 20)
    _act(
        office,
        problem,
        action="reopen",
        **{"reopen-comment": "请附接电照片。", "reopen-deadline": again},
    )
    problem.refresh_from_db()
    assert (problem.status, problem.deadline, problem.reopen_count) == ("assigned", again, 1)
    _act(township, problem, action="answer", **{"answer-answer": "已接入，照片见附件。"})
    assert _act(office, problem, action="close").status_code == 302
    problem.refresh_from_db()
    assert problem.status == "closed" and problem.closed_at is not None
    # the raiser is told in person; the history reads the audit log, oldest first
    closed = Notification.objects.about(problem).get(rule="problem_closed")
    assert closed.user == persona("lead_liaison")
    page = office.get(f"/projects/problems/{problem.pk}/")
    labels = [line.label for line in page.context["page"].timeline]
    assert labels == [
        "提出项目问题",
        "交办项目问题",
        "答复项目问题",
        "项目问题退回重办",
        "答复项目问题",
        "项目问题销号",
    ]
    html = page.content.decode()
    assert "承办单位：衡山镇，办理时限：2022年6月15日" in html
    assert "请附接电照片。（新的办理时限：2022年6月20日）" in html
    assert page.context["page"].actions == set()


def test_the_office_raises_and_assigns_at_once(persona, unit, kfq_project):
    office = _client(persona("plan_office"))
    form = office.get(f"/projects/{kfq_project.pk}/problems/new/").content.decode()
    assert 'name="unit"' in form and 'name="deadline"' in form
    response = office.post(
        f"/projects/{kfq_project.pk}/problems/new/",
        {
            "title": "环评批复滞后",
            "content": "环评待批。",
            "unit": unit("开发区").pk,
            "deadline": DUE,
        },
    )
    problem = ProjectProblem.objects.get()
    assert response.status_code == 302
    assert (problem.status, problem.unit, problem.deadline) == ("assigned", unit("开发区"), DUE)
    assert _entries(problem) == 2  # raised, then assigned


def test_the_raiser_withdraws_before_it_is_assigned(persona, kfq_project):
    problem = _raised(persona, kfq_project)
    assert _act(_client(persona("unit_head")), problem, action="withdraw").status_code == 403
    assert _act(_client(persona("lead_liaison")), problem, action="withdraw").status_code == 302
    problem.refresh_from_db()
    assert problem.status == "withdrawn"
    # a withdrawn problem leaves the list unless asked for
    office = _client(persona("plan_office"))
    assert problem.title not in office.get("/projects/problems/").content.decode()
    assert problem.title in office.get("/projects/problems/?status=withdrawn").content.decode()


# ----- who may: 404 out of sight, 403 not theirs


def test_out_of_sight_is_404_and_not_theirs_is_403(persona, unit, kfq_project, hs_project):
    problem = _raised(persona, kfq_project)
    for name in ("coop_liaison", "outsider", "enterprise"):
        client = _client(persona(name))
        assert client.get(f"/projects/problems/{problem.pk}/").status_code == 404, name
        assert _act(client, problem, action="withdraw").status_code == 404, name
        assert client.get(f"/projects/{kfq_project.pk}/problems/new/").status_code == 404, name
    for name in ("auditor", "sys_admin"):
        assert _client(persona(name)).get(f"/projects/problems/{problem.pk}/").status_code == 403
    # in sight but not theirs: the unit does not assign, the bureau does not raise
    liaison = _client(persona("lead_liaison"))
    data = {"action": "assign", "assign-unit": unit("开发区").pk, "assign-deadline": DUE}
    assert _act(liaison, problem, **data).status_code == 403
    statistics = _client(persona("statistics"))
    assert statistics.get(f"/projects/{kfq_project.pk}/problems/new/").status_code == 403
    # a unit answers only what is assigned to it
    held = _assigned(persona, unit, hs_project, "道路未通", to="衡山镇")
    reply = {"action": "answer", "answer-answer": "已办"}
    assert _act(_client(persona("coop_liaison")), held, **reply).status_code == 302
    problem = _assigned(persona, unit, kfq_project, "供水未通", to="衡山镇")
    assert _act(liaison, problem, **reply).status_code == 403
    assert ProjectProblem.objects.get(pk=problem.pk).status == "assigned"


# ----- bad input: the page again, the error in Chinese on its field, nothing written


def _field_errors(response) -> dict[str, list[str]]:
    forms = response.context["forms"]
    return {f"{name}.{k}": v for name, form in forms.items() for k, v in form.errors.items()}


def test_bad_steps_are_told_and_change_nothing(persona, unit, kfq_project):
    problem = _assigned(persona, unit, kfq_project)
    office = _client(persona("plan_office"))
    before = (_entries(problem), Notification.objects.count())
    cases = [
        (
            {"assign-unit": "x", "assign-deadline": "2022-06-20"},
            "reassign.unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
        (
            {"assign-unit": unit("开发区").pk, "assign-deadline": "2022-13-45"},
            "reassign.deadline",
            "办理时限应为有效日期。",
        ),
        (
            {"assign-unit": unit("开发区").pk, "assign-deadline": ""},
            "reassign.deadline",
            "请填写办理时限。",
        ),
        (
            {"assign-unit": unit("开发区").pk, "assign-deadline": "2022-05-01"},
            "reassign.deadline",
            "办理时限不能早于今天。",
        ),
        (
            {"assign-unit": unit("开发区").pk, "assign-deadline": "2024-01-01"},
            "reassign.deadline",
            "办理时限不能超过一年。",
        ),
        (
            {"assign-unit": unit("相关乡镇").pk, "assign-deadline": "2022-06-20"},
            "reassign.unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
        (
            {"assign-unit": unit("经信局", "341524").pk, "assign-deadline": "2022-06-20"},
            "reassign.unit",
            "请选择本县（区）一个在用的承办单位。",
        ),
    ]
    for data, where, message in cases:
        response = _act(office, problem, action="reassign", **data)
        assert response.status_code == 200, data
        assert _field_errors(response) == {where: [message]}, data
        assert message in response.content.decode()
    problem.refresh_from_db()
    assert (problem.unit, problem.deadline) == (unit("开发区"), DUE)
    # an empty answer, a send-back without a reason
    liaison = _client(persona("lead_liaison"))
    response = _act(liaison, problem, action="answer", **{"answer-answer": "  "})
    assert response.status_code == 200 and _field_errors(response) == {
        "answer.answer": ["该字段是必填项。"]
    }
    _act(liaison, problem, action="answer", **{"answer-answer": "已办理"})
    response = _act(
        office, problem, action="reopen", **{"reopen-comment": "", "reopen-deadline": "2022-06-20"}
    )
    assert response.status_code == 200 and _field_errors(response) == {
        "reopen.comment": ["该字段是必填项。"]
    }
    problem.refresh_from_db()
    assert problem.status == "answered" and problem.reopen_count == 0
    # an unknown step, and a step its status does not take: said at the top
    for data, message in (
        ({"action": "explode"}, "未知的办理操作。"),
        ({}, "未知的办理操作。"),
        ({"action": "withdraw"}, "这一步操作不适用于该项目问题的当前状态。"),
    ):
        response = _act(office, problem, **data)
        assert response.status_code == 200 and message in response.content.decode(), data
    _act(office, problem, action="close")
    response = _act(office, problem, action="close")
    assert response.status_code == 200
    assert "该项目问题当前状态为“已销号”，不能再办理。" in response.content.decode()
    assert _entries(problem) == before[0] + 2  # the answer and the close, nothing else
    assert Notification.objects.count() == before[1] + 1  # the raiser told of the close


def test_a_bad_problem_is_told_and_not_raised(persona, unit, kfq_project):
    office = _client(persona("plan_office"))
    url = f"/projects/{kfq_project.pk}/problems/new/"
    cases = [
        ({"title": "", "content": "内容"}, {"title": ["该字段是必填项。"]}),
        (
            {"title": "题" * 101, "content": "内容"},
            {"title": ["确保该变量包含不超过 100 字符 (目前字符数 101)。"]},
        ),
        (
            {"title": "用地", "content": "内容", "unit": unit("开发区").pk},
            {"deadline": ["交办时请填写办理时限。"]},
        ),
        (
            {"title": "用地", "content": "内容", "deadline": "2022-06-20"},
            {"unit": ["填写了办理时限，请同时选择承办单位。"]},
        ),
        (
            {
                "title": "用地",
                "content": "内容",
                "unit": unit("开发区").pk,
                "deadline": "2022-05-20",
            },
            {"deadline": ["办理时限不能早于今天。"]},
        ),
        ({"title": "   ", "content": "内容"}, {"title": ["该字段是必填项。"]}),
    ]
    for data, errors in cases:
        response = office.post(url, data)
        assert response.status_code == 200, data
        assert response.context["form"].errors == errors, data
    assert not ProjectProblem.objects.exists()
    assert not AuditEntry.objects.filter(target_type="projects.projectproblem").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/projects/problems/?status=nonsense&unit=abc&overdue=maybe&page=-1",
        "/projects/problems/?unit=99999999999999999999999&page=999999999999999999999",
        "/projects/problems/99999999999999999999/",
        "/projects/problems/0/",
        "/projects/problems/abc/",
        "/projects/99999999999/problems/new/",
    ],
)
def test_junk_never_fails(persona, url):
    assert _client(persona("plan_office")).get(url).status_code in {200, 404}


# ----- the list: scoped, filtered, counted


def test_the_list_is_scoped_filtered_and_counted(persona, unit, kfq_project, hs_project):
    raised = _raised(persona, kfq_project, "问题甲")
    held = _assigned(persona, unit, kfq_project, "问题乙", to="开发区")
    late = _assigned(persona, unit, hs_project, "问题丙", to="衡山镇")
    answered = _assigned(persona, unit, hs_project, "问题丁", to="衡山镇")
    problem_act(actor=persona("coop_liaison"), problem=answered, action="answer", answer="已办")
    titles = {"问题甲", "问题乙", "问题丙", "问题丁"}

    def shown(name: str, query: str = "") -> set[str]:
        response = _client(persona(name)).get(f"/projects/problems/{query}")
        assert response.status_code == 200
        return {p.title for p in response.context["problems"]}

    assert shown("plan_office") == shown("county_leader") == shown("statistics") == titles
    assert shown("lead_liaison") == {"问题甲", "问题乙"}  # 开发区's project
    assert shown("coop_liaison") == {"问题丙", "问题丁"}  # 衡山镇's project
    assert shown("outsider") == shown("enterprise") == set()
    assert shown("plan_office", "?status=assigned") == {"问题乙", "问题丙"}
    assert shown("plan_office", f"?unit={unit('衡山镇').pk}") == {"问题丙", "问题丁"}
    with time_machine.travel(on(2022, 6, 16), tick=False):
        assert shown("plan_office", "?overdue=on") == {"问题乙", "问题丙"}
        counts = _client(persona("plan_office")).get("/projects/problems/").context["counts"]
    assert counts == {
        "all": 4,
        "raised": 1,
        "assigned": 2,
        "answered": 1,
        "closed": 0,
        "withdrawn": 0,
        "overdue": 2,
    }
    # above the list: the office's problems to assign, a unit's own
    office = _client(persona("plan_office")).get("/projects/problems/").context["waiting"]
    assert (office.key, office.total, [p.title for p in office.rows]) == (
        "to-assign",
        1,
        ["问题甲"],
    )
    own = _client(persona("coop_liaison")).get("/projects/problems/").context["waiting"]
    assert (own.key, own.total, [p.title for p in own.rows]) == ("own", 1, ["问题丙"])
    assert _client(persona("county_leader")).get("/projects/problems/").context["waiting"] is None
    assert raised.pk and held.pk and late.pk


def test_colours_follow_the_deadline(persona, unit, kfq_project):
    problem = _assigned(persona, unit, kfq_project)
    assert problem_colour(problem, dt.date(2022, 6, 1)) == "green"
    assert problem_colour(problem, dt.date(2022, 6, 12)) == "yellow"  # three days ahead
    assert problem_colour(problem, DUE) == "yellow"
    assert problem_colour(problem, dt.date(2022, 6, 16)) == "red"
    problem.status = "answered"
    assert problem_colour(problem, dt.date(2022, 6, 16)) == ""


# ----- query counts flat


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(persona, unit, n: int) -> None:
    for i in range(n):
        project = ProjectFactory(name=f"增长项目{i}", paired_leader=persona("county_leader"))
        problem = _assigned(persona, unit, project, f"增长问题{i}")
        if i % 2:
            problem_act(
                actor=persona("lead_liaison"), problem=problem, action="answer", answer="已办"
            )
        _raised(persona, project, f"待交办{i}")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("plan_office", "/projects/problems/"),
        ("plan_office", "/projects/problems/?status=assigned&overdue=on"),
        ("lead_liaison", "/projects/problems/"),
        ("county_leader", "/projects/problems/"),
        ("city_leader", "/projects/problems/"),
    ],
)
def test_the_list_query_count_is_flat(persona, unit, who, url):
    _grow(persona, unit, 2)
    client = _client(persona(who))
    small = _queries(client, url)
    _grow(persona, unit, 10)
    assert _queries(client, url) <= small


def test_a_problem_page_query_count_is_flat(persona, unit, kfq_project):
    problem = _assigned(persona, unit, kfq_project)
    client = _client(persona("plan_office"))
    url = f"/projects/problems/{problem.pk}/"
    small = _queries(client, url)
    for day in (20, 25, 28):
        problem_act(
            actor=persona("plan_office"),
            problem=problem,
            action="reassign",
            unit=unit("衡山镇" if day % 2 else "统计局"),
            deadline=dt.date(2022, 6, day),
        )
    assert _queries(client, url) <= small
    assert len(client.get(url).context["page"].timeline) == 5
