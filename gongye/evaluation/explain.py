"""A result's reasons in words (评价说明): the engine keeps codes and figures, so the same
result reads in Chinese or English and two runs compare exactly."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def reason_text(reason: dict[str, Any]) -> str:
    code = reason.get("code")
    if code == "out_of_scope":
        return _("不在方案的参评范围内")
    if code == "excluded":
        return _("不参评：%(rule)s") % reason
    if code == "not_graded":
        return _("不分档（T类）：%(rule)s") % reason
    if code == "no_group":
        return _("不属于方案的任何分组")
    if code == "missing":
        if reason.get("rule") == "average":
            return _("“%(indicator)s”缺数据，按组内平均得分 %(score)s 计") % reason
        return _("“%(indicator)s”缺数据，按 0 分计") % reason
    if code == "cap":
        return _("“%(indicator)s”得分封顶为 %(limit)s") % reason
    if code == "veto":
        return _("一票否决（%(rule)s）：由 %(from)s 类调为 %(to)s 类") % reason
    if code == "tenant":
        return _("租用厂房，随出租方 %(landlord)s 评为 %(class)s 类") % reason
    return str(code)
