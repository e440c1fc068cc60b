"""Role assignments and the security policy (安全管理员's side of 三员分立).

Rules (等保2.0 三级, 安全管理中心: 系统管理员、安全管理员、审计管理员 分设, 互不兼任):
- an administrator role stands alone on its account: no second administrator role, no
  business role beside it (``separation_problem``, held here whoever calls and again by
  ``RoleAssignment.save``);
- administrator roles are granted and revoked only from the server console
  (``manage.py bootstrap_admins``, ``load_demo``: ``actor=None`` outside any request), never by
  an administrator through the pages, the API or a service;
- the security administrator grants and revokes business roles to business accounts only,
  never to itself (``can_grant_role``, ``can_revoke_assignment``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongye.accounts.choices import ADMIN_ROLES, Role
from gongye.accounts.models import (
    RoleAssignment,
    SecurityPolicy,
    TokenRevocation,
    User,
    separation_problem,
)
from gongye.accounts.permissions import (
    can_grant_role,
    can_manage_roles,
    can_revoke_assignment,
)
from gongye.accounts.services.people import require_in_scope
from gongye.accounts.services.tokens import tokens_revoke_all
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.core.context import current
from gongye.orgs.models import Region, Unit


def _require_console_for_admin_roles(actor: User | None, role: str) -> None:
    """``actor=None`` is the system itself; inside a web or API request it never grants an
    administrator role, even if a view forgot to pass the person."""
    if role in ADMIN_ROLES and (actor is not None or current().channel in {"web", "api"}):
        raise PermissionDenied(
            _(
                "管理员角色只能在服务器上用初始化命令（manage.py bootstrap_admins）授予或撤销（三员分立）。"
            )
        )


@transaction.atomic
def assignment_grant(
    *, actor: User | None, user: User, role: str, region: Region, unit: Unit | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": _("未知的角色。")})
    if actor is not None:
        can_grant_role(actor, user, role).require()
        require_in_scope(actor, region)
    _require_console_for_admin_roles(actor, role)
    # 三员分立 holds whoever calls, the console included
    held = set(
        user.assignments.filter(is_active=True).exclude(role=role).values_list("role", flat=True)
    )
    problem = separation_problem(role, held)
    if problem:
        raise ValidationError({"role": problem})
    if unit is not None and unit.region_id != region.pk:
        raise ValidationError({"unit": _("单位不属于所选区划。")})
    existing = RoleAssignment.objects.filter(user=user, role=role, region=region, unit=unit).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"role": _("该用户已有此角色。")})
    assignment = existing or RoleAssignment(user=user, role=role, region=region, unit=unit)
    assignment.is_active = True
    assignment.full_clean(validate_constraints=existing is None)
    assignment.save()
    audit_record(
        actor=actor,
        verb=Verb.ROLE_GRANT,
        target=assignment,
        parent=user,
        after=snapshot(assignment, ["role", "region", "unit", "is_active"]),
    )
    return assignment


@transaction.atomic
def assignment_revoke(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    """Revoking a role ends every API token of the person (a token acts under any of their
    assignments through ``X-Acting-As``, so what it may do has changed; a new one is cheap)."""
    if actor is not None:
        can_revoke_assignment(actor, assignment).require()
        require_in_scope(actor, assignment.region)
    _require_console_for_admin_roles(actor, assignment.role)
    if not assignment.is_active:
        raise ValidationError(_("该角色已撤销。"))
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        verb=Verb.ROLE_REVOKE,
        target=assignment,
        parent=assignment.user,
        before={"is_active": True},
        after={"is_active": False},
    )
    tokens_revoke_all(actor=actor, user=assignment.user, reason=TokenRevocation.ROLE_REVOKED)
    return assignment


@transaction.atomic
def policy_update(
    *,
    actor: User,
    idle_timeout_minutes: int,
    max_failed_logins: int,
    lockout_minutes: int,
) -> SecurityPolicy:
    can_manage_roles(actor).require()
    policy = SecurityPolicy.objects.select_for_update().order_by("id").first()
    if policy is None:
        policy = SecurityPolicy.current()
    before = snapshot(policy) if policy.pk else {}
    policy.idle_timeout_minutes = idle_timeout_minutes
    policy.max_failed_logins = max_failed_logins
    policy.lockout_minutes = lockout_minutes
    policy.full_clean()
    policy.save()
    after = snapshot(policy)
    after.pop("updated_at", None)
    before.pop("updated_at", None)
    old, new = diff(before, after)
    audit_record(actor=actor, verb=Verb.UPDATE, target=policy, before=old, after=new)
    return policy
