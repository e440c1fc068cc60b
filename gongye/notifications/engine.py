"""The daily run of every registered deadline rule (提醒与督办).

Once a day the worker runs ``notifications_run``. Each app's rules (``rules.registered_rules``)
say what today calls for; each message is delivered in the app, by e-mail to the people of the
unit who act in the addressed role, and to the unit's DingTalk and WeCom group robots.

At most once per subject, rule, unit, audience and day, even when two workers run at once: the
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
from collections.abc import Sequence
from typing import Any

from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongye.accounts.models import RoleAssignment
from gongye.audit.choices import Verb
from gongye.audit.models import AuditEntry
from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.notifications.choices import Channel
from gongye.notifications.delivery import mask_url, send_dingtalk, send_wecom
from gongye.notifications.models import Delivery, Notification, WebhookEndpoint
from gongye.notifications.rules import Message, registered_rules

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class _Directory:
    """Who and where to reach, loaded once per run (a few queries, not one per message)."""

    emails: dict[tuple[str, int], list[str]]
    webhooks: dict[int, list[WebhookEndpoint]]

    @classmethod
    def load(cls, messages: Sequence[Message | Notification]) -> _Directory:
        unit_ids = {m.unit.pk for m in messages if m.unit is not None}
        roles = {str(m.audience) for m in messages}
        emails: dict[tuple[str, int], list[str]] = defaultdict(list)
        for role, unit_id, email in (
            RoleAssignment.objects.filter(
                is_active=True, user__is_active=True, role__in=roles, unit_id__in=unit_ids
            )
            .exclude(user__email="")
            .order_by("pk")
            .values_list("role", "unit_id", "user__email")
        ):
            if email not in emails[(role, unit_id)]:
                emails[(role, unit_id)].append(email)
        webhooks: dict[int, list[WebhookEndpoint]] = defaultdict(list)
        for endpoint in WebhookEndpoint.objects.filter(
            unit_id__in=unit_ids, is_active=True
        ).order_by("pk"):
            webhooks[endpoint.unit_id].append(endpoint)
        return cls(dict(emails), dict(webhooks))


def recipient(notification: Notification) -> str:
    """Whom an in-app message reached, as the delivery record names it."""
    if notification.unit is not None:
        return f"{notification.unit.name}（#{notification.unit.pk}）"
    user = notification.user
    assert user is not None  # the model's check: a unit or a user
    return str(user)


def _claim(message: Message, today: dt.date) -> Notification | None:
    """Inserts the notification, or answers None when this subject, rule, unit, audience and
    day already has one (an earlier run, or another worker at this very moment)."""
    key = {
        "subject_type": message.subject_type,
        "subject_id": message.subject_id,
        "rule": message.rule,
        "unit": message.unit,
        "user": message.user,
        "audience": message.audience,
        "day": today,
    }
    try:
        with transaction.atomic():
            return Notification.objects.create(
                **key,
                link=message.link,
                rule_label=str(message.rule_label),
                title=message.title[:200],
                body=message.body,
            )
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


def _send_mail(
    notification: Notification,
    address: str,
    counts: dict[str, dict[str, int]],
    mail_connection: Any,
) -> None:
    try:
        sent = send_mail(
            notification.title, notification.body, None, [address], connection=mail_connection
        )
        ok, detail = bool(sent), "已发送" if sent else "邮件服务未接收"
    except Exception as error:  # a mail server that is down must not stop the run
        logger.warning("reminder e-mail to %s failed: %s", address, error)
        ok, detail = False, f"{error.__class__.__name__}: {error}"
    _record(counts, notification, Channel.EMAIL, address, ok, detail)


def _deliver(
    notification: Notification,
    directory: _Directory,
    counts: dict[str, dict[str, int]],
    mail_connection: Any,
    *,
    in_app: bool = True,
) -> None:
    if in_app:
        _record(counts, notification, Channel.IN_APP, recipient(notification), True, "站内消息")
    unit = notification.unit
    if unit is None:  # a person's own message: their e-mail, no unit robots
        user = notification.user
        if user is not None and user.email and user.is_active:
            _send_mail(notification, user.email, counts, mail_connection)
        return
    for address in directory.emails.get((notification.audience, unit.pk), []):
        _send_mail(notification, address, counts, mail_connection)
    text = f"{notification.title}\n{notification.body}"
    for endpoint in directory.webhooks.get(unit.pk, []):
        if endpoint.kind == Channel.DINGTALK:
            ok, detail = send_dingtalk(endpoint.url, endpoint.secret, text)
        else:
            ok, detail = send_wecom(endpoint.url, text)
        target = f"#{endpoint.pk} {mask_url(endpoint.url)}"
        _record(counts, notification, endpoint.kind, target, ok, detail)


RUN_TARGET = "notifications.notification"  # a run's audit entry: this target, the day as id
CATCH_UP_DAYS = 7


def last_run_day() -> dt.date | None:
    """The last day a run completed: every run ends with its audit entry, the day its id."""
    day = (
        AuditEntry.objects.filter(target_type=RUN_TARGET, verb=Verb.CREATE)
        .order_by("-target_id")
        .values_list("target_id", flat=True)
        .first()
    )
    try:
        return dt.date.fromisoformat(day) if day else None
    except ValueError:
        return None


def notifications_catch_up(
    *, today: dt.date | None = None, max_days: int = CATCH_UP_DAYS
) -> dict[str, Any]:
    """Today's run, after the runs of the days missed since the last completed one (the
    worker was down), at most ``max_days`` of them: a reminder a unit should have had on a
    missed day is still sent, under that day. Nothing is sent twice — each message is claimed
    once per day (``_claim``) — so running again, or catching up a day that had run, sends
    nothing new. Answers today's summary with the days caught up (``caught_up``)."""
    today = today or timezone.localdate()
    last = last_run_day()
    missed: list[dt.date] = []
    if last is not None and last < today - dt.timedelta(days=1):
        start = max(last + dt.timedelta(days=1), today - dt.timedelta(days=max_days))
        missed = [start + dt.timedelta(days=n) for n in range((today - start).days)]
    caught_up = [notifications_run(today=day) for day in missed]
    summary = notifications_run(today=today)
    summary["caught_up"] = [
        {"day": run["day"], "notifications": run["notifications"]} for run in caught_up
    ]
    return summary


def notifications_run(*, today: dt.date | None = None) -> dict[str, Any]:
    """The day's reminders and escalations of every registered rule, for every region (see
    the module docstring). Idempotent: a second run on the same day creates and sends nothing
    new. Writes one audit entry for the run, with the rules' own figures."""
    today = today or timezone.localdate()
    messages: list[Message] = []
    unaddressed: list[str] = []
    extra: dict[str, Any] = {}
    audit_only: dict[str, Any] = {}
    for _dotted, rule in registered_rules():
        run = rule(today)
        messages.extend(run.messages)
        unaddressed.extend(run.unaddressed)
        extra.update(run.summary)
        audit_only.update(run.audit)
    directory = _Directory.load(messages)
    counts: dict[str, dict[str, int]] = {c: {"ok": 0, "failed": 0} for c in Channel.values}
    created = skipped = 0
    by_region: dict[str, int] = defaultdict(int)
    mail_connection = get_connection()
    for message in messages:
        notification = _claim(message, today)
        if notification is None:
            skipped += 1
            continue
        created += 1
        by_region[message.region_code] += 1
        _deliver(notification, directory, counts, mail_connection)
    summary: dict[str, Any] = {
        "day": today.isoformat(),
        **extra,
        "notifications": created,
        "already_sent": skipped,
        "unaddressed": sorted(set(unaddressed)),
        "deliveries": counts,
        "by_region": dict(by_region),
    }
    with transaction.atomic():
        audit_record(
            actor=None,
            verb=Verb.CREATE,
            target_type=RUN_TARGET,
            target_id=today.isoformat(),
            target_repr=f"提醒与督办（{date_zh(today)}）：新发 {created} 条",
            after={**summary, **audit_only},
        )
    return summary


# --------------------------------------------------------------------------- events, now


def notify(message: Message, *, today: dt.date | None = None) -> Notification | None:
    """A message an event calls for at once (a report returned to its unit …), not a rule of
    the morning run: claimed in the caller's transaction (at most once per subject, rule,
    unit, audience and day, like the run's), read in the app as soon as it commits; the
    e-mails and robot posts follow on the worker after the commit (``deliver_later``), so a
    rolled-back event sends nothing."""
    today = today or timezone.localdate()
    notification = _claim(message, today)
    if notification is None:
        return None
    Delivery.objects.create(
        notification=notification,
        channel=Channel.IN_APP,
        target=recipient(notification),
        ok=True,
        detail="站内消息",
    )
    transaction.on_commit(lambda: _queue_delivery(notification.pk))
    return notification


def _queue_delivery(notification_id: int) -> None:
    from django_q.tasks import async_task

    try:
        async_task("gongye.notifications.engine.deliver_later", notification_id)
    except Exception:  # the queue being away loses the e-mail, not the in-app message
        logger.exception("notification %s: the delivery could not be queued", notification_id)


def deliver_later(notification_id: int) -> dict[str, dict[str, int]]:
    """The worker's half of ``notify``: e-mail to the people of the unit acting in the
    addressed role, and the unit's group robots; or to the one person addressed."""
    notification = Notification.objects.select_related("unit__region", "user").get(
        pk=notification_id
    )
    counts: dict[str, dict[str, int]] = {c: {"ok": 0, "failed": 0} for c in Channel.values}
    directory = _Directory.load([notification])  # nothing to look up for a person's own
    _deliver(notification, directory, counts, get_connection(), in_app=False)
    return counts
