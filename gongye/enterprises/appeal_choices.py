"""The choices of appeals (诉求, 绿色通道): their states, where they come from, what they are
about, how the enterprise rated the answer, and the audit verbs of their workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealStatus(models.TextChoices):
    """Where an appeal stands (``workflows.APPEAL_WORKFLOW``)."""

    RAISED = "raised", _("待交办")
    RETURNED = "returned", _("退回补充")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复待评价")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class AppealSource(models.TextChoices):
    """Who brought the appeal: the enterprise itself, or a unit after a visit (四送一服)."""

    ENTERPRISE = "enterprise", _("企业提出")
    VISIT = "visit", _("走访登记（四送一服）")


class AppealCategory(models.TextChoices):
    """What the appeal is about, in the headings county offices use for 诉求."""

    FINANCE = "finance", _("融资贷款")
    LAND = "land", _("用地用房")
    LABOUR = "labour", _("用工招工")
    APPROVAL = "approval", _("审批手续")
    POLICY = "policy", _("政策兑现")
    INFRASTRUCTURE = "infrastructure", _("水电气路")
    MARKET = "market", _("市场开拓")
    TECHNOLOGY = "technology", _("科技人才")
    OTHER = "other", _("其他")


class AppealRating(models.TextChoices):
    """The enterprise's rating of the answer (满意度评价)."""

    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class AppealAction(models.TextChoices):
    """The steps of an appeal's workflow, as the URL and the API name them."""

    ASSIGN = "assign", _("交办")
    REASSIGN = "reassign", _("改派")
    RETURN = "return", _("退回补充")
    RESUBMIT = "resubmit", _("重新提交")
    WITHDRAW = "withdraw", _("撤回")
    ANSWER = "answer", _("答复")
    ACCEPT = "accept", _("评价（满意或基本满意）")
    REOPEN = "reopen", _("评价不满意，重新办理")
    CLOSE = "close", _("办结")


class AppealVerb(models.TextChoices):
    """The business verbs appeals write to the audit log (``EnterprisesConfig.audit_verbs``)."""

    RAISE = "appeal.raise", _("提出诉求")
    LOG = "appeal.log", _("登记走访诉求")
    ASSIGN = "appeal.assign", _("交办诉求")
    REASSIGN = "appeal.reassign", _("改派诉求")
    RETURN = "appeal.return", _("退回诉求补充")
    RESUBMIT = "appeal.resubmit", _("重新提交诉求")
    WITHDRAW = "appeal.withdraw", _("撤回诉求")
    ANSWER = "appeal.answer", _("答复诉求")
    RATE = "appeal.rate", _("评价诉求答复")
    REOPEN = "appeal.reopen", _("诉求评价不满意，重新办理")
    CLOSE = "appeal.close", _("办结诉求")
