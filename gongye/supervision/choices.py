from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskProgressState(models.TextChoices):
    """What the lead unit says of its task (issue 4: 未开始, 推进中, 已完成, 滞后)."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    LATE = "late", _("滞后")


class Colour(models.TextChoices):
    GREEN = "green", _("绿")
    YELLOW = "yellow", _("黄")
    RED = "red", _("红")


class ReportKind(models.TextChoices):
    LEAD = "lead", _("牵头单位报告")
    CONTRIBUTION = "contribution", _("配合单位报送")


class ReportStatus(models.TextChoices):
    """Where a report stands. A contribution's 待督办验收 and 已验收 read 待牵头单位采纳 and 已采纳
    (``ProgressReport.status_label``): the lead unit takes it up, the plan office may too."""

    SUBMITTED = "submitted", _("待单位审核")
    APPROVED = "approved", _("待督办验收")
    ACCEPTED = "accepted", _("已验收")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    SUPERSEDED = "superseded", _("随任务办结")


# a report still under review: its unit files no other on the task meanwhile
OPEN_REPORT_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ReviewAction(models.TextChoices):
    APPROVE = "approve", _("审核通过")
    ACCEPT = "accept", _("验收")
    ADOPT = "adopt", _("采纳")
    RETURN = "return", _("退回")
    WITHDRAW = "withdraw", _("撤回")
    SUPERSEDE = "supersede", _("随任务办结")


class ReminderRule(models.TextChoices):
    DUE_SOON = "due_soon", _("临期提醒")
    DUE_TODAY = "due_today", _("到期提醒")
    OVERDUE = "overdue", _("逾期督办")


class SupervisionVerb(models.TextChoices):
    """The business verbs 督办 writes to the audit log (``SupervisionConfig.audit_verbs``);
    the task timeline reads what happened from them."""

    REPORT_SUBMIT = "report.submit", _("报送进展")
    REPORT_APPROVE = "report.approve", _("审核通过")
    REPORT_ACCEPT = "report.accept", _("验收")
    REPORT_RETURN = "report.return", _("退回")
    REPORT_ADOPT = "report.adopt", _("采纳配合情况")
    REPORT_WITHDRAW = "report.withdraw", _("撤回报告")
    REPORT_SUPERSEDE = "report.supersede", _("随任务办结")
    # what a report's review does to the task itself
    TASK_PROGRESS = "task.progress", _("更新任务进展")
    TASK_PROGRESS_RESTORE = "task.progress_restore", _("退回后恢复进展")
    TASK_CLOSE = "task.close", _("验收办结")
    TASK_POSTPONE = "task.postpone", _("延期")
    EVIDENCE_DOWNLOAD = "evidence.download", _("下载佐证材料")
