"""The 月30 monthly return (月30项目调度): a project's investment and progress for a month,
filed by its responsible unit by the 30th."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.projects.models.projects import money


class ProjectReturnQuerySet(ScopedQuerySet["ProjectReturn"]):
    region_field = "region"


class ProjectReturn(models.Model):
    """One project's figures for one month: investment completed this month, this year and
    since the start (all 万元), its physical progress (形象进度) and its problems."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="returns"
    )
    # the project's region, kept on the row for scoping and the county sums
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    investment_month = money(_("本月完成投资（万元）"))
    investment_year = money(_("本年累计完成投资（万元）"))
    investment_total = money(_("开工以来累计完成投资（万元）"))
    progress = models.TextField(_("形象进度"), max_length=2000)
    problems = models.TextField(_("存在问题"), blank=True, max_length=2000)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("报送时间"))
    on_time = models.BooleanField(_("按时报送"), default=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = ProjectReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("月30调度数据")
        verbose_name_plural = _("月30调度数据")
        ordering = ["project", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"], name="project_return_once_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="project_return_month"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    investment_month__gte=0, investment_year__gte=0, investment_total__gte=0
                ),
                name="project_return_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year", "month"], name="project_return_month_idx")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}-{self.month:02d}"
