"""Reminders and escalation (提醒与督办; issue 4, item 4), and the in-app reminders a unit reads.

Once a day the worker runs ``reminders_run``. For every open task it asks the pure rule
``rules.reminders_due`` what today calls for — N days before the deadline and on the day, the
lead unit's liaisons; after the deadline, the lead unit's head and the plan office, on the
first overdue day and then every seven days — and delivers each message in the app, by e-mail
and to the unit's DingTalk and WeCom group robots.

At most once per task, rule, unit, audience and day, even when two workers run at once: the
``Notification`` row is the claim. It is inserted in its own savepoint and committed *before*
anything is sent; whoever loses the race on the unique constraint sends nothing. This is why
the run is not one big transaction: an e-mail or a robot post cannot be rolled back, so a
message is sent only once its claim is durable (at most once, never twice). A worker that dies
between the claim and the send loses that message; the ``Delivery`` rows show what went out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gongye.accounts.choices import Role
from gongye.accounts.models import RoleAssignment
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.permissions import Decision, require_role_in
from gongye.core.scope import acting_of
from gongye.orgs.models import Unit
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task, TaskUnit
from gongye.supervision.choices import Channel, ReminderRule
from gongye.supervision.delivery import mask_url, send_dingtalk, send_wecom
from gongye.supervision.models import Delivery, Notification, TaskState, WebhookEndpoint
from gongye.supervision.rules import reminders_due

logger = logging.getLogger(__name__)

# The rule's audiences and the role that reads them in a unit.
AUDIENCE_ROLES: dict[str, str] = {
    "liaison": Role.LIAISON.value,
    "unit_head": Role.UNIT_HEAD.value,
    "plan_office": Role.PLAN_OFFICE.value,
}
AUDIENCE_LABELS = {"liaison": "联络员", "unit_head": "单位负责人", "plan_office": "督办（计划办）"}


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _task_label(task: Task) -> str:
    return f"{task.period_label}第{task.seq}项" if task.seq else task.period_label


def _short(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclasses.dataclass(frozen=True)
class Planned:
    """One message the rule calls for today, before it is claimed."""

    state: TaskState
    rule: str
    audience: str
    unit: Unit
    lead_names: tuple[str, ...]


def reminder_text(planned: Planned, today: dt.date) -> tuple[str, str]:
    """The title and body, in the words a county office would use."""
    state, task, unit = planned.state, planned.state.task, planned.unit
    due = state.due
    assert due is not None
    leads = "、".join(planned.lead_names) or "牵头单位"
    who = leads if planned.audience == "plan_office" else unit.name
    what = f"{_task_label(task)}重点工作“{_short(task.text, 120)}”"
    progress = f"当前进展：{state.get_state_display()}，完成{state.percent}%。"
    late_days = (today - due).days
    if planned.rule == ReminderRule.OVERDUE:
        title = (
            f"【逾期督办】{who}：{_short(task.text)}（完成时限{date_zh(due)}，已逾期{late_days}天）"
        )
    else:
        title = f"【{ReminderRule(planned.rule).label}】{who}：{_short(task.text)}（完成时限{date_zh(due)}）"
    if planned.rule == ReminderRule.DUE_SOON:
        body = (
            f"{unit.name}：你单位牵头的{what}完成时限为{date_zh(due)}，还有{-late_days}天到期。"
            f"请抓紧推进，并在到期前通过平台报送进展和佐证材料。{progress}"
        )
    elif planned.rule == ReminderRule.DUE_TODAY:
        body = (
            f"{unit.name}：你单位牵头的{what}今天（{date_zh(due)}）到期。"
            f"请今天内报送完成情况；确需延期的，请向督办（计划办）说明理由。{progress}"
        )
    elif planned.audience == "plan_office":
        body = (
            f"{unit.name}：牵头单位{leads}的{what}完成时限为{date_zh(due)}，"
            f"已逾期{late_days}天，尚未办结。{progress}"
        )
    else:
        body = (
            f"{unit.name}负责同志：你单位牵头的{what}完成时限为{date_zh(due)}，"
            f"已逾期{late_days}天，尚未办结。请督促抓紧办理，报送进展并说明滞后原因。{progress}"
        )
    return title[:200], body


@dataclasses.dataclass
class _Directory:
    """Who and where to reach, loaded once per run (a few queries, not one per message)."""

    plan_office_units: dict[int, list[Unit]]
    emails: dict[tuple[str, int], list[str]]
    webhooks: dict[int, list[WebhookEndpoint]]

    @classmethod
    def load(cls, region_ids: set[int], unit_ids: set[int]) -> _Directory:
        plan_office_units: dict[int, list[Unit]] = defaultdict(list)
        for unit in (
            Unit.objects.filter(
                region_id__in=region_ids,
                is_active=True,
                assignments__role=Role.PLAN_OFFICE,
                assignments__is_active=True,
                assignments__user__is_active=True,
            )
            .distinct()
            .order_by("sort_order", "pk")
        ):
            plan_office_units[unit.region_id].append(unit)
        for units in plan_office_units.values():
            unit_ids.update(u.pk for u in units)
        emails: dict[tuple[str, int], list[str]] = defaultdict(list)
        for role, unit_id, email in (
            RoleAssignment.objects.filter(
                is_active=True,
                user__is_active=True,
                role__in=AUDIENCE_ROLES.values(),
                unit_id__in=unit_ids,
            )
            .exclude(user__email="")
            .order_by("pk")
            .values_list("role", "unit_id", "user__email")
        ):
            key = (role, unit_id)
            if email not in emails[key]:
                emails[key].append(email)
        webhooks: dict[int, list[WebhookEndpoint]] = defaultdict(list)
        for endpoint in WebhookEndpoint.objects.filter(
            unit_id__in=unit_ids, is_active=True
        ).order_by("pk"):
            webhooks[endpoint.unit_id].append(endpoint)
        return cls(dict(plan_office_units), dict(emails), dict(webhooks))


def _lead_units(task: Task) -> list[Unit]:
    """The task's lead units, a group (相关乡镇) standing for its active members."""
    units: list[Unit] = []
    for duty in task.task_units.all():  # prefetched: lead duties only
        unit = duty.unit
        chosen = list(unit.members.all()) if unit.is_group else [unit]
        for member in chosen:
            if member.is_active and member not in units:
                units.append(member)
    return units


def _open_states() -> QuerySet[TaskState]:
    return TaskState.objects.filter(closed_at__isnull=True, task__is_active=True, due__isnull=False)


def _plan(today: dt.date, days_before: int) -> tuple[list[Planned], int, list[int], _Directory]:
    """What the rule calls for today, per recipient unit; also how many task states were
    looked at, the tasks for which an audience had no unit to receive it, and the directory
    of addresses for the units concerned."""
    lead_duties = TaskUnit.objects.filter(role=UnitRole.LEAD).select_related("unit")
    lead_duties = lead_duties.prefetch_related(
        Prefetch("unit__members", queryset=Unit.objects.order_by("sort_order", "pk"))
    )
    # Only the days the rule can fire on: N days ahead, today, and any overdue day (the
    # every-seventh-day test is the pure rule's, in Python).
    states = (
        _open_states()
        .filter(Q(due__in=[today, today + dt.timedelta(days=days_before)]) | Q(due__lt=today))
        .select_related("task", "region")
        .prefetch_related(
            Prefetch("task__task_units", queryset=lead_duties.order_by("position", "pk"))
        )
        .order_by("region_id", "due", "task_id")
    )
    planned: list[tuple[TaskState, str, str, list[Unit] | None]] = []
    checked = 0
    for state in states:
        checked += 1
        for reminder in reminders_due(state.due, False, today, days_before):
            for audience in reminder.audiences:
                units = None if audience == "plan_office" else _lead_units(state.task)
                planned.append((state, reminder.rule, audience, units))
    region_ids = {s.region_id for s, *_ in planned}
    unit_ids = {u.pk for *_, units in planned for u in units or []}
    directory = _Directory.load(region_ids, unit_ids)
    result: list[Planned] = []
    unaddressed: list[int] = []
    for state, rule, audience, units in planned:
        if units is None:
            units = directory.plan_office_units.get(state.region_id, [])
        if not units:
            unaddressed.append(state.task_id)
        leads = tuple(d.unit.name for d in state.task.task_units.all())
        result.extend(Planned(state, rule, audience, unit, leads) for unit in units)
    return result, checked, unaddressed, directory


def _claim(planned: Planned, today: dt.date) -> Notification | None:
    """Inserts the notification, or answers None when this task, rule, unit, audience and day
    already has one (an earlier run, or another worker at this very moment)."""
    title, body = reminder_text(planned, today)
    key = {
        "task_id": planned.state.task_id,
        "rule": planned.rule,
        "unit": planned.unit,
        "audience": planned.audience,
        "day": today,
    }
    try:
        with transaction.atomic():
            return Notification.objects.create(**key, title=title, body=body)
    except IntegrityError:
        if Notification.objects.filter(**key).exists():
            return None
        raise


def _record(
    counts: dict[str, dict[str, int]],
    notification: Notification,
    channel: str,
    target: str,
    ok: bool,
    detail: str,
) -> None:
    Delivery.objects.create(
        notification=notification, channel=channel, target=target[:500], ok=ok, detail=detail
    )
    counts[channel]["ok" if ok else "failed"] += 1


def _deliver(
    notification: Notification,
    directory: _Directory,
    counts: dict[str, dict[str, int]],
    mail_connection: Any,
) -> None:
    unit = notification.unit
    _record(counts, notification, Channel.IN_APP, f"{unit.name}（#{unit.pk}）", True, "站内消息")
    role = AUDIENCE_ROLES[notification.audience]
    for address in directory.emails.get((role, unit.pk), []):
        try:
            sent = send_mail(
                notification.title,
                notification.body,
                None,
                [address],
                connection=mail_connection,
            )
            ok, detail = bool(sent), "已发送" if sent else "邮件服务未接收"
        except Exception as error:  # a mail server that is down must not stop the run
            logger.warning("reminder e-mail to %s failed: %s", address, error)
            ok, detail = False, f"{error.__class__.__name__}: {error}"
        _record(counts, notification, Channel.EMAIL, address, ok, detail)
    text = f"{notification.title}\n{notification.body}"
    for endpoint in directory.webhooks.get(unit.pk, []):
        if endpoint.kind == Channel.DINGTALK:
            ok, detail = send_dingtalk(endpoint.url, endpoint.secret, text)
        else:
            ok, detail = send_wecom(endpoint.url, text)
        _record(
            counts,
            notification,
            endpoint.kind,
            f"#{endpoint.pk} {mask_url(endpoint.url)}",
            ok,
            detail,
        )


def reminders_run(*, today: dt.date | None = None) -> dict[str, Any]:
    """The day's reminders and escalations for every region (see the module docstring).

    Also marks open tasks past their deadline as having been overdue (``was_overdue``), so a
    task that goes red turns yellow, not green, when it is postponed. Idempotent: a second run
    on the same day creates and sends nothing new. Writes one audit entry for the run."""
    today = today or timezone.localdate()
    days_before = settings.GONGYE_REMIND_DAYS_BEFORE
    overdue = _open_states().filter(due__lt=today, was_overdue=False)
    overdue_ids = list(overdue.values_list("task_id", flat=True))
    if overdue_ids:
        TaskState.objects.filter(task_id__in=overdue_ids).update(was_overdue=True)
    planned, checked, unaddressed, directory = _plan(today, days_before)
    counts: dict[str, dict[str, int]] = {c: {"ok": 0, "failed": 0} for c in Channel.values}
    created = skipped = 0
    by_region: dict[str, int] = defaultdict(int)
    mail_connection = get_connection()
    for item in planned:
        notification = _claim(item, today)
        if notification is None:
            skipped += 1
            continue
        created += 1
        by_region[item.state.region.code] += 1
        _deliver(notification, directory, counts, mail_connection)
    summary: dict[str, Any] = {
        "day": today.isoformat(),
        "tasks_checked": checked,
        "overdue_marked": len(overdue_ids),
        "notifications": created,
        "already_sent": skipped,
        "unaddressed_tasks": sorted(set(unaddressed)),
        "deliveries": counts,
        "by_region": dict(by_region),
    }
    with transaction.atomic():
        audit_record(
            actor=None,
            verb=Verb.CREATE,
            target_type="supervision.notification",
            target_id=today.isoformat(),
            target_repr=f"提醒与督办（{date_zh(today)}）：新发 {created} 条",
            after={**summary, "overdue_task_ids": overdue_ids},
        )
    return summary


# ---- the in-app side: a unit's reminders, read by the role they were addressed to ----------


def can_read_notifications(user: Any) -> Decision:
    return require_role_in(user, set(AUDIENCE_ROLES), "查看督办提醒")


def notification_list_for(user: Any) -> QuerySet[Notification]:
    """The acting unit's reminders addressed to the acting role (a liaison reads the
    liaisons' reminders, a unit head the escalations), newest first."""
    acting = acting_of(user)
    if acting is None or acting.role not in AUDIENCE_ROLES or acting.unit_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(unit_id=acting.unit_id, audience=acting.role).select_related(
        "task", "unit"
    )


def notification_get_for(user: Any, notification_id: int) -> Notification:
    return get_object_or_404(notification_list_for(user), pk=notification_id)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Marks one reminder read for the unit. Only the role it was addressed to may."""
    can_read_notifications(actor).require()
    if not notification_list_for(actor).filter(pk=notification.pk).exists():
        raise PermissionDenied("这条提醒不是发给您当前身份的。")
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=actor,
            verb=Verb.UPDATE,
            target=notification,
            parent=notification.task,
            before={"read_at": None},
            after={"read_at": notification.read_at},
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: Any) -> int:
    can_read_notifications(actor).require()
    unread = notification_list_for(actor).filter(read_at__isnull=True)
    ids = list(unread.values_list("pk", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    Notification.objects.filter(pk__in=ids).update(read_at=now)
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target_type="supervision.notification",
        target_repr=f"全部标为已读（{len(ids)} 条）",
        after={"read_at": now, "ids": ids},
    )
    return len(ids)
