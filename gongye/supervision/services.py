"""Progress reports, their review, and the plan office's adjustments of tasks (督办).

Report flow (the explicit map ``workflows.REPORT_WORKFLOW``): a liaison submits → the unit
head approves or returns → the plan office accepts (a completion closes the task) or returns.
Every step is audited with its business verb (``choices.SupervisionVerb``: ``report.approve``,
``task.postpone``, …); the task's timeline is read from the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record, diff, snapshot
from gongye.core.dates import date_zh
from gongye.core.evidence import check_evidence
from gongye.core.scope import require_acting
from gongye.core.uploads import stage, store_staged
from gongye.core.workflow import Edge
from gongye.plans import services as plan_services
from gongye.plans.choices import UnitRole
from gongye.plans.models import Task
from gongye.supervision.choices import (
    OPEN_REPORT_STATUSES,
    ReportKind,
    ReportStatus,
    ReviewAction,
    SupervisionVerb,
    TaskProgressState,
)
from gongye.supervision.labels import task_label
from gongye.supervision.models import Evidence, ProgressReport, TaskState
from gongye.supervision.permissions import (
    can_postpone,
    can_report,
    can_review,
    duty_of,
    open_report_message,
    open_report_of,
)
from gongye.supervision.rules import closed_on_time, recurring_due
from gongye.supervision.workflows import REPORT_WORKFLOW

if TYPE_CHECKING:
    from gongye.accounts.models import User

logger = logging.getLogger(__name__)

_TASK_FIELDS = ["state", "percent", "delay_reason", "closed_at", "closed_on_time", "due"]

_REPORT_FIELDS = ["task", "unit", "kind", "text", "percent", "state", "delay_reason", "status"]


def task_state_for(task: Task) -> TaskState:
    state, _ = TaskState.objects.get_or_create(
        task=task, defaults={"region_id": task.plan.region_id, "due": task.due}
    )
    return state


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def report_submit(
    *,
    actor: User,
    task: Task,
    text: str,
    percent: int,
    state: str,
    delay_reason: str = "",
    files: Sequence[File | tuple[str, bytes]] | None = None,
) -> ProgressReport:
    """A liaison reports on its unit's task (lead) or files its contribution (cooperating).
    Evidence (uploaded files as they lie, or (name, bytes)) is checked by content (images,
    PDF, Word, Excel; up to 20 MB each) before anything is written, and reaches the evidence
    folder only once the report is committed (issue 10, item 9): a refused or rolled-back
    report leaves no file behind."""
    can_report(actor, task).require()
    pending = open_report_of(actor, task)
    if pending is not None:
        raise ValidationError(open_report_message(pending))
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors.setdefault("text", []).append(_("请填写工作进展。"))
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        errors.setdefault("percent", []).append(_("完成百分比应为 0 到 100 之间的整数。"))
    if state not in TaskProgressState.values:
        errors.setdefault("state", []).append(_("请选择状态：未开始、推进中、已完成或滞后。"))
    if state == TaskProgressState.LATE and not (delay_reason or "").strip():
        errors.setdefault("delay_reason", []).append(_("状态为“滞后”时须说明原因。"))
    if state == TaskProgressState.DONE and isinstance(percent, int) and percent != 100:
        errors.setdefault("percent", []).append(_("状态为“已完成”时，完成百分比应为 100。"))
    checked: list[tuple[File, str, str]] = []
    for item in files or []:
        upload = ContentFile(item[1], name=item[0]) if isinstance(item, tuple) else item
        try:
            mime, digest = check_evidence(upload)
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
        else:
            checked.append((upload, mime, digest))
    if errors:
        raise ValidationError(errors)
    duty = duty_of(actor, task)
    unit = require_acting(actor).unit
    assert unit is not None  # can_report lets through only a liaison whose unit has a duty
    report = ProgressReport.objects.create(
        task=task,
        unit=unit,
        kind=ReportKind.LEAD if duty == UnitRole.LEAD else ReportKind.CONTRIBUTION,
        text=text,
        percent=percent,
        state=state,
        delay_reason=(delay_reason or "").strip(),
        created_by=actor,
    )
    staged: list[Path] = []
    try:
        for upload, mime, digest in checked:
            name = upload.name or "file"
            evidence = Evidence(
                report=report, name=name[:255], content_type=mime, size=upload.size, sha256=digest
            )
            # a name no other file can take, decided now; the bytes follow after the commit
            field = evidence.file.field
            evidence.file.name = evidence.file.storage.get_available_name(
                field.generate_filename(evidence, f"{uuid.uuid4().hex[:16]}-{name}"),
                max_length=field.max_length,
            )
            evidence.save()
            staged.append(stage(upload))
            transaction.on_commit(partial(_evidence_store, evidence, staged[-1]))
        after = snapshot(report, _REPORT_FIELDS)
        after["evidence"] = [upload.name for upload, *_ in checked]
        audit_record(
            actor=actor, verb=SupervisionVerb.REPORT_SUBMIT, target=report, parent=task, after=after
        )
    except BaseException:  # this transaction rolls back: its staged copies go with it
        for path in staged:
            path.unlink(missing_ok=True)
        raise
    return report


def _evidence_store(evidence: Evidence, staged: Path) -> None:
    """Writes a committed evidence row's file from its staged copy. Should the disk refuse,
    the row stays (its download answers 404) and the failure is logged."""
    try:
        stored = store_staged(evidence.file.storage, evidence.file.name, staged)
    except OSError:
        logger.exception("evidence %s: the file could not be written", evidence.pk)
        return
    if stored != evidence.file.name:  # the storage chose another name: follow it
        Evidence.objects.filter(pk=evidence.pk).update(file=stored)


def report_review(
    *, actor: User, report: ProgressReport, action: str, comment: str = ""
) -> ProgressReport:
    """One step of the report's review, by the one the step belongs to (the edges of
    ``REPORT_WORKFLOW``). Three answers, in this order: someone with no part in this report's
    review is refused (403); a step that does not fit the report's stage is wrong input (400);
    a step that belongs to someone else is refused (403). A return needs a comment.

    What a step does to the task: the head's approval of a lead report makes it the task's
    progress (and keeps what it replaced); the plan office's acceptance of a completion
    closes the task, and whatever else is still open on it ends with it; a return of an
    approved lead report undoes its approval (the task goes back to the latest report that
    still stands, or to what it was before). A returned report's unit is told at once."""
    can_review(actor, report).require()
    comment = (comment or "").strip()
    now = timezone.now()

    def apply(report: ProgressReport, edge: Edge[User, ProgressReport]) -> None:
        if edge.action == ReviewAction.RETURN and not comment:
            raise ValidationError({"comment": _("退回时须填写意见。")})
        if edge.target == ReportStatus.APPROVED:
            report.approved_by, report.approved_at = actor, now
        else:
            report.reviewed_by, report.reviewed_at = actor, now
        report.review_comment = comment

    with transaction.atomic():
        step = REPORT_WORKFLOW.transition(
            actor=actor,
            obj=report,
            action=action,
            apply=apply,
            extra={"comment": comment} if comment else None,
            parent=report.task,
            queryset=ProgressReport.objects.select_related(
                "task__plan__region", "task__supervision"
            ),
        )
        report = step.obj
        if report.kind == ReportKind.LEAD:
            if report.status == ReportStatus.RETURNED and step.edge.source == ReportStatus.APPROVED:
                _restore_task(actor, report)
            else:
                _apply_to_task(actor, report, now)
        if report.status == ReportStatus.RETURNED:
            _tell_returned(report)
    return report


def _task_values(state: TaskState) -> dict[str, Any]:
    return {
        "state": state.state,
        "percent": state.percent,
        "delay_reason": state.delay_reason,
        "last_reported_at": state.last_reported_at.isoformat() if state.last_reported_at else None,
    }


def _apply_to_task(actor: User, report: ProgressReport, now: dt.datetime) -> None:
    """The unit head's approval makes the report the unit's official position on the task;
    the plan office's acceptance of a completion closes the task."""
    state = TaskState.objects.select_for_update().get(pk=task_state_for(report.task).pk)
    if state.closed_at is not None:
        return  # a closed task keeps what was accepted
    before = snapshot(state, _TASK_FIELDS)
    if report.status == ReportStatus.APPROVED:
        verb = SupervisionVerb.TASK_PROGRESS
        report.task_before = _task_values(state)
        report.save(update_fields=["task_before"])
        state.state, state.percent, state.delay_reason = (
            report.state,
            report.percent,
            report.delay_reason,
        )
        state.last_reported_at = now
        # a recurring deadline moves on to the next period not yet reported for
        state.due = recurring_due(report.task, timezone.localdate(now)) or state.due
    elif report.status == ReportStatus.ACCEPTED and report.state == TaskProgressState.DONE:
        verb = SupervisionVerb.TASK_CLOSE
        state.state, state.percent = TaskProgressState.DONE, 100
        state.closed_at = now
        state.closed_on_time = closed_on_time(state.due, timezone.localdate(now))
    else:
        return
    state.save()
    old, new = diff(before, snapshot(state, _TASK_FIELDS))
    if new:
        audit_record(
            actor=actor,
            verb=verb,
            target=state,
            parent=report.task,
            before=old,
            after={**new, "report": report.pk},
        )
    if verb == SupervisionVerb.TASK_CLOSE:
        _end_open_reports(actor, report)


def _end_open_reports(actor: User, closing: ProgressReport) -> None:
    """Reports still under review when the task closes end with it (随任务办结), each through
    the map, so that none is left waiting for a step no one can take any more."""
    task = closing.task
    for other in ProgressReport.objects.filter(task=task, status__in=OPEN_REPORT_STATUSES).exclude(
        pk=closing.pk
    ):
        REPORT_WORKFLOW.transition(
            actor=actor,
            obj=other,
            action=ReviewAction.SUPERSEDE,
            extra={"closed_by_report": closing.pk},
            parent=task,
            queryset=ProgressReport.objects.select_related(
                "task__plan__region", "task__supervision"
            ),
        )


def _restore_task(actor: User, report: ProgressReport) -> None:
    """A returned lead report no longer counts: the task takes the progress of the latest lead
    report that still stands (approved or accepted), or what it was before this report's
    approval. The restoring is audited with the report it undoes."""
    state = TaskState.objects.select_for_update().get(pk=task_state_for(report.task).pk)
    if state.closed_at is not None:
        return
    standing = (
        ProgressReport.objects.filter(
            task=report.task,
            kind=ReportKind.LEAD,
            status__in=(ReportStatus.APPROVED, ReportStatus.ACCEPTED),
        )
        .exclude(pk=report.pk)
        .order_by("-approved_at", "-pk")
        .first()
    )
    before = snapshot(state, _TASK_FIELDS + ["last_reported_at"])
    if standing is not None:
        state.state, state.percent, state.delay_reason = (
            standing.state,
            standing.percent,
            standing.delay_reason,
        )
        state.last_reported_at = standing.approved_at
    else:
        was = report.task_before or {}
        state.state = was.get("state", TaskProgressState.NOT_STARTED)
        state.percent = was.get("percent", 0)
        state.delay_reason = was.get("delay_reason", "")
        at = was.get("last_reported_at")
        state.last_reported_at = dt.datetime.fromisoformat(at) if at else None
    last = timezone.localdate(state.last_reported_at) if state.last_reported_at else None
    state.due = recurring_due(report.task, last) or state.due
    state.save()
    old, new = diff(before, snapshot(state, _TASK_FIELDS + ["last_reported_at"]))
    if new:
        audit_record(
            actor=actor,
            verb=SupervisionVerb.TASK_PROGRESS_RESTORE,
            target=state,
            parent=report.task,
            before=old,
            after={**new, "report": report.pk, "from_report": standing.pk if standing else None},
        )


def _tell_returned(report: ProgressReport) -> None:
    """The reporting unit's liaisons learn of a return at once (我的提醒, e-mail, robots)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from gongye.core.roles import Role
    from gongye.notifications.engine import notify
    from gongye.notifications.rules import Message

    task = report.task
    # written in Chinese, like the daily reminders, whatever language the reviewer reads in:
    # it is also e-mailed and posted to the unit's group robots (我的提醒 translates its rule)
    with translation.override(settings.LANGUAGE_CODE):
        message = Message(
            subject_type=report._meta.label_lower,
            subject_id=str(report.pk),
            link=reverse("supervision:task_detail", args=[task.pk]),
            region_code=task.plan.region.code,
            rule="report_returned",
            rule_label=str(_("报告被退回")),
            audience=Role.LIAISON,
            unit=report.unit,
            title=str(_("报告被退回：%(task)s") % {"task": task_label(task)}),
            body=str(
                _("%(kind)s（%(when)s报送）被退回。意见：%(comment)s")
                % {
                    "kind": report.get_kind_display(),
                    "when": date_zh(timezone.localdate(report.created_at)),
                    "comment": report.review_comment,
                }
            ),
        )
    notify(message)


@transaction.atomic
def task_postpone(*, actor: User, task: Task, new_due: dt.date, reason: str) -> TaskState:
    """The plan office moves a deadline (延期), with a reason; the history stays in the log.
    A task that was already overdue remembers it, so it shows yellow rather than green."""
    can_postpone(actor, task).require()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("延期须说明原因。")})
    state = TaskState.objects.select_for_update().get(pk=task_state_for(task).pk)
    if state.closed_at:
        raise ValidationError(_("任务已办结，不能延期。"))
    if state.due and new_due <= state.due:
        raise ValidationError({"new_due": _("新的完成时限应晚于当前时限。")})
    before = snapshot(state, ["due", "was_overdue"])
    if state.due and _today() > state.due:
        state.was_overdue = True
    state.due = new_due
    state.save(update_fields=["due", "was_overdue"])
    old, new = diff(before, snapshot(state, ["due", "was_overdue"]))
    audit_record(
        actor=actor,
        verb=SupervisionVerb.TASK_POSTPONE,
        target=state,
        parent=task,
        before=old,
        after={**new, "reason": reason},
    )
    return state


@transaction.atomic
def task_split(*, actor: User, task: Task, parts: list[dict[str, Any]], reason: str) -> list[Task]:
    """Splitting under supervision: a part without its own deadline inherits the task's
    current one (after any postponement), not the plan's original date. The plan's service
    authorises (the plan office of the task's region) and audits the split."""
    current = task_state_for(task).due
    parts = [{**part, "due": part.get("due") or current} for part in parts]
    return plan_services.task_split(actor=actor, task=task, parts=parts, reason=reason)


@transaction.atomic
def evidence_download(*, actor: User, evidence: Evidence) -> None:
    """Records who downloaded a report's evidence (issue 10, item 7: 等保2.0 level 3 audits
    reads of the files units hand in). The view has checked scope and permission."""
    audit_record(
        actor=actor,
        verb=SupervisionVerb.EVIDENCE_DOWNLOAD,
        target=evidence,
        parent=evidence.report,
        after={"name": evidence.name, "size": evidence.size},
    )
