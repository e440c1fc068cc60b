"""Choices of the cultivation libraries (培育库): kinds, an entry's status, its actions and the
audit verbs (``library.*``). Kept apart from the models so that ``apps.py`` can name the verbs
without importing models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryKind(models.TextChoices):
    """The libraries the plan runs; a region has at most one of each kind."""

    GROWTH = "growth", _("成长性企业库")
    SCALE_UP = "scale_up", _("纳规培育库")
    HIGHTECH = "hightech", _("高企培育库")
    SRDI = "srdi", _("专精特新梯度培育库")
    LISTING = "listing", _("上市后备库（雁阵计划）")
    DIGITAL = "digital", _("数字化转型库")
    DIFFICULT = "difficult", _("困难企业帮扶库")


class EntryStatus(models.TextChoices):
    """Where an enterprise's entry in a library stands."""

    SUGGESTED = "suggested", _("待确认")
    ACTIVE = "active", _("在库")
    EXITED = "exited", _("已出库")
    DISMISSED = "dismissed", _("未采纳")
    RECOVERED = "recovered", _("已脱困")
    DISPOSED = "disposed", _("已处置")


OPEN_STATUSES = (EntryStatus.SUGGESTED, EntryStatus.ACTIVE)
# in the library (for counts at a date): active now, or left after that date
MEMBER_STATUSES = (
    EntryStatus.ACTIVE,
    EntryStatus.EXITED,
    EntryStatus.RECOVERED,
    EntryStatus.DISPOSED,
)


class EntryAction(models.TextChoices):
    """The steps an entry can take (the URL's and the API's word)."""

    CONFIRM = "confirm", _("确认入库")
    DISMISS = "dismiss", _("不予采纳")
    RESTORE = "restore", _("恢复为待确认")
    MOVE = "move", _("调整阶段")
    EXIT = "exit", _("出库")
    REINSTATE = "reinstate", _("撤销出库")
    RECOVER = "recover", _("确认脱困")
    DISPOSE = "dispose", _("僵尸企业处置")


class SuggestionRule(models.TextChoices):
    """Why an entry was suggested: a rule over the register's data, or a person's proposal."""

    PROPOSED = "proposed", _("乡镇（园区）推荐")
    APPROACHING = "approaching", _("营收接近规上标准")
    CANDIDATE = "candidate", _("营收达到规上标准（纳规候选）")
    NEW_ABOVE = "new_above", _("本年新纳规企业")
    HIGHTECH_EXPIRING = "hightech_expiring", _("高企证书即将到期（待重新认定）")
    REGISTERED_LEVEL = "registered_level", _("企业库登记的等级未入库")
    SRDI_NEXT = "srdi_next", _("具备申报上一梯度条件")


class DisposalMethod(models.TextChoices):
    """僵尸企业处置方式."""

    MERGER = "merger", _("兼并重组")
    BANKRUPTCY = "bankruptcy", _("破产清算")
    REVITALISE = "revitalise", _("盘活利用")
    DEREGISTER = "deregister", _("注销退出")
    OTHER = "other", _("其他")


class DigitalTag(models.TextChoices):
    """数字化转型: one library whose entries carry tags (an enterprise can be on the cloud and
    have a digital workshop at once, so these are not stages)."""

    CLOUD = "cloud", _("上云用数")
    FIVE_G = "5g", _("5G+工业互联网")
    SMART_FACTORY = "smart_factory", _("智能工厂")
    DIGITAL_WORKSHOP = "digital_workshop", _("数字化车间")


class LibraryVerb(models.TextChoices):
    """The business verbs the libraries write to the audit log."""

    CONFIGURE = "library.configure", _("修改培育库设置")
    RECORD = "library.record", _("登记入库")
    PROPOSE = "library.propose", _("推荐入库")
    SUGGEST = "library.suggest", _("系统建议入库")
    CONFIRM = "library.confirm", _("确认入库")
    DISMISS = "library.dismiss", _("不予采纳")
    RESTORE = "library.restore", _("恢复为待确认")
    MOVE = "library.move", _("调整培育阶段")
    EXIT = "library.exit", _("出库")
    REINSTATE = "library.reinstate", _("撤销出库")
    RECOVER = "library.recover", _("确认脱困")
    DISPOSE = "library.dispose", _("僵尸企业处置")
    SYNC = "library.sync", _("按培育阶段更新企业信息")
