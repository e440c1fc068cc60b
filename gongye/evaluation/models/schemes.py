"""A region's evaluation scheme (亩均效益评价方案) and its versions: the document the plan office
uploads or edits, kept word for word; a change is a new version, so a run always names the
exact text it applied."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet


class EvaluationSchemeQuerySet(ScopedQuerySet["EvaluationScheme"]):
    region_field = "region"


class EvaluationScheme(models.Model):
    """A county's (or city's) per-mu evaluation scheme for a year, e.g. 霍山县2022年度工业企业
    亩均效益综合评价方案."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("评价年度"))
    name = models.CharField(_("方案名称"), max_length=120)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = EvaluationSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价方案")
        verbose_name_plural = _("评价方案")
        ordering = ["region", "-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "name"], name="evaluation_scheme_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> SchemeVersion | None:
        return self.versions.order_by("-number").first()


class SchemeVersionQuerySet(ScopedQuerySet["SchemeVersion"]):
    region_field = "scheme__region"


class SchemeVersion(models.Model):
    """One version of a scheme's document (YAML or JSON), never edited once saved."""

    scheme = models.ForeignKey(
        EvaluationScheme,
        verbose_name=_("评价方案"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("版本号"))
    document = models.TextField(_("方案文本"))
    sha256 = models.CharField(_("文本摘要"), max_length=64)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)

    objects = SchemeVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["scheme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="scheme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme} v{self.number}"
