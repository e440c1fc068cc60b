from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.supervision.choices import (
    OPEN_REPORT_STATUSES,
    ReportKind,
    ReportStatus,
    TaskProgressState,
)


class TaskStateQuerySet(ScopedQuerySet["TaskState"]):
    region_field = "region"


class ProgressReportQuerySet(ScopedQuerySet["ProgressReport"]):
    region_field = "task__plan__region"


class TaskState(models.Model):
    """The supervision state (督办状态) of one key task: what was last reported, its current
    deadline after any postponement, and whether the plan office has closed it."""

    task = models.OneToOneField(
        "plans.Task",
        verbose_name=_("重点工作"),
        on_delete=models.CASCADE,
        related_name="supervision",
    )
    # copied from the task's plan so that boards and bulletins filter on one indexed column
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=TaskProgressState.choices,
        default=TaskProgressState.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        _("完成百分比"), default=0, validators=[MaxValueValidator(100)]
    )
    due = models.DateField(_("当前完成时限"), null=True, blank=True)
    delay_reason = models.TextField(_("滞后原因"), blank=True)
    was_overdue = models.BooleanField(_("曾逾期"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    last_reported_at = models.DateTimeField(_("最近报送"), null=True, blank=True)
    # when the row last changed: part of the data version the cockpit and the county
    # comparison are cached under (gongye.indicators.versions)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TaskStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办状态")
        verbose_name_plural = _("督办状态")
        indexes = [
            models.Index(fields=["region", "due"]),
            models.Index(fields=["region", "closed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.get_state_display()}"


class ProgressReport(models.Model):
    """A unit's progress report on a task (进展报告): the lead unit's report, or a cooperating
    unit's contribution (配合报送) to the lead. Goes unit head → plan office."""

    task = models.ForeignKey(
        "plans.Task", verbose_name=_("重点工作"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=ReportKind.choices)
    text = models.TextField(_("工作进展"))
    percent = models.PositiveSmallIntegerField(_("完成百分比"), validators=[MaxValueValidator(100)])
    state = models.CharField(_("状态"), max_length=16, choices=TaskProgressState.choices)
    delay_reason = models.TextField(_("滞后原因"), blank=True)
    status = models.CharField(
        _("流程"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("验收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    # the task's state just before this report's approval changed it: what a return restores
    # when no other approved report of the task stands (``services._restore_task``)
    task_before = models.JSONField(_("审核前的任务进展"), default=dict, blank=True)
    # when the row last changed: part of the data version the cockpit and the county
    # comparison are cached under (gongye.indicators.versions)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["task", "status"]),
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} · {self.task}"

    @property
    def status_label(self) -> str:
        """The status as its reader names it: a contribution waits for the lead unit."""
        if self.kind == ReportKind.CONTRIBUTION:
            if self.status == ReportStatus.APPROVED:
                return str(_("待牵头单位采纳"))
            if self.status == ReportStatus.ACCEPTED:
                return str(_("已采纳"))
        elif self.status == ReportStatus.ACCEPTED and self.state != TaskProgressState.DONE:
            return str(_("已确认"))  # progress is confirmed; a completion is accepted
        return str(self.get_status_display())

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class Evidence(models.Model):
    """A file attached to a report as evidence (佐证材料): image, PDF, Word or Excel."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.name
