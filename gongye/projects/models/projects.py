"""A project (项目) of the plan's third chapter and the files that prove its steps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.projects.choices import DocumentKind, ProjectKind, ProjectStage


def money(label: Any, default: Decimal | int | None = None) -> models.DecimalField:
    """An amount in 万元 (the plan's unit for investment); required unless it has a default."""
    if default is None:
        return models.DecimalField(label, max_digits=14, decimal_places=2)
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=default)


def totals_key(project: Project) -> tuple[str | None, int | None]:
    """The project's kind and place as loaded (None for a field not loaded)."""
    return project.__dict__.get("kind"), project.__dict__.get("location_id")


class ProjectQuerySet(ScopedQuerySet["Project"]):
    region_field = "region"

    def counted(self) -> ProjectQuerySet:
        """Projects that count on the board and in the statistics: not given up."""
        return self.exclude(stage=ProjectStage.CANCELLED)


class Project(models.Model):
    """An investment project (工业项目): who builds it, where, how much, and where it stands in
    三库联动 (储备 → 在建 → 投产 → 纳规). A project may be registered before its enterprise is
    (``enterprise_name`` then names the builder)."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("项目单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    enterprise_name = models.CharField(
        _("项目单位名称"), max_length=200, blank=True, help_text=_("企业尚未登记入库时填写。")
    )
    chain = models.ForeignKey(
        "enterprises.IndustryChain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    chain_link = models.CharField(_("链条环节"), max_length=60, blank=True)
    kind = models.CharField(_("项目类型"), max_length=16, choices=ProjectKind.choices)
    location = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("建设地点（乡镇或开发区）"),
        on_delete=models.PROTECT,
        related_name="located_projects",
    )
    total_investment = money(_("总投资（万元）"))
    fixed_asset_investment = money(_("固定资产投资（万元）"), default=0)
    equipment_investment = money(_("设备投资（万元）"), default=0)
    year_plan_investment = money(_("本年计划投资（万元）"), default=0)
    description = models.TextField(_("建设内容"), blank=True, max_length=4000)
    planned_sign_on = models.DateField(_("计划签约日期"), null=True, blank=True)
    planned_start_on = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_complete_on = models.DateField(_("计划竣工日期"), null=True, blank=True)
    planned_produce_on = models.DateField(_("计划投产日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    produced_on = models.DateField(_("投产日期"), null=True, blank=True)
    scaled_on = models.DateField(_("纳规日期"), null=True, blank=True)
    cancelled_on = models.DateField(_("终止日期"), null=True, blank=True)
    cancel_reason = models.TextField(_("终止原因"), blank=True)
    stage = models.CharField(
        _("所处库"), max_length=16, choices=ProjectStage.choices, default=ProjectStage.RESERVE
    )
    paired_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paired_projects",
    )
    # the unit that answers for the project and files its 月30 returns
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    # (kind, place) as loaded from the database, None when not loaded (``from_db``)
    totals_key: tuple[str | None, int | None] | None = None

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["region", "-total_investment", "id"]
        indexes = [
            models.Index(fields=["region", "stage"], name="project_region_stage"),
            models.Index(fields=["location", "stage"], name="project_location_stage"),
            models.Index(fields=["unit", "stage"], name="project_unit_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_investment__gte=0), name="project_total_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Project:
        instance = super().from_db(db, field_names, values)
        # what its returns' monthly totals are summed under (``projects.totals``): a save that
        # changes either moves them
        instance.totals_key = totals_key(instance)
        return instance

    @property
    def builder(self) -> str:
        """The project's enterprise as registered, else the name given for it."""
        return self.enterprise.name if self.enterprise is not None else self.enterprise_name


class ProjectDocument(models.Model):
    """A file of a project: its construction permit, site photos (of a monthly return too),
    acceptance papers. The type is decided by the content (``core.evidence``)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="documents"
    )
    project_return = models.ForeignKey(
        "projects.ProjectReturn",
        verbose_name=_("月度调度"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    kind = models.CharField(_("材料类型"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(_("文件"), upload_to="projects/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目材料")
        verbose_name_plural = _("项目材料")
        ordering = ["project", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
