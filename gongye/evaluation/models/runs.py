"""An evaluation run (评价批次) and its results: the inputs frozen (each enterprise's figures
for the year, land, vetoes), the scheme version it applied, and every result with its reasons.

A published run (公示) is immutable: the services refuse to change it and database triggers
(migration 0002) refuse any UPDATE or DELETE of it or of its results. A re-run, or an upheld
appeal, makes a new run that names the run it ``supersedes``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.evaluation.choices import ResultStatus, RunStatus


class EvaluationRunQuerySet(ScopedQuerySet["EvaluationRun"]):
    region_field = "region"

    def published(self) -> EvaluationRunQuerySet:
        return self.filter(status=RunStatus.PUBLISHED)

    def published_after(self, run: EvaluationRun) -> EvaluationRunQuerySet:
        """The runs of ``run``'s region and year published after it: those that replace it
        (the latest published run of a year is the one in force)."""
        return self.published().filter(
            region_id=run.region_id, year=run.year, published_at__gt=run.published_at
        )


class EvaluationRun(models.Model):
    """One evaluation of a region's enterprises for a year by one scheme version."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("评价年度"))
    version = models.ForeignKey(
        "evaluation.SchemeVersion",
        verbose_name=_("方案版本"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("替代的批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    reason = models.CharField(_("重新评价的原因"), max_length=300, blank=True)
    inputs_sha256 = models.CharField(_("输入摘要"), max_length=64)
    results_sha256 = models.CharField(_("结果摘要"), max_length=64)
    summary = models.JSONField(_("分类统计"), default=dict)  # {group: {A: n, …}, benchmarks}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("试算人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("试算时间"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公示人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    appeal_until = models.DateField(_("异议截止日期"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    objects = EvaluationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价批次")
        verbose_name_plural = _("评价批次")
        ordering = ["region", "-year", "-created_at", "-id"]

    def __str__(self) -> str:
        return _("%(year)s年度亩均评价（第%(id)s批）") % {"year": self.year, "id": self.pk}


class EvaluationResultQuerySet(ScopedQuerySet["EvaluationResult"]):
    region_field = "run__region"


class EvaluationResult(models.Model):
    """One enterprise's result in a run: its frozen inputs, indicator values and scores, total,
    rank in its group, class and the reasons (cap hit, missing data filled, veto applied …)."""

    # no index of its own: the unique (run, enterprise) leads with it
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("评价批次"),
        on_delete=models.PROTECT,
        related_name="results",
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="evaluation_results",
        db_index=False,
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    status = models.CharField(_("参评情况"), max_length=16, choices=ResultStatus.choices)
    group = models.CharField(_("分组"), max_length=60, blank=True)
    klass = models.CharField(_("类别"), max_length=1, blank=True)
    rank = models.PositiveIntegerField(_("组内排名"), null=True, blank=True)
    total = models.DecimalField(
        _("综合得分"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    inputs = models.JSONField(_("评价数据"), default=dict)
    values = models.JSONField(_("指标值"), default=dict)
    scores = models.JSONField(_("指标得分"), default=dict)
    adjustments = models.JSONField(_("加减分"), default=dict)
    reasons = models.JSONField(_("说明"), default=list)

    objects = EvaluationResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价结果")
        verbose_name_plural = _("评价结果")
        ordering = ["run", "group", "rank", "credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise"], name="evaluation_result_unique")
        ]
        indexes = [models.Index(fields=["enterprise", "run"], name="evaluation_result_enterprise")]

    def __str__(self) -> str:
        return f"{self.name} {self.klass}"
