"""An enterprise's objection to its published result (异议), filed within the 公示 window with
evidence, decided by the plan office. An upheld appeal makes a new run with the corrected
figure; the published run is never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.evaluation.choices import AppealStatus


class EvaluationAppealQuerySet(ScopedQuerySet["EvaluationAppeal"]):
    region_field = "run__region"


class EvaluationAppeal(models.Model):
    """An objection to one figure of a published result, with the figure claimed and evidence."""

    run = models.ForeignKey(
        "evaluation.EvaluationRun",
        verbose_name=_("评价批次"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    result = models.ForeignKey(
        "evaluation.EvaluationResult",
        verbose_name=_("评价结果"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="evaluation_appeals",
    )
    variable = models.CharField(_("有异议的数据"), max_length=40)
    recorded_value = models.DecimalField(
        _("评价所用数值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    claimed_value = models.DecimalField(_("企业认为的数值"), max_digits=18, decimal_places=4)
    statement = models.TextField(_("异议理由"), max_length=2000)
    evidence = models.FileField(_("证明材料"), upload_to="evaluation/appeals/%Y/%m/", blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.FILED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decision = models.TextField(_("处理意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    new_run = models.ForeignKey(
        "evaluation.EvaluationRun",
        verbose_name=_("重新评价批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="from_appeals",
    )

    objects = EvaluationAppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价异议")
        verbose_name_plural = _("评价异议")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_status_display()}"

    @property
    def variable_label(self) -> str:
        """The disputed figure as people name it (用地面积（亩）)."""
        from gongye.evaluation.engine.variables import VARIABLES

        variable = VARIABLES.get(self.variable)
        return str(variable.label) if variable else self.variable
