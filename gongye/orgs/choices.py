from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（区）"


class UnitKind(models.TextChoices):
    PARTY_OFFICE = "party_office", "党委或人大政协机关"
    GOVERNMENT = "government", "政府部门"
    BUREAU = "bureau", "局委办"
    CENTER = "center", "事业单位或中心"
    TOWNSHIP = "township", "乡镇"
    DEV_ZONE = "dev_zone", "开发区或园区"
    COMPANY = "company", "国有企业或公司"
    ASSOCIATION = "association", "协会或联合会"
    GROUP = "group", "单位组（泛指多个单位）"
