"""Cultivation libraries (培育库, issue 12 item 3): a region's libraries with their written
entry criteria and stages, each enterprise's entries in them, and every step an entry took."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.enterprises.library_choices import (
    DisposalMethod,
    EntryStatus,
    LibraryKind,
    SuggestionRule,
)


class LibraryQuerySet(ScopedQuerySet["Library"]):
    region_field = "region"


class Library(models.Model):
    """A cultivation library of a county (成长性企业库, 专精特新梯度培育库 …) as the plan office
    set it up: its written entry criteria, its ordered stages, and whether the register's data
    suggests members (with the thresholds the rules use)."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=LibraryKind.choices)
    name = models.CharField(_("名称"), max_length=60)
    criteria = models.TextField(_("入库标准"), blank=True)
    # [[code, name], …] lowest first; an empty list: the library has no stages
    stages = models.JSONField(_("培育阶段"), default=list, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    suggests = models.BooleanField(_("按数据自动建议"), default=True)
    # the rules' thresholds: {"lower": 1500, "upper": 2000} (万元), {"months": 6} …
    settings = models.JSONField(_("建议规则参数"), default=dict, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育库")
        verbose_name_plural = _("培育库")
        ordering = ["region", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="library_unique_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_codes(self) -> list[str]:
        return [str(code) for code, _name in self.stages]

    def stage_label(self, code: str) -> str:
        return next((str(name) for c, name in self.stages if c == code), code or "")

    def setting(self, key: str, default: int) -> int:
        try:
            return int(self.settings.get(key, default))
        except (TypeError, ValueError, AttributeError):
            return default


class LibraryEntryQuerySet(ScopedQuerySet["LibraryEntry"]):
    region_field = "region"


class LibraryEntry(models.Model):
    """An enterprise in a library (or suggested for it): its stage, since when, why and who
    decided, and how it left (出库; for the difficult-enterprise path 已脱困 or 僵尸企业处置)."""

    library = models.ForeignKey(
        Library, verbose_name=_("培育库"), on_delete=models.PROTECT, related_name="entries"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="library_entries",
    )
    # the enterprise's region, kept on the row for scoping
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.SUGGESTED
    )
    stage = models.CharField(_("培育阶段"), max_length=32, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    rule = models.CharField(
        _("建议依据"), max_length=24, choices=SuggestionRule.choices, blank=True
    )
    rule_year = models.PositiveSmallIntegerField(_("建议年度"), null=True, blank=True)
    reason = models.TextField(_("入库理由"), blank=True)
    suggested_on = models.DateField(_("建议日期"), null=True, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推荐人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_on = models.DateField(_("入库日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exited_on = models.DateField(_("出库日期"), null=True, blank=True)
    exit_reason = models.TextField(_("出库原因"), blank=True)
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出库决定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    disposal_method = models.CharField(
        _("处置方式"), max_length=16, choices=DisposalMethod.choices, blank=True
    )
    disposal_result = models.TextField(_("处置结果"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = LibraryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育库企业")
        verbose_name_plural = _("培育库企业")
        ordering = ["library", "-entered_on", "id"]
        constraints = [
            # one open entry (suggested or in the library) per enterprise and library
            models.UniqueConstraint(
                fields=["library", "enterprise"],
                condition=models.Q(status__in=["suggested", "active"]),
                name="library_entry_one_open",
            )
        ]
        indexes = [
            models.Index(fields=["library", "status", "stage"], name="library_entry_status"),
            models.Index(fields=["enterprise", "library"], name="library_entry_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.library}"

    @property
    def stage_label(self) -> str:
        return self.library.stage_label(self.stage)

    @property
    def tag_labels(self) -> list[str]:
        names = {str(code): str(name) for code, name in self.library.tags}
        return [names.get(t, t) for t in self.tags]


class LibraryMove(models.Model):
    """One step of an entry's history (入库、调整阶段、出库 …): from which status and stage to
    which, on what date, why, and who decided."""

    entry = models.ForeignKey(
        LibraryEntry, verbose_name=_("入库记录"), on_delete=models.CASCADE, related_name="moves"
    )
    action = models.CharField(_("操作"), max_length=16)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16)
    from_stage = models.CharField(_("原阶段"), max_length=32, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=32, blank=True)
    on = models.DateField(_("日期"))
    reason = models.TextField(_("原因"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("培育库变动")
        verbose_name_plural = _("培育库变动")
        ordering = ["entry", "at", "id"]

    def __str__(self) -> str:
        return f"{self.entry} {self.action} {self.on}"
