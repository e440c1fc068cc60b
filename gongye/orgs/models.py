from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.orgs.choices import RegionLevel, UnitKind

LEVEL_ORDER = {RegionLevel.PROVINCE: 0, RegionLevel.CITY: 1, RegionLevel.COUNTY: 2}


class RegionQuerySet(ScopedQuerySet["Region"]):
    region_field = ""  # a region's own path


class Region(models.Model):
    """An administrative division (行政区划) with its GB/T 2260 code: province, city or county.

    ``path`` is the chain of codes from the province down (``340000/341500/341525/``) so that
    "this region and everything below it" is one indexed prefix query.
    """

    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("区划代码应为 6 位数字（GB/T 2260）。"))],
    )
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=200, db_index=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.parent is not None:
            if LEVEL_ORDER[RegionLevel(self.level)] <= LEVEL_ORDER[RegionLevel(self.parent.level)]:
                raise ValidationError({"parent": _("上级区划的层级必须高于本区划。")})
        elif self.level != RegionLevel.PROVINCE:
            raise ValidationError({"parent": _("市、县（区）必须有上级区划。")})

    def subtree_codes(self) -> list[str]:
        """The codes of this region and every region below it (what an audit entry, which
        keeps the region's code, is scoped by)."""
        return list(Region.objects.within(self.path).values_list("code", flat=True))

    @property
    def ancestors(self) -> list[Region]:
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class UnitQuerySet(ScopedQuerySet["Unit"]):
    region_field = "region"

    def in_regions(self, region_paths: list[str]) -> UnitQuerySet:
        """Units of any of several region subtrees (a user with assignments in several)."""
        if not region_paths:
            return self.none()
        q = Q()
        for path in region_paths:
            q |= Q(region__path__startswith=path)
        return self.filter(q)


class Unit(models.Model):
    """A unit inside a region: a party or government office, bureau, township, development
    zone, state company, association — or a group (相关乡镇, 相关县直单位 …) that stands for
    several units at once."""

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(
        _("名称（简称）"),
        max_length=100,
        help_text=_("计划文件中常用的名称，如“科技经信局”。"),
    )
    full_name = models.CharField(_("全称"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    members = models.ManyToManyField(
        "self",
        verbose_name=_("组内单位"),
        symmetrical=False,
        blank=True,
        related_name="groups",
        help_text=_("仅单位组使用：该组代表的单位。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    # when the row last changed (a rename shows in every cached page that names the unit)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__path", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_group(self) -> bool:
        return self.kind == UnitKind.GROUP


class UnitAlias(models.Model):
    """Another name a document may use for a unit (县科技经信局 for 科技经信局)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="aliases"
    )
    # The region is copied from the unit so that an alias is unique within a region.
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    name = models.CharField(_("别名"), max_length=200)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="alias_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.region_id = self.unit.region_id
        super().save(*args, **kwargs)
