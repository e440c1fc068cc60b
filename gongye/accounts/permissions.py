"""Who may manage accounts, roles and tokens (三员分立: each administrator alone, and each
over business accounts only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from gongye.core.permissions import ALLOW, Decision, deny, only_role
from gongye.core.roles import ADMIN_ROLES, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import ApiToken, RoleAssignment, User


def can_manage_accounts(user: User | AnonymousUser) -> Decision:
    """系统管理员: creates, edits, disables, unlocks accounts and resets passwords."""
    return only_role(user, Role.SYS_ADMIN, _("管理账号"))


def can_manage_account(user: User | AnonymousUser, account: User) -> Decision:
    """系统管理员, over business accounts only: an account holding an administrator role (its
    own included) is reset, unlocked or changed from the server console, so that no
    administrator can take over another's account (its own password it changes through the
    ordinary password form)."""
    from gongye.accounts.models import holds_admin_role

    decision = can_manage_accounts(user)
    if not decision:
        return decision
    if holds_admin_role(account):
        return deny(
            _(
                "系统管理员只能管理业务账号，不能重置、停用、解锁或修改管理员账号"
                "（三员分立；管理员账号在服务器上用 bootstrap_admins 命令维护）。"
            )
        )
    return ALLOW


def can_manage_roles(user: User | AnonymousUser) -> Decision:
    """安全管理员: grants and revokes roles and sets the security policy."""
    return only_role(user, Role.SEC_ADMIN, _("分配角色和设置安全策略"))


def _business_account_only(user: User | AnonymousUser, account: User) -> Decision:
    from gongye.accounts.models import holds_admin_role

    decision = can_manage_roles(user)
    if not decision:
        return decision
    if account.pk == user.pk:
        return deny(_("安全管理员不能给自己授予或撤销角色（三员分立）。"))
    if holds_admin_role(account):
        return deny(_("安全管理员只能管理业务账号的角色，不能改变管理员账号的角色（三员分立）。"))
    return ALLOW


def can_grant_role(user: User | AnonymousUser, account: User, role: str) -> Decision:
    """安全管理员 grants business roles to business accounts only, never to itself; the
    administrator roles come only from the server console (``bootstrap_admins``)."""
    decision = _business_account_only(user, account)
    if decision and role in ADMIN_ROLES:
        return deny(
            _(
                "管理员角色只能在服务器上用初始化命令（manage.py bootstrap_admins）授予（三员分立）。"
            )
        )
    return decision


def can_revoke_assignment(user: User | AnonymousUser, assignment: RoleAssignment) -> Decision:
    """The same rule as granting: business roles of business accounts, not its own."""
    decision = _business_account_only(user, assignment.user)
    if decision and assignment.role in ADMIN_ROLES:
        return deny(
            _(
                "管理员角色只能在服务器上用初始化命令（manage.py bootstrap_admins）撤销（三员分立）。"
            )
        )
    return decision


def can_reset_second_factor(user: User | AnonymousUser, account: User) -> Decision:
    """安全管理员 resets the second factor (a lost phone) of business accounts only: the system
    administrator resets passwords, so no one administrator can take over an account protected
    by both; an administrator's device is reset from the server console
    (``bootstrap_admins --reset-otp``)."""
    from gongye.accounts.models import holds_admin_role

    decision = only_role(user, Role.SEC_ADMIN, _("重置动态口令"))
    if not decision:
        return decision
    if holds_admin_role(account):
        return deny(
            _(
                "安全管理员只能重置业务账号的动态口令；管理员账号的动态口令在服务器上用 "
                "bootstrap_admins --reset-otp 重置（三员分立）。"
            )
        )
    return ALLOW


def can_revoke_token(user: User | AnonymousUser, token: ApiToken) -> Decision:
    """A person ends their own tokens (others' are out of their reach: 404 in the selector)."""
    if user.is_authenticated and token.user_id == user.pk:
        return ALLOW
    return deny(_("只能吊销自己的接口令牌。"))
