from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")


class UnitKind(models.TextChoices):
    PARTY_OFFICE = "party_office", _("党委或人大政协机关")
    GOVERNMENT = "government", _("政府部门")
    BUREAU = "bureau", _("局委办")
    CENTER = "center", _("事业单位或中心")
    TOWNSHIP = "township", _("乡镇")
    DEV_ZONE = "dev_zone", _("开发区或园区")
    COMPANY = "company", _("国有企业或公司")
    ASSOCIATION = "association", _("协会或联合会")
    GROUP = "group", _("单位组（泛指多个单位）")
