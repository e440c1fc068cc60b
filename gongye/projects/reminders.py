"""The project register's deadline rules, registered with the notifications engine
(``ProjectsConfig.notification_rules``) the way the key tasks' and the appeals' are: each is
``rule(today) -> RuleRun``; the engine claims every message at most once per subject, rule,
unit, audience and day, delivers it and audits the run, and a missed day is caught up.

``problem_deadlines`` (问题清单交办, issue 13 item 5): for every problem a unit holds (办理中),
``problem_reminders_due`` says what today calls for — N days before the deadline and on the
day, the unit's liaisons; once overdue (it goes red), the unit's liaisons and the plan office
on the first overdue day and then every seven days, and the unit's head as well once it is a
week overdue (escalation). The rule marks problems past their deadline as having been overdue
(``was_overdue``): the mark stays after a new deadline or an answer.

``return_reminders`` (月30, issue 13 item 3): a project under construction (在建库) whose
month's return is not in — the responsible unit's liaisons are told ``DUE_SOON_DAYS`` days
before the due day (the 30th, or the month's last day) and on the day after it, once each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.core.dates import date_zh, month_zh
from gongye.core.roles import Role
from gongye.notifications.rules import Message, RuleRun, plan_office_units, shorten
from gongye.projects.choices import ProblemStatus, ProjectStage
from gongye.projects.models import Project, ProjectProblem, ProjectReturn
from gongye.projects.selectors.returns import DUE_SOON_DAYS, owing
from gongye.projects.services.returns import return_due
from gongye.supervision.choices import ReminderRule

# a problem a week overdue goes to the unit's head as well (the first overdue day: the unit)
HEAD_AFTER_DAYS = 7
REPEAT_DAYS = 7
PROBLEM_RULE_LABELS = {
    ReminderRule.DUE_SOON: gettext_lazy("项目问题临期提醒"),
    ReminderRule.DUE_TODAY: gettext_lazy("项目问题到期提醒"),
    ReminderRule.OVERDUE: gettext_lazy("项目问题逾期督办"),
}
RETURN_DUE_SOON = "return_due_soon"
RETURN_OVERDUE = "return_overdue"
RETURN_RULE_LABELS = {
    RETURN_DUE_SOON: gettext_lazy("月30调度临期提醒"),
    RETURN_OVERDUE: gettext_lazy("月30调度逾期未报"),
}


@dataclass(frozen=True)
class Due:
    rule: ReminderRule
    audiences: tuple[Role, ...]


def problem_reminders_due(deadline: dt.date, today: dt.date, days_before: int) -> Due | None:
    """What a held problem calls for today (a pure rule, tested with a controlled clock)."""
    ahead = (deadline - today).days
    if ahead == days_before and days_before > 0:
        return Due(ReminderRule.DUE_SOON, (Role.LIAISON,))
    if ahead == 0:
        return Due(ReminderRule.DUE_TODAY, (Role.LIAISON,))
    if ahead > 0:
        return None
    late = -ahead
    audiences: list[Role] = []
    if (late - 1) % REPEAT_DAYS == 0:
        audiences += [Role.LIAISON, Role.PLAN_OFFICE]
    if late > HEAD_AFTER_DAYS and (late - HEAD_AFTER_DAYS - 1) % REPEAT_DAYS == 0:
        audiences.append(Role.UNIT_HEAD)
    return Due(ReminderRule.OVERDUE, tuple(audiences)) if audiences else None


def problem_text(
    problem: ProjectProblem, rule: str, audience: str, today: dt.date
) -> tuple[str, str]:
    """The title and body, in a county office's words (Chinese: the message is a record)."""
    assert problem.unit is not None and problem.deadline is not None
    values = {
        "unit": problem.unit.name,
        "project": problem.project.name,
        "title": shorten(problem.title),
        "due": date_zh(problem.deadline),
        "late": (today - problem.deadline).days,
        "ahead": (problem.deadline - today).days,
    }
    if rule == ReminderRule.OVERDUE:
        title = (
            _("【项目问题逾期】%(unit)s：%(title)s（办理时限%(due)s，已逾期%(late)s天）") % values
        )
        if audience == Role.PLAN_OFFICE:
            body = _(
                "交%(unit)s办理的项目“%(project)s”的问题“%(title)s”办理时限为%(due)s，"
                "已逾期%(late)s天，尚未答复。"
            )
        elif audience == Role.UNIT_HEAD:
            body = _(
                "%(unit)s负责同志：交你单位办理的项目“%(project)s”的问题“%(title)s”办理时限为"
                "%(due)s，已逾期%(late)s天，尚未答复。请督促抓紧办理。"
            )
        else:
            body = _(
                "%(unit)s：交你单位办理的项目“%(project)s”的问题“%(title)s”办理时限为%(due)s，"
                "已逾期%(late)s天，请立即办理并答复。"
            )
    elif rule == ReminderRule.DUE_TODAY:
        title = _("【项目问题今日到期】%(unit)s：%(title)s") % values
        body = _(
            "%(unit)s：交你单位办理的项目“%(project)s”的问题“%(title)s”今天（%(due)s）到期，"
            "请今天内答复办理情况。"
        )
    else:
        title = _("【项目问题临期】%(unit)s：%(title)s（办理时限%(due)s）") % values
        body = _(
            "%(unit)s：交你单位办理的项目“%(project)s”的问题“%(title)s”办理时限为%(due)s，"
            "还有%(ahead)s天到期，请抓紧办理并答复。"
        )
    return title[:200], body % values


def problem_deadlines(today: dt.date) -> RuleRun:
    """The problems' rule the notifications engine runs each morning."""
    days_before = int(settings.GONGYE_REMIND_DAYS_BEFORE)
    held = ProjectProblem.objects.filter(
        status=ProblemStatus.ASSIGNED, deadline__isnull=False, unit__isnull=False
    )
    newly_overdue = list(
        held.filter(deadline__lt=today, was_overdue=False).values_list("pk", flat=True)
    )
    if newly_overdue:
        ProjectProblem.objects.filter(pk__in=newly_overdue).update(was_overdue=True)
    due_days = [today, today + dt.timedelta(days=days_before)]
    problems = list(
        held.filter(Q(deadline__in=due_days) | Q(deadline__lt=today))
        .select_related("project", "unit", "region")
        .order_by("region_id", "deadline", "pk")
    )
    planned: list[tuple[ProjectProblem, ReminderRule, Role]] = []
    for problem in problems:
        assert problem.deadline is not None
        due = problem_reminders_due(problem.deadline, today, days_before)
        if due is not None:
            planned.extend((problem, due.rule, audience) for audience in due.audiences)
    offices = plan_office_units({p.region_id for p, _r, who in planned if who == Role.PLAN_OFFICE})
    messages: list[Message] = []
    unaddressed: set[int] = set()
    with translation.override(settings.LANGUAGE_CODE):
        for problem, rule, audience in planned:
            if audience == Role.PLAN_OFFICE:
                units = offices.get(problem.region_id, [])
            else:
                units = [u for u in (problem.unit,) if u is not None]
            if not units:
                unaddressed.add(problem.pk)
            title, body = problem_text(problem, rule, audience, today)
            messages.extend(
                Message(
                    subject_type=problem._meta.label_lower,
                    subject_id=str(problem.pk),
                    link=reverse("projects:problem_detail", args=[problem.pk]),
                    region_code=problem.region.code,
                    rule=f"problem_{rule}",
                    rule_label=str(PROBLEM_RULE_LABELS[rule]),
                    audience=audience,
                    unit=unit,
                    title=title,
                    body=body,
                )
                for unit in units
            )
    return RuleRun(
        messages=messages,
        unaddressed=[f"project_problem:{pk}" for pk in sorted(unaddressed)],
        summary={
            "project_problems_checked": len(problems),
            "project_problems_overdue_marked": len(newly_overdue),
        },
        audit={"overdue_project_problem_ids": newly_overdue},
    )


# ----- 月30: the returns not in


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)


def return_months_due(today: dt.date) -> list[tuple[str, int, int]]:
    """Which months' returns today's rule looks at, and why: this month's when its due day
    is ``DUE_SOON_DAYS`` away; the month whose due day was yesterday (it may be last month's:
    on 1 July, June's 30th has just passed)."""
    found: list[tuple[str, int, int]] = []
    for year, month in ((today.year, today.month), _month_before(today.year, today.month)):
        due = return_due(year, month)
        if (due - today).days == DUE_SOON_DAYS:
            found.append((RETURN_DUE_SOON, year, month))
        if (today - due).days == 1:
            found.append((RETURN_OVERDUE, year, month))
    return found


def _return_text(project: Project, rule: str, year: int, month: int) -> tuple[str, str]:
    values = {
        "unit": project.unit.name,
        "project": project.name,
        "month": month_zh(year, month),
        "due": date_zh(return_due(year, month)),
    }
    if rule == RETURN_OVERDUE:
        title = _("【月30调度逾期未报】%(unit)s：%(project)s（%(month)s）") % values
        body = _(
            "%(unit)s：在建项目“%(project)s”%(month)s的调度数据应于%(due)s前报送，"
            "至今未报，已逾期。请尽快报送本月完成投资和形象进度。"
        )
    else:
        title = _("【月30调度临期】%(unit)s：%(project)s（%(month)s，%(due)s前报送）") % values
        body = _(
            "%(unit)s：在建项目“%(project)s”%(month)s的调度数据请于%(due)s前报送"
            "（本月完成投资、累计完成投资、形象进度和现场照片）。"
        )
    return title[:200], body % values


def return_reminders(today: dt.date) -> RuleRun:
    """The 月30 rule the notifications engine runs each morning: one message per project and
    month, to the responsible unit's liaisons, on the two days it calls for."""
    messages: list[Message] = []
    checked = 0
    with translation.override(settings.LANGUAGE_CODE):
        for rule, year, month in return_months_due(today):
            filed = ProjectReturn.objects.filter(year=year, month=month).values("project_id")
            missing = list(
                owing(Project.objects.filter(stage=ProjectStage.BUILDING), year, month)
                .exclude(pk__in=filed)
                .select_related("unit", "region")
                .order_by("region_id", "unit_id", "pk")
            )
            checked += len(missing)
            link_query = f"?year={year}&month={month}"
            for project in missing:
                title, body = _return_text(project, rule, year, month)
                messages.append(
                    Message(
                        subject_type=project._meta.label_lower,
                        subject_id=str(project.pk),
                        link=reverse("projects:return_file", args=[project.pk]) + link_query,
                        region_code=project.region.code,
                        rule=rule,
                        rule_label=str(RETURN_RULE_LABELS[rule]),
                        audience=Role.LIAISON,
                        unit=project.unit,
                        title=title,
                        body=body,
                    )
                )
    return RuleRun(messages=messages, summary={"project_returns_missing": checked})
