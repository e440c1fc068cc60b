"""The project register's vocabularies: kinds, the three libraries (三库), returns, problems,
and the audit verbs of each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    """项目类型: the plan counts 技改 projects apart (40 over 500万元 to complete)."""

    NEW = "new", _("新建")
    EXPANSION = "expansion", _("扩建")
    UPGRADE = "upgrade", _("技改")
    INFRASTRUCTURE = "infrastructure", _("基础设施")


class ProjectStage(models.TextChoices):
    """三库联动: 储备库 → 在建库 → 投产库 → 纳规 (its enterprise entered 规上, 积树成林); a
    project given up ends 已终止."""

    RESERVE = "reserve", _("储备库")
    BUILDING = "building", _("在建库")
    PRODUCING = "producing", _("投产库")
    SCALED = "scaled", _("已纳规")
    CANCELLED = "cancelled", _("已终止")


class ProjectAction(models.TextChoices):
    START = "start", _("开工入在建库")
    COMPLETE = "complete", _("竣工投产入投产库")
    SCALE = "scale", _("企业纳规")
    CANCEL = "cancel", _("终止项目")
    REVERT_START = "revert_start", _("撤回开工（退回储备库）")
    REVERT_COMPLETE = "revert_complete", _("撤回投产（退回在建库）")
    REVERT_SCALE = "revert_scale", _("撤回纳规（退回投产库）")
    RESTORE = "restore", _("恢复项目（退回储备库）")


class DocumentKind(models.TextChoices):
    """What a project's file proves: a start needs 施工许可 or site photos."""

    PERMIT = "permit", _("施工许可")
    PHOTO = "photo", _("现场照片")
    ACCEPTANCE = "acceptance", _("竣工验收")
    OTHER = "other", _("其他材料")


class ReturnColour(models.TextChoices):
    """月30: filed by the 30th (green), late or due within days (yellow), missing (red)."""

    GREEN = "green", _("按时报送")
    YELLOW = "yellow", _("临近时限或迟报")
    RED = "red", _("逾期未报")
    NONE = "none", _("未到报送期")


class ProblemStatus(models.TextChoices):
    """问题清单交办: raised → assigned to a unit with a deadline → answered → verified and
    closed (销号) by the office, or sent back to be done again."""

    RAISED = "raised", _("待交办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复待核实")
    CLOSED = "closed", _("已销号")
    WITHDRAWN = "withdrawn", _("已撤回")


class ProblemAction(models.TextChoices):
    ASSIGN = "assign", _("交办")
    REASSIGN = "reassign", _("改派")
    ANSWER = "answer", _("答复")
    CLOSE = "close", _("核实销号")
    REOPEN = "reopen", _("退回重办")
    WITHDRAW = "withdraw", _("撤回")


class ProjectVerb(models.TextChoices):
    """The audit verbs of the project register."""

    CREATE = "project.create", _("登记项目")
    UPDATE = "project.update", _("修改项目信息")
    PAIR = "project.pair", _("设置联系领导和责任单位")
    DOCUMENT = "project.document", _("上传项目材料")
    START = "project.start", _("项目开工")
    COMPLETE = "project.complete", _("项目竣工投产")
    SCALE = "project.scale", _("项目企业纳规")
    CANCEL = "project.cancel", _("终止项目")
    REVERT = "project.revert", _("撤回项目阶段")
    RESTORE = "project.restore", _("恢复项目")
    RETURN_FILE = "project.return", _("报送月30调度数据")
    RETURN_IMPORT = "project.return_import", _("批量导入月30调度数据")
    PROBLEM_RAISE = "problem.raise", _("提出项目问题")
    PROBLEM_ASSIGN = "problem.assign", _("交办项目问题")
    PROBLEM_REASSIGN = "problem.reassign", _("改派项目问题")
    PROBLEM_ANSWER = "problem.answer", _("答复项目问题")
    PROBLEM_CLOSE = "problem.close", _("项目问题销号")
    PROBLEM_REOPEN = "problem.reopen", _("项目问题退回重办")
    PROBLEM_WITHDRAW = "problem.withdraw", _("撤回项目问题")


# 工业项目: every kind but 基础设施 (``selectors.statistics`` says why)
INDUSTRIAL_KINDS = (ProjectKind.NEW, ProjectKind.EXPANSION, ProjectKind.UPGRADE)

# the plan's lines (第三章): a 大项目 is one of 5000万元 or more, a 技改 project counts from 500万元
LARGE_PROJECT_10K_YUAN = 5000
UPGRADE_PROJECT_10K_YUAN = 500
