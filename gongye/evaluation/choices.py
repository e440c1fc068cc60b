"""The evaluation's states and verbs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("试算")
    PUBLISHED = "published", _("已公示")
    DISCARDED = "discarded", _("已作废")


class ResultStatus(models.TextChoices):
    GRADED = "graded", _("参评")
    NOT_GRADED = "not_graded", _("不分档（T类）")
    TENANT = "tenant", _("随出租方")
    EXCLUDED = "excluded", _("不参评")


class AppealStatus(models.TextChoices):
    FILED = "filed", _("待处理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")
    WITHDRAWN = "withdrawn", _("已撤回")


class EvaluationVerb(models.TextChoices):
    SCHEME_SAVE = "evaluation.scheme_save", _("保存评价方案")
    RUN_CREATE = "evaluation.run_create", _("评价试算")
    RUN_PUBLISH = "evaluation.run_publish", _("公示评价结果")
    RUN_DISCARD = "evaluation.run_discard", _("作废试算")
    APPEAL_FILE = "evaluation.appeal_file", _("提出异议")
    APPEAL_UPHOLD = "evaluation.appeal_uphold", _("异议成立")
    APPEAL_REJECT = "evaluation.appeal_reject", _("异议不成立")
    APPEAL_WITHDRAW = "evaluation.appeal_withdraw", _("撤回异议")
    APPEAL_EVIDENCE = "evaluation.appeal_evidence", _("下载异议证明材料")
