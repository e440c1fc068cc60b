from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongye.core.periods import task_citation
from gongye.core.scope import ScopedQuerySet
from gongye.plans.choices import Comparator, ImportStatus, TargetKind, UnitRole

if TYPE_CHECKING:
    from gongye.orgs.models import Unit


class PlanQuerySet(ScopedQuerySet["Plan"]):
    region_field = "region"


class Plan(models.Model):
    """A county's annual work plan (工作意见): headline and chapter targets, money rules, and the
    month-by-month key-task table. One plan per region and year."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=300)
    source_filename = models.CharField(_("来源文件"), max_length=255, blank=True)
    money_rules = models.JSONField(_("资金政策条款"), default=list, blank=True)
    # {"6": 60}: by the end of June 60% of the year's work is due (时间过半、任务过六). Read from
    # the plan's text on import; {} when the text states none, and the pace is linear only.
    checkpoints = models.JSONField(_("序时节点"), default=dict, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作计划")
        verbose_name_plural = _("工作计划")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="plan_unique_region_year")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.checkpoints, dict):
            raise ValidationError({"checkpoints": _("序时节点应为“月份 → 百分比”的对应表。")})
        for month, percent in self.checkpoints.items():
            try:
                valid = 1 <= int(month) <= 12 and 0 < Decimal(str(percent)) <= 100
            except (TypeError, ValueError, InvalidOperation):
                valid = False
            if not valid:
                raise ValidationError(
                    {
                        "checkpoints": (
                            _(
                                "序时节点“%(month)s月 %(percent)s%%”无效：月份为1至12，比例为0至100。"
                            )
                            % {"month": month, "percent": percent}
                        )
                    }
                )

    def checkpoint_shares(self) -> dict[int, Fraction]:
        """The plan's checkpoints for the pace rule (gongye.indicators.pace): month → the share
        of the year's target due by that month's end, e.g. {6: Fraction(3, 5)}; {} for a
        linear pace only."""
        return {
            int(month): Fraction(str(percent)) / 100
            for month, percent in sorted(self.checkpoints.items(), key=lambda kv: int(kv[0]))
        }


class TargetQuerySet(ScopedQuerySet["Target"]):
    region_field = "plan__region"


class Target(models.Model):
    """A quantitative target (目标/指标) the plan sets: 规上工业产值突破200亿元, 增长12%以上 …"""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="targets"
    )
    seq = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("指标名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=TargetKind.choices)
    comparator = models.CharField(_("比较"), max_length=8, choices=Comparator.choices)
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    qualifiers = models.JSONField(_("限定词"), default=list, blank=True)
    due = models.DateField(_("期限"), null=True, blank=True)
    chapter = models.CharField(_("章节"), max_length=200, blank=True)
    sentence = models.TextField(_("原文"), blank=True)
    source = models.CharField(_("来源"), max_length=8, default="body")
    # the key task the target was read with (an indicator table's row, or the task whose
    # wording states it): its lead and cooperating units answer for the target
    task = models.ForeignKey(
        "Task",
        verbose_name=_("所在重点工作"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stated_targets",
    )
    is_active = models.BooleanField(_("有效"), default=True)
    # when the row last changed: with the count, the version the cockpit's cached county
    # comparison is keyed on (gongye.indicators.comparison)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["plan", "seq"]

    def __str__(self) -> str:
        return self.name

    @property
    def lead_names(self) -> list[str]:
        """The lead units of the task the target was read with (none for a body target)."""
        return self.task.lead_names if self.task is not None else []


class TargetMilestone(models.Model):
    """A dated intermediate value of a target written in the task table (3月2.5亿元, 6月累计5亿元)."""

    target = models.ForeignKey(
        Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="milestones"
    )
    due = models.DateField(_("时间"), null=True, blank=True)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("计量单位"), max_length=16, blank=True)
    comparator = models.CharField(_("比较"), max_length=8, choices=Comparator.choices)
    text = models.TextField(_("原文"), blank=True)

    class Meta:
        verbose_name = _("目标节点")
        verbose_name_plural = _("目标节点")
        ordering = ["target", "due"]

    def __str__(self) -> str:
        return f"{self.target} {self.due}: {self.value}{self.unit}"


class TaskQuerySet(ScopedQuerySet["Task"]):
    region_field = "plan__region"


class Task(models.Model):
    """A key task (重点工作) of the month-by-month table, with its lead and cooperating units."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks"
    )
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    period_label = models.CharField(_("时间"), max_length=40)
    seq = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    position = models.PositiveIntegerField(_("排序"))
    text = models.TextField(_("重点工作"))
    due = models.DateField(_("完成时限"), null=True, blank=True)
    people = models.JSONField(_("责任领导"), default=list, blank=True)
    lead_open_ended = models.BooleanField(_("牵头单位含“等”"), default=False)
    cooperating_open_ended = models.BooleanField(_("配合单位含“等”"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("拆分自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    units: models.ManyToManyField[Unit, TaskUnit] = models.ManyToManyField(
        "orgs.Unit", through="TaskUnit", related_name="tasks"
    )
    # when the row last changed: part of the data version the cockpit and the county
    # comparison are cached under (gongye.indicators.versions)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "is_active", "month"])]

    def __str__(self) -> str:
        # "6月第3项：…" (the audit log writes it in Chinese; a page in its own language)
        return gettext("%(task)s：%(text)s") % {
            "task": task_citation(self.period_label, self.seq),
            "text": self.text if len(self.text) <= 40 else f"{self.text[:39]}…",
        }

    def unit_names(self, role: str) -> list[str]:
        return [tu.unit.name for tu in self.task_units.all() if tu.role == role]

    @property
    def lead_names(self) -> list[str]:
        return self.unit_names(UnitRole.LEAD)

    @property
    def cooperating_names(self) -> list[str]:
        return self.unit_names(UnitRole.COOPERATING)


class TaskUnit(models.Model):
    """A unit's duty on a task: lead (牵头) or cooperating (配合)."""

    task = models.ForeignKey(
        Task, verbose_name=_("重点工作"), on_delete=models.CASCADE, related_name="task_units"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="task_duties"
    )
    role = models.CharField(_("职责"), max_length=12, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    # when the row last changed: part of the data version the cockpit and the county
    # comparison are cached under (gongye.indicators.versions)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("任务单位")
        verbose_name_plural = _("任务单位")
        ordering = ["task", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "role"], name="taskunit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


class PlanImportQuerySet(ScopedQuerySet["PlanImport"]):
    region_field = "region"


class PlanImport(models.Model):
    """One upload of a plan document: parsed into a preview, then confirmed (or discarded)."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    filename = models.CharField(_("文件名"), max_length=255)
    # Through Django's storage API, so a deployment can keep uploads in object storage.
    file = models.FileField(_("文件"), upload_to="plan-imports/%Y/%m/")
    status = models.CharField(
        _("状态"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("计划导入")
        verbose_name_plural = _("计划导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
