from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    LEVEL = "level", _("总量/达到")
    GROWTH = "growth", _("增长率")
    SHARE = "share", _("占比/比重")
    COUNT = "count", _("新增数量")
    RANK_CHANGE = "rank_change", _("位次前移")
    UPPER_BOUND = "upper_bound", _("上限控制")


class Comparator(models.TextChoices):
    GTE = "gte", _("不低于")
    LTE = "lte", _("不高于")
    EQ = "eq", _("等于")
    APPROX = "approx", _("左右")


class UnitRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    COOPERATING = "cooperating", _("配合单位")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("待确认")
    APPLIED = "applied", _("已导入")
    DISCARDED = "discarded", _("已放弃")


class PlansVerb(models.TextChoices):
    """The business verbs the plan office's adjustments write to the audit log
    (``PlansConfig.audit_verbs``); the task timeline reads them."""

    TASK_REASSIGN = "task.reassign", _("调整责任单位")
    TASK_SPLIT = "task.split", _("拆分任务")
    TASK_SPLIT_PART = "task.split_part", _("拆分出的任务")
