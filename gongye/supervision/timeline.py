"""A task's timeline: who did what and when on the task, its state and its reports — a view of
the audit log. What happened is read from the entry's business verb and its before/after
(``report.return`` → 退回：<意见>; ``task.postpone`` → 延期至2022年7月31日（原2022年6月30日）：
<原因>). Entries written before the business verbs (the generic ``create``/``update``) read as
they always did: the verb, the object, the new status and the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongye.audit.models import AuditEntry
from gongye.core.dates import date_local
from gongye.plans.models import Task
from gongye.supervision.choices import ReportKind, ReportStatus, SupervisionVerb, TaskProgressState
from gongye.supervision.models import ProgressReport

V = SupervisionVerb


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline: the audit entry's facts, and ``text`` (what happened, in one
    sentence), ``subject`` (which report, for a report's step) and ``note`` (a second line)."""

    at: dt.datetime
    actor_name: str
    unit_name: str
    verb: str
    verb_label: str
    target_type: str
    target_id: str
    target_repr: str
    before: Any
    after: Any
    text: str
    subject: str = ""
    note: str = ""


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _with_comment(label: str, after: Mapping[str, Any]) -> str:
    comment = after.get("comment") or ""
    return _("%(label)s：%(comment)s") % {"label": label, "comment": comment} if comment else label


def _date(value: Any) -> str:
    if not value:
        return _("无时限")
    try:
        return date_local(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _submitted(label: str, after: Mapping[str, Any]) -> str:
    word = _("报送配合情况") if after.get("kind") == ReportKind.CONTRIBUTION else label
    text = _("%(label)s：%(state)s · %(percent)s%%") % {
        "label": word,
        "state": _label(TaskProgressState, after.get("state")),
        "percent": after.get("percent"),
    }
    if files := after.get("evidence"):
        text += _("（佐证材料%(count)d份）") % {"count": len(files)}
    return text


def _progress(label: str, after: Mapping[str, Any]) -> str:
    parts = []
    if "state" in after:
        parts.append(_label(TaskProgressState, after["state"]))
    if "percent" in after:
        parts.append(f"{after['percent']}%")
    text = (
        _("%(label)s：%(comment)s") % {"label": label, "comment": " · ".join(parts)}
        if parts
        else label
    )
    if after.get("due"):  # a recurring deadline moved on to the next period
        text += _("；下一期时限%(due)s") % {"due": _date(after["due"])}
    return text


def _closed(label: str, after: Mapping[str, Any]) -> str:
    on_time = after.get("closed_on_time")
    if on_time is None:
        return label
    return _("%(label)s（%(when)s）") % {
        "label": label,
        "when": _("按时") if on_time else _("逾期"),
    }


def _postponed(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    return _("延期至%(new)s（原%(old)s）：%(reason)s") % {
        "new": _date(after.get("due")),
        "old": _date(before.get("due")),
        "reason": after.get("reason") or "",
    }


def _names(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) and value else "—"


def _reassigned(label: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """调整责任单位：牵头 开发区 → 科技经信局；配合 — → 衡山镇 (only what changed)."""
    parts = []
    for key, word in (("lead_units", _("牵头")), ("cooperating_units", _("配合"))):
        old, new = before.get(key), after.get(key)
        if old != new:
            parts.append(f"{word} {_names(old)} → {_names(new)}")
    return f"{label}：{'；'.join(parts)}" if parts else label


def _split(label: str, after: Mapping[str, Any]) -> str:
    parts = after.get("split_into")
    if isinstance(parts, list):
        return _("%(label)s为%(count)d项") % {"label": label, "count": len(parts)}
    return label


_SENTENCES: dict[str, Callable[[str, Mapping[str, Any], Mapping[str, Any]], str]] = {
    V.REPORT_SUBMIT: lambda label, before, after: _submitted(label, after),
    V.REPORT_APPROVE: lambda label, before, after: _with_comment(label, after),
    V.REPORT_ACCEPT: lambda label, before, after: _with_comment(label, after),
    V.REPORT_ADOPT: lambda label, before, after: _with_comment(label, after),
    V.REPORT_RETURN: lambda label, before, after: _with_comment(label, after),
    V.REPORT_WITHDRAW: lambda label, before, after: label,
    V.REPORT_SUPERSEDE: lambda label, before, after: label,
    V.TASK_PROGRESS: lambda label, before, after: _progress(label, after),
    V.TASK_PROGRESS_RESTORE: lambda label, before, after: _progress(label, after),
    "task.reassign": _reassigned,
    "task.split": lambda label, before, after: _split(label, after),
    V.TASK_CLOSE: lambda label, before, after: _closed(label, after),
    V.TASK_POSTPONE: lambda label, before, after: _postponed(before, after),
}


def describe(entry: AuditEntry, reports: Mapping[str, ProgressReport]) -> TimelineEntry:
    """The entry as the timeline reads it. ``reports`` (by id) name the report a step was on."""
    before, after = entry.before or {}, entry.after or {}
    label = entry.verb_label
    sentence = _SENTENCES.get(entry.verb)
    subject = note = ""
    if sentence is not None:
        text = sentence(label, before, after)
        report = reports.get(entry.target_id) if entry.target_type == _REPORT_TYPE else None
        if report is not None:
            subject = f"{report.unit.name} · {report.get_kind_display()}"
        if entry.verb in (V.TASK_PROGRESS, V.TASK_PROGRESS_RESTORE) and after.get("delay_reason"):
            note = _("滞后原因：%(reason)s") % {"reason": after["delay_reason"]}
        elif after.get("reason") and entry.verb != V.TASK_POSTPONE:
            note = _("原因：%(reason)s") % {"reason": after["reason"]}
    else:  # the generic verbs, as the page read them before the business verbs
        text = f"{label} · {Truncator(entry.target_repr).chars(40)}"
        if isinstance(after, Mapping) and after.get("status"):
            text += f" → {_label(ReportStatus, after['status'])}"
        if isinstance(after, Mapping) and after.get("reason"):
            note = _("原因：%(reason)s") % {"reason": after["reason"]}
    return TimelineEntry(
        at=entry.at,
        actor_name=entry.actor_name,
        unit_name=entry.unit_name,
        verb=entry.verb,
        verb_label=label,
        target_type=entry.target_type,
        target_id=entry.target_id,
        target_repr=entry.target_repr,
        before=entry.before,
        after=entry.after,
        text=text,
        subject=subject,
        note=note,
    )


_REPORT_TYPE = "supervision.progressreport"


def _entries_on(task: Task):
    # the task's reports as a subquery: a task refiled for years has thousands
    report_ids = task.reports.order_by().values_list(Cast("pk", CharField()), flat=True)
    return AuditEntry.objects.filter(
        Q(target_type="plans.task", target_id=str(task.pk))
        | Q(parent_type="plans.task", parent_id=str(task.pk))
        | Q(target_type=_REPORT_TYPE, target_id__in=report_ids)
    )


def timeline_entries(task: Task, last: int | None = None) -> list[AuditEntry]:
    """The audit entries on the task, its state and its reports, oldest first; only the
    ``last`` ones when given (the task page shows the latest and links to the whole)."""
    entries = _entries_on(task)
    if last is None:
        return list(entries.order_by("at", "id"))
    return list(reversed(entries.order_by("-at", "-id")[:last]))


def timeline_count(task: Task) -> int:
    return _entries_on(task).count()


def timeline_for_task(
    task: Task, reports: list[ProgressReport] | None = None, last: int | None = None
) -> list[TimelineEntry]:
    """Who did what and when on the task, its state and its reports, oldest first (the
    ``last`` ones only, when given). Pass the reports at hand (the task page's), to name each
    report; those the entries name besides are read (only those: a task refiled for years)."""
    entries = timeline_entries(task, last)
    by_id = {str(r.pk): r for r in reports or ()}
    named = {e.target_id for e in entries if e.target_type == _REPORT_TYPE} - set(by_id)
    if named:
        more = task.reports.filter(pk__in=[int(pk) for pk in named if pk.isdigit()])
        by_id.update((str(r.pk), r) for r in more.select_related("unit"))
    return [describe(entry, by_id) for entry in entries]
