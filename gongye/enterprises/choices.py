from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    """规模: 规上 (above designated size: main-business revenue ≥ 2,000万元) or 规下."""

    ABOVE = "above", _("规上")
    BELOW = "below", _("规下")


class Ownership(models.TextChoices):
    """登记注册类型, as far as the plan's counts need it (私营企业 and 个体户 are counted)."""

    PRIVATE = "private", _("私营企业")
    INDIVIDUAL = "individual", _("个体工商户")
    STATE = "state", _("国有及国有控股")
    FOREIGN = "foreign", _("外商及港澳台投资")
    COLLECTIVE = "collective", _("集体及其他")


class SrdiLevel(models.TextChoices):
    """专精特新 tiers, lowest first (创新型中小企业 → 省级专精特新 → 国家级小巨人 → 单项冠军)."""

    NONE = "", _("无")
    INNOVATIVE = "innovative", _("创新型中小企业")
    PROVINCIAL = "provincial", _("省级专精特新")
    LITTLE_GIANT = "little_giant", _("国家级专精特新“小巨人”")
    CHAMPION = "champion", _("制造业单项冠军")


class ListingStage(models.TextChoices):
    """雁阵计划: where a listing candidate stands."""

    NONE = "", _("无")
    RESERVE = "reserve", _("上市后备")
    RESTRUCTURED = "restructured", _("股改")
    COUNSELLING = "counselling", _("辅导备案")
    FILED = "filed", _("申报")
    LISTED = "listed", _("挂牌/上市")


class FigureSource(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业填报")
    BUREAU = "bureau", _("统计局导入")
    DEMO = "demo", _("演示数据")


class EnterpriseVerb(models.TextChoices):
    """The business verbs the register writes to the audit log (``EnterprisesConfig.audit_verbs``)."""

    CREATE = "enterprise.create", _("登记企业")
    UPDATE = "enterprise.update", _("修改企业信息")
    VIEW = "enterprise.view", _("查看企业档案")
    FIGURES_SAVE = "enterprise.figures_save", _("填报月度数据")
    FIGURES_IMPORT = "enterprise.figures_import", _("导入统计月报")
    ACCOUNT_LINK = "enterprise.account_link", _("关联企业账号")
    # the register part: pairing (一对一联系), unlinking accounts, the region's industry chains
    PAIR = "enterprise.pair", _("调整一对一联系")
    ACCOUNT_UNLINK = "enterprise.account_unlink", _("解除企业账号关联")
    CHAIN_SAVE = "enterprise.chain_save", _("设置产业链")
    COMPUTED_SET = "enterprise.computed_set", _("设置目标由系统计算")
    COMPUTED_CLEAR = "enterprise.computed_clear", _("取消目标由系统计算")
    COMPUTED_RUN = "enterprise.computed_run", _("由系统计算目标数据")
