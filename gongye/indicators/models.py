from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.indicators.choices import ObservationMeasure, ObservationSource, ObservationStatus


class TargetOwnerQuerySet(ScopedQuerySet["TargetOwner"]):
    region_field = "target__plan__region"


class TargetOwner(models.Model):
    """The unit that owns a target (指标责任单位): it enters the target's figures."""

    target = models.OneToOneField(
        "plans.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="owner"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="owned_targets",
    )
    # when the row last changed: part of the data version the cockpit and the county
    # comparison are cached under (gongye.indicators.versions)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TargetOwnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标责任单位")
        verbose_name_plural = _("指标责任单位")

    def __str__(self) -> str:
        return f"{self.target} · {self.unit}"


class ObservationQuerySet(ScopedQuerySet["Observation"]):
    region_field = "target__plan__region"


class Observation(models.Model):
    """One figure of a target for one month of the plan's year (观测值): a cumulative total,
    a month-end level, a year-on-year growth rate, a share or a rank — with where it came from
    and whether the plan office has approved it."""

    target = models.ForeignKey(
        "plans.Target",
        verbose_name=_("目标"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    measure = models.CharField(_("口径"), max_length=16, choices=ObservationMeasure.choices)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    baseline = models.DecimalField(
        _("上年基数"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("来源"), max_length=16, choices=ObservationSource.choices)
    status = models.CharField(
        _("审核"),
        max_length=16,
        choices=ObservationStatus.choices,
        default=ObservationStatus.PENDING,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    # when the row last changed: with the count, the version the cockpit's cached county
    # comparison is keyed on (gongye.indicators.comparison)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # a figure for one part of a cascaded target (a township's share); empty for the whole
    part_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("分解单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        # no index of its own: nearly every row has none, and SQLite, without statistics,
        # would pick "part_unit IS NULL" over the (target, year, month) index and read the
        # whole table; the part figures' unique constraint indexes (target, part_unit, …)
        db_index=False,
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标观测值")
        verbose_name_plural = _("指标观测值")
        ordering = ["target", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "year", "month", "measure"],
                condition=models.Q(part_unit__isnull=True),
                name="observation_one_per_month",
            ),
            models.UniqueConstraint(
                fields=["target", "part_unit", "year", "month", "measure"],
                condition=models.Q(part_unit__isnull=False),
                name="observation_one_per_part_month",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year", "status"]),
            # the county comparison's data version: count and last change per region and year
            models.Index(fields=["region", "year", "updated_at"], name="observation_version"),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}年{self.month}月：{self.value}"


class TargetPartQuerySet(ScopedQuerySet["TargetPart"]):
    region_field = "target__plan__region"


class TargetPart(models.Model):
    """A county target's share for a township or the development zone (分解): the parts are
    checked against the whole and each is tracked the same way."""

    target = models.ForeignKey(
        "plans.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="parts"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("承担单位"),
        on_delete=models.PROTECT,
        related_name="target_parts",
    )
    value = models.DecimalField(_("分解目标值"), max_digits=18, decimal_places=4)

    objects = TargetPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标分解")
        verbose_name_plural = _("目标分解")
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="target_part_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.unit}：{self.value}"


class TargetTaskLinkQuerySet(ScopedQuerySet["TargetTaskLink"]):
    region_field = "target__plan__region"


class TargetTaskLink(models.Model):
    """A task that serves a target (suggested from the text, confirmed by the plan office)."""

    target = models.ForeignKey(
        "plans.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="task_links"
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("重点工作"),
        on_delete=models.CASCADE,
        related_name="target_links",
    )
    score = models.DecimalField(_("相似度"), max_digits=5, decimal_places=4, default=0)
    confirmed = models.BooleanField(_("已确认"), default=False)

    objects = TargetTaskLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("目标关联任务")
        verbose_name_plural = _("目标关联任务")
        constraints = [
            models.UniqueConstraint(fields=["target", "task"], name="target_task_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target} ← {self.task}"
