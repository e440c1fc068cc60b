"""Targets computed from the register (issue 12, item 6): which of the plan's targets the plan
office has marked "computed from the register", by which formula and with which parameters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet


class ComputedTargetQuerySet(ScopedQuerySet["ComputedTarget"]):
    region_field = "target__plan__region"


class ComputedTarget(models.Model):
    """A plan target whose figures are computed from the enterprise register (由系统计算):
    the formula (a key of ``computed.registry.FORMULAS``) and its parameters, set by the plan
    office; its monthly figures are recomputed whenever the register's data change, and the
    statistics bureau's official figure of a month, once entered, wins over the computed one."""

    target = models.OneToOneField(
        "plans.Target",
        verbose_name=_("目标"),
        on_delete=models.CASCADE,
        related_name="computed_from_register",
    )
    formula = models.CharField(_("计算公式"), max_length=60)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("设置人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("设置时间"), auto_now=True)
    computed_at = models.DateTimeField(_("最近计算时间"), null=True, blank=True)
    # the last run, as the page tells it: months written, and months the bureau's figure holds
    last_run = models.JSONField(_("最近计算结果"), default=dict, blank=True)

    objects = ComputedTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("由系统计算的目标")
        verbose_name_plural = _("由系统计算的目标")

    def __str__(self) -> str:
        return f"{self.target} · {self.formula}"
