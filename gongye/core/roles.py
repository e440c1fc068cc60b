"""The roles a person can act in (角色). The one place role names are spelled: every other
module compares against ``Role`` members. It lives in core because units (orgs), accounts and
every domain app decide by role, and core is the only layer all of them may import."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does for a unit. The three administrators are separated (三员分立)."""

    PLAN_OFFICE = "plan_office", _("督办（计划办）")
    LIAISON = "liaison", _("联络员")
    UNIT_HEAD = "unit_head", _("单位负责人（审核）")
    LEADER = "leader", _("领导")
    STATISTICS = "statistics", _("统计")
    ENTERPRISE = "enterprise", _("企业用户")
    SYS_ADMIN = "sys_admin", _("系统管理员")
    SEC_ADMIN = "sec_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# Roles that act for one unit (the unit is required), and those that act for a whole region.
UNIT_ROLES = {Role.PLAN_OFFICE, Role.LIAISON, Role.UNIT_HEAD, Role.STATISTICS}
REGION_ROLES = {
    Role.LEADER,
    Role.ENTERPRISE,
    Role.SYS_ADMIN,
    Role.SEC_ADMIN,
    Role.AUDIT_ADMIN,
}
ADMIN_ROLES = {Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN}
