from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


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


# The words a target's sentence qualifies it with (``Target.qualifiers``: 力争, 以上, 左右 …),
# marked here so that they are translated where a page shows them ({% translate q %}); the
# parser keeps them as the plan wrote them.
QUALIFIER_WORDS = (
    gettext_noop("力争"),
    gettext_noop("确保"),
    gettext_noop("争取"),
    gettext_noop("努力"),
    gettext_noop("力求"),
    gettext_noop("预计"),
    gettext_noop("目标是"),
    gettext_noop("计划"),
    gettext_noop("累计"),
    gettext_noop("突破"),
    gettext_noop("达到"),
    gettext_noop("超过"),
    gettext_noop("超"),
    gettext_noop("稳定在"),
    gettext_noop("控制在"),
    gettext_noop("保持在"),
    gettext_noop("不低于"),
    gettext_noop("不少于"),
    gettext_noop("不超过"),
    gettext_noop("低于"),
    gettext_noop("及以上"),
    gettext_noop("以上"),
    gettext_noop("以下"),
    gettext_noop("以内"),
    gettext_noop("左右"),
    gettext_noop("多"),
    gettext_noop("余"),
)
