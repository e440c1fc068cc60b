"""Issue 11, item 7: each persona's 工作台 is its own queue, on the demo as ``make run`` loads
it (the embedded plan, its demo progress, and a day's work left waiting: 开发区's liaison has a
report waiting for its head, one its head returned, and one its head approved).

The counts are the demo's, checked against the database by other roads than the panels take
(the tasks' own deadlines and states, the reports' own statuses)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gongye.accounts.models import User
from gongye.indicators.models import TargetOwner
from gongye.plans.models import Plan, TaskUnit
from gongye.supervision.models import ProgressReport, TaskState

pytestmark = pytest.mark.django_db
FIGURE = re.compile(r'id="(home-[a-z-]+)">(\d+)<')
PANEL = re.compile(r'<section class="card mb-3" id="(home-[a-z-]+)"')


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.GONGYE_DEMO = True
    call_command("load_demo", verbosity=0)
    return Plan.objects.get(region__code="341525", year=2022)


def _home(username: str) -> tuple[list[str], dict[str, int]]:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200, username
    html = response.content.decode()
    return PANEL.findall(html), {k: int(v) for k, v in FIGURE.findall(html)}


def _overdue(plan: Plan, unit_ids: list[int] | None = None) -> int:
    states = TaskState.objects.filter(
        task__plan=plan,
        task__is_active=True,
        closed_at__isnull=True,
        due__lt=timezone.localdate(),
    )
    if unit_ids is not None:
        states = states.filter(
            task__in=TaskUnit.objects.filter(unit_id__in=unit_ids).values("task_id")
        )
    return states.count()


def test_each_persona_has_its_own_queue(demo):
    plan = demo
    kfq = User.objects.get(username="kfq_liaison").acting.unit
    kfq_units = [kfq.pk, *kfq.groups.values_list("pk", flat=True)]
    waiting = ProgressReport.objects.filter(task__plan=plan, status="approved", kind="lead")

    # 开发区's liaison: the report its head returned; its unit's overdue tasks
    panels, figures = _home("kfq_liaison")
    # … and the project register's part: the problems assigned to it, the returns it owes
    assert panels == ["home-queue", "home-projects"]
    assert figures["home-returned"] == 1 and figures["home-to-review"] == 0
    assert figures["home-overdue"] == _overdue(plan, kfq_units) > 0

    # its head: the report waiting for its approval (and sees the returned one too)
    panels, figures = _home("kfq_head")
    assert figures["home-to-review"] == 1 and figures["home-returned"] == 1

    # the plan office: the approved lead reports, the figures to approve, targets to set up
    panels, figures = _home("duban")
    assert panels == [
        "home-queue",
        "home-figures",
        "home-enterprises",
        "home-appeals",
        "home-projects",
        "home-counts",
    ]
    assert figures["home-to-review"] == waiting.count() > 0
    assert figures["home-overdue"] == _overdue(plan)
    assert (
        figures["home-without-owner"]
        == plan.targets.exclude(pk__in=TargetOwner.objects.values("target_id")).count()
    )

    # the county leader: the overdue tasks and the targets by status, with the cockpit
    panels, figures = _home("leader")
    # … and the enterprises paired with them (一对一联系, the register's demo pairs some)
    # … and the open problems of the projects paired with them
    assert panels == ["home-queue", "home-figures", "home-enterprises", "home-projects"]
    assert figures["home-overdue"] == _overdue(plan)
    assert sum(figures[k] for k in ("home-on-track", "home-near", "home-behind")) <= (
        plan.targets.filter(is_active=True).count()
    )
    assert figures["home-on-track"] > 0

    # the statistics bureau: the figures still to enter for the month due (December: a past
    # year's plan), with its entry form and import
    panels, figures = _home("tongji")
    assert "home-figures" in panels and "home-to-enter" in figures

    # a township liaison: its own overdue duties, nothing to review
    panels, figures = _home("hengshan_liaison")
    hengshan = User.objects.get(username="hengshan_liaison").acting.unit
    units = [hengshan.pk, *hengshan.groups.values_list("pk", flat=True)]
    assert figures["home-overdue"] == _overdue(plan, units)
    assert figures["home-to-review"] == figures["home-returned"] == 0

    # the enterprise: the county's published plan and its funding rules
    panels, figures = _home("qiye")
    assert panels == ["home-plan", "home-appeals"]

    # another county's liaison sees nothing of Huoshan's
    panels, figures = _home("jinzhai_liaison")
    assert figures["home-overdue"] == 0 and figures["home-to-review"] == 0


def test_the_counts_follow_the_work(demo):
    """Approving the waiting report moves it from the head's queue to the plan office's."""
    from gongye.supervision.services import report_review

    head = User.objects.get(username="kfq_head")
    pending = ProgressReport.objects.get(status="submitted", created_by__username="kfq_liaison")
    before = _home("duban")[1]["home-to-review"]
    report_review(actor=head, report=pending, action="approve")
    assert _home("kfq_head")[1]["home-to-review"] == 0
    expected = before + (1 if pending.kind == "lead" else 0)
    assert _home("duban")[1]["home-to-review"] == expected
