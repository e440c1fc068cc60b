"""The appeals' deadline rule (诉求办理时限), registered with the notifications engine
(``EnterprisesConfig.notification_rules``), the same way as the key tasks' (督办).

For every appeal a unit holds (办理中) with a deadline, the pure rule
``supervision.rules.reminders_due`` says what today calls for: N days before the deadline and
on the day, the unit's liaisons; after it, the unit's head and the plan office, on the first
overdue day and then every seven days (escalation). The rule also marks appeals past their
deadline as having been overdue, so a reassigned one shows yellow, not green."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from gongye.core.dates import date_zh
from gongye.core.roles import Role
from gongye.enterprises.appeal_choices import AppealStatus
from gongye.enterprises.models import Appeal
from gongye.notifications.rules import Message, RuleRun, plan_office_units, shorten
from gongye.orgs.models import Unit
from gongye.supervision.choices import ReminderRule
from gongye.supervision.rules import reminders_due


def reminder_text(appeal: Appeal, rule: str, audience: str, today: dt.date) -> tuple[str, str]:
    """The title and body, in a county office's words."""
    assert appeal.unit is not None and appeal.deadline is not None
    due, unit = appeal.deadline, appeal.unit.name
    what = f"{appeal.enterprise.name}的诉求“{shorten(appeal.title)}”"
    late = (today - due).days
    if rule == ReminderRule.OVERDUE:
        title = (
            f"【诉求逾期】{unit}：{shorten(appeal.title)}（办理时限{date_zh(due)}，已逾期{late}天）"
        )
        if audience == Role.PLAN_OFFICE:
            body = f"交{unit}办理的{what}办理时限为{date_zh(due)}，已逾期{late}天，尚未答复企业。"
        else:
            body = (
                f"{unit}负责同志：交你单位办理的{what}办理时限为{date_zh(due)}，"
                f"已逾期{late}天，尚未答复企业。请督促抓紧办理。"
            )
    elif rule == ReminderRule.DUE_TODAY:
        title = f"【诉求今日到期】{unit}：{shorten(appeal.title)}"
        body = f"{unit}：交你单位办理的{what}今天（{date_zh(due)}）到期，请今天内答复企业。"
    else:
        title = f"【诉求临期】{unit}：{shorten(appeal.title)}（办理时限{date_zh(due)}）"
        body = f"{unit}：交你单位办理的{what}办理时限为{date_zh(due)}，还有{-late}天到期，请抓紧答复企业。"
    return title[:200], body


def appeal_deadlines(today: dt.date) -> RuleRun:
    """The rule the notifications engine runs each morning (``notification_rules``)."""
    days_before = settings.GONGYE_REMIND_DAYS_BEFORE
    held = Appeal.objects.filter(
        status=AppealStatus.ASSIGNED, deadline__isnull=False, unit__isnull=False
    )
    newly_overdue = list(
        held.filter(deadline__lt=today, was_overdue=False).values_list("pk", flat=True)
    )
    if newly_overdue:
        Appeal.objects.filter(pk__in=newly_overdue).update(was_overdue=True)
    due_days = [today, today + dt.timedelta(days=days_before)]
    appeals = list(
        held.filter(Q(deadline__in=due_days) | Q(deadline__lt=today))
        .select_related("enterprise", "unit", "region")
        .order_by("region_id", "deadline", "pk")
    )
    planned: list[tuple[Appeal, str, Role]] = []
    for appeal in appeals:
        for reminder in reminders_due(appeal.deadline, False, today, days_before):
            planned.extend((appeal, reminder.rule, audience) for audience in reminder.audiences)
    offices = plan_office_units({a.region_id for a, _r, who in planned if who == Role.PLAN_OFFICE})
    messages: list[Message] = []
    unaddressed: list[str] = []
    for appeal, rule, audience in planned:
        units: list[Unit] = (
            offices.get(appeal.region_id, [])
            if audience == Role.PLAN_OFFICE
            else [u for u in (appeal.unit,) if u is not None]
        )
        if not units:
            unaddressed.append(str(appeal.pk))
        title, body = reminder_text(appeal, rule, audience, today)
        messages.extend(
            Message(
                subject_type=appeal._meta.label_lower,
                subject_id=str(appeal.pk),
                link=reverse("enterprises:appeal_detail", args=[appeal.pk]),
                region_code=appeal.region.code,
                rule=f"appeal_{rule}",
                rule_label=f"诉求{ReminderRule(rule).label}",
                audience=audience,
                unit=unit,
                title=title,
                body=body,
            )
            for unit in units
        )
    return RuleRun(
        messages=messages,
        unaddressed=[f"appeal:{pk}" for pk in sorted(set(unaddressed))],
        summary={"appeals_checked": len(appeals), "appeals_overdue_marked": len(newly_overdue)},
        audit={"overdue_appeal_ids": newly_overdue},
    )
