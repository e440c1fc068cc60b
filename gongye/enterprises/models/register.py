from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.core.scope import ScopedQuerySet
from gongye.enterprises import credit_code
from gongye.enterprises.choices import FigureSource, ListingStage, Ownership, Scale, SrdiLevel

# 高新技术企业 certificates are valid for three years (《高新技术企业认定管理办法》第十条)
HIGHTECH_VALID_YEARS = 3


def validate_credit_code(value: str) -> None:
    found = credit_code.problem(value)
    if found is not None:
        raise ValidationError(str(found), code="credit_code")


class IndustryChainQuerySet(ScopedQuerySet["IndustryChain"]):
    region_field = "region"


class IndustryChain(models.Model):
    """One of a county's industry chains ("3+N": 高端装备制造, 生态食品 …), set per region; its
    links (链条环节) name where along the chain an enterprise sits."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("产业链"), max_length=60)
    is_leading = models.BooleanField(
        _("主导产业"), default=False, help_text=_("“3+N”中的“3”：计算主导产业营收占比时计入。")
    )
    links = models.JSONField(_("链条环节"), default=list, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    objects = IndustryChainQuerySet.as_manager()

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["region", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="industry_chain_unique")
        ]

    def __str__(self) -> str:
        return self.name


class EnterpriseQuerySet(ScopedQuerySet["Enterprise"]):
    region_field = "region"


class Enterprise(models.Model):
    """An enterprise of the county's register (一企一档), known by its unified social credit
    code (GB 32100-2015)."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("所属县（区）"), on_delete=models.PROTECT, related_name="+"
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    name = models.CharField(_("企业名称"), max_length=200)
    former_names = models.JSONField(_("曾用名"), default=list, blank=True)
    township = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所在乡镇（园区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_enterprises",
    )
    in_dev_zone = models.BooleanField(_("开发区内"), default=False)
    industry_code = models.CharField(
        _("行业代码"), max_length=5, blank=True, help_text=_("GB/T 4754-2017，如 C3484。")
    )
    industry_name = models.CharField(_("行业名称"), max_length=100, blank=True)
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    chain_link = models.CharField(_("链条环节"), max_length=60, blank=True)
    ownership = models.CharField(
        _("登记注册类型"), max_length=16, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    scale = models.CharField(_("规模"), max_length=8, choices=Scale.choices, default=Scale.BELOW)
    above_scale_since = models.DateField(_("纳规时间"), null=True, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    land_owned_mu = models.DecimalField(
        _("自有用地（亩）"), max_digits=12, decimal_places=2, default=0
    )
    land_rented_mu = models.DecimalField(
        _("租用用地（亩）"), max_digits=12, decimal_places=2, default=0
    )
    hightech_cert_no = models.CharField(_("高企证书编号"), max_length=40, blank=True)
    hightech_cert_date = models.DateField(_("高企发证日期"), null=True, blank=True)
    srdi_level = models.CharField(
        _("专精特新"), max_length=16, choices=SrdiLevel.choices, default="", blank=True
    )
    listing_stage = models.CharField(
        _("上市进程"), max_length=16, choices=ListingStage.choices, default="", blank=True
    )
    paired_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paired_enterprises",
    )
    paired_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("联系单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="paired_enterprises",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["region", "name", "id"]
        indexes = [
            models.Index(fields=["region", "scale", "name"], name="enterprise_region_scale"),
            models.Index(fields=["region", "name"], name="enterprise_region_name"),
            models.Index(fields=["township", "name"], name="enterprise_township"),
            # the list filtered by chain, in name order (bench/enterprise_pages_bench.py)
            models.Index(fields=["chain", "name"], name="enterprise_chain_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def land_mu(self):
        """The land it uses: held and rented (亩)."""
        return (self.land_owned_mu or 0) + (self.land_rented_mu or 0)

    @property
    def hightech_valid_until(self) -> dt.date | None:
        if self.hightech_cert_date is None:
            return None
        try:
            return self.hightech_cert_date.replace(
                year=self.hightech_cert_date.year + HIGHTECH_VALID_YEARS
            )
        except ValueError:  # 29 February
            return self.hightech_cert_date.replace(
                year=self.hightech_cert_date.year + HIGHTECH_VALID_YEARS, day=28
            )

    def hightech_valid_on(self, day: dt.date) -> bool:
        start, until = self.hightech_cert_date, self.hightech_valid_until
        return start is not None and until is not None and start <= day < until


class EnterpriseAccount(models.Model):
    """A person who signs in for an enterprise (企业用户): they see and file for it alone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="enterprise_account",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="accounts"
    )
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业账号")
        verbose_name_plural = _("企业账号")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.user}"


class FigureImportQuerySet(ScopedQuerySet["FigureImport"]):
    region_field = "region"


class FigureImport(models.Model):
    """One of the statistics bureau's monthly sheets as imported: which month, which file, how
    many rows and new enterprises, and who imported it."""

    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    new_enterprises = models.PositiveIntegerField(_("新增企业"), default=0)
    columns = models.JSONField(_("识别的列"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    objects = FigureImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("统计月报导入")
        verbose_name_plural = _("统计月报导入")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 · {self.file_name}"


class MonthlyFigureQuerySet(ScopedQuerySet["MonthlyFigure"]):
    region_field = "region"


def _money(label):
    return models.DecimalField(label, max_digits=16, decimal_places=4, null=True, blank=True)


# the flows kept as 本年累计 (the field) and 本月 (``<field>_month``); employees is a level
FLOW_FIELDS = (
    "output_value",
    "value_added",
    "revenue",
    "tax",
    "profit",
    "rd_expense",
    "electricity_kwh",
    "energy_tce",
)


class MonthlyFigure(models.Model):
    """An enterprise's figures for one month (企业月度数据): flows as 本年累计 (year to date)
    and 本月, money in 万元, electricity in 千瓦时, energy in 吨标准煤, employees at month end."""

    # no index of their own (a sheet writes 100,000 rows into each index): the unique
    # (enterprise, year, month) and the (region, year, month) index lead with them
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="figures",
        db_index=False,
    )
    # the enterprise's region, kept on the row so the county's sums read one table
    region = models.ForeignKey(
        "orgs.Region",
        verbose_name=_("区划"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(
        _("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    output_value = _money(_("工业总产值（本年累计，万元）"))
    value_added = _money(_("工业增加值（本年累计，万元）"))
    revenue = _money(_("营业收入（本年累计，万元）"))
    tax = _money(_("税收（本年累计，万元）"))
    profit = _money(_("利润总额（本年累计，万元）"))
    rd_expense = _money(_("研发费用（本年累计，万元）"))
    electricity_kwh = models.DecimalField(
        _("用电量（本年累计，千瓦时）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    energy_tce = _money(_("综合能耗（本年累计，吨标准煤）"))
    output_value_month = _money(_("工业总产值（本月，万元）"))
    value_added_month = _money(_("工业增加值（本月，万元）"))
    revenue_month = _money(_("营业收入（本月，万元）"))
    tax_month = _money(_("税收（本月，万元）"))
    profit_month = _money(_("利润总额（本月，万元）"))
    rd_expense_month = _money(_("研发费用（本月，万元）"))
    electricity_kwh_month = models.DecimalField(
        _("用电量（本月，千瓦时）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    energy_tce_month = _money(_("综合能耗（本月，吨标准煤）"))
    employees = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=FigureSource.choices)
    batch = models.ForeignKey(
        FigureImport,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
        db_index=False,  # no query reads figures by batch; a batch is never deleted
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # no query reads figures by who entered them; users are not deleted
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MonthlyFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业月度数据")
        verbose_name_plural = _("企业月度数据")
        ordering = ["enterprise", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"], name="monthly_figure_unique"
            )
        ]
        indexes = [
            models.Index(fields=["region", "year", "month"], name="monthly_figure_region"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年{self.month}月"
