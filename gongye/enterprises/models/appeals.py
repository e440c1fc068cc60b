"""Appeals (诉求, 绿色通道; issue 12 item 4): what an enterprise asks of the county, raised by
the enterprise or logged by a unit after a visit (四送一服), assigned by the plan office to a
unit with a deadline, answered by that unit and rated by the enterprise. Its history is the
audit log (``appeal.*`` verbs), read by the appeal page's timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.enterprises.appeal_choices import (
    AppealCategory,
    AppealRating,
    AppealSource,
    AppealStatus,
)


class AppealQuerySet(ScopedQuerySet["Appeal"]):
    region_field = "region"

    def counted(self) -> AppealQuerySet:
        """Appeals that count (tables, panels): a withdrawn appeal leaves nothing behind."""
        return self.exclude(status=AppealStatus.WITHDRAWN)

    def open(self) -> AppealQuerySet:
        return self.exclude(status__in=[AppealStatus.CLOSED, AppealStatus.WITHDRAWN])


class Appeal(models.Model):
    """An enterprise's appeal (诉求) to the county: a problem it needs a unit to solve."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    title = models.CharField(_("诉求标题"), max_length=100)
    content = models.TextField(_("诉求内容"), max_length=4000)
    category = models.CharField(
        _("诉求类别"), max_length=16, choices=AppealCategory.choices, default=AppealCategory.OTHER
    )
    source = models.CharField(_("来源"), max_length=16, choices=AppealSource.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the unit that logged it after a visit (四送一服); empty when the enterprise raised it
    raised_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("登记单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="logged_appeals",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.RAISED
    )
    return_comment = models.TextField(_("退回意见"), blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rating = models.CharField(
        _("满意度"), max_length=16, choices=AppealRating.choices, blank=True, default=""
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    # set by the daily rule once past the deadline, so a reassigned appeal stays yellow
    was_overdue = models.BooleanField(_("曾逾期"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "status"], name="appeal_region_status"),
            models.Index(fields=["unit", "status"], name="appeal_unit_status"),
            models.Index(fields=["enterprise", "status"], name="appeal_enterprise_status"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name}：{self.title}"
