from django.db import models
from django.utils.translation import gettext_lazy as _


class ObservationMeasure(models.TextChoices):
    """The values of ``pace.Measure``, as model choices (a test keeps the two equal)."""

    CUMULATIVE = "cumulative", _("累计值")
    LEVEL = "level", _("期末值")
    GROWTH = "growth", _("同比增速(%)")
    SHARE = "share", _("占比(%)")
    RANK = "rank", _("位次")


class ObservationSource(models.TextChoices):
    STATISTICS = "statistics", _("统计局")
    UNIT = "unit", _("责任单位")
    COMPUTED = "computed", _("系统计算")
    # a figure the enterprise register computes for a target marked so (issue 12, item 6)
    REGISTER = "register", _("由系统计算")


class ObservationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已审核")
    REJECTED = "rejected", _("已退回")
