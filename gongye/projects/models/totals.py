"""The month's 月30 investment summed by place (月30投资汇总): what the 赛马 and the statistics
read, so that their cost follows the number of places and months, not of projects and returns.
Kept by ``projects.totals``; never written by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.projects.models.projects import money


class ReturnTotalQuerySet(ScopedQuerySet["ReturnTotal"]):
    region_field = "region"


class ReturnTotal(models.Model):
    """One county's industrial projects built in one place (township or development zone):
    their returns' 本月完成投资 of one month summed, all industrial ones (工业投资) and the 技改
    ones (技改投资), in 万元. A place and month without a return of an industrial project has
    no row."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("建设地点（乡镇或开发区）"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    industrial = money(_("工业投资（万元）"))
    upgrade = money(_("技改投资（万元）"))

    objects = ReturnTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("月30投资汇总")
        verbose_name_plural = _("月30投资汇总")
        ordering = ["region", "year", "month", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "month", "location"], name="return_total_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.location_id} {self.year}-{self.month:02d}"
