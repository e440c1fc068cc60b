"""Accounts, role assignments and the security policy. Each service authorises, validates,
writes and audits in one transaction (三员分立: accounts ≠ roles ≠ audit)."""

from __future__ import annotations

import secrets
import string

from axes.utils import reset as axes_reset
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gongye.accounts.choices import Role
from gongye.accounts.models import RoleAssignment, SecurityPolicy, User
from gongye.accounts.permissions import can_manage_accounts, can_manage_roles
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.orgs.models import Region, Unit

_USER_FIELDS = [
    "username",
    "display_name",
    "email",
    "phone",
    "is_active",
    "must_change_password",
    "home_region",
    "is_demo",
]


def _require_in_scope(actor: User | None, region: Region | None) -> None:
    if actor is None:
        return
    acting = actor.acting
    if region is None or acting is None or not region.path.startswith(acting.region.path):
        raise PermissionDenied("只能管理本区划及下级区划的账号。")


def generate_password(length: int = 14) -> str:
    """A temporary password that passes the policy (upper, lower, digit, symbol)."""
    alphabet = string.ascii_letters + string.digits + "#@%+=?"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isupper() for c in candidate)
            and any(c.islower() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    display_name: str,
    home_region: Region,
    email: str = "",
    phone: str = "",
    password: str | None = None,
    is_demo: bool = False,
) -> tuple[User, str]:
    """Returns the user and the initial password, to be handed over in person. Outside demo
    accounts the user must change it at first login."""
    if actor is not None:
        can_manage_accounts(actor).require()
        _require_in_scope(actor, home_region)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已存在。"})
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        home_region=home_region,
        is_demo=is_demo,
        must_change_password=not is_demo,
    )
    user.full_clean(exclude=["password"])
    initial = password or generate_password()
    password_validation.validate_password(initial, user)
    user.set_password(initial)
    user.password_changed_at = timezone.now()
    user.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=user, after=snapshot(user, _USER_FIELDS))
    return user, initial


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    display_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    is_active: bool | None = None,
) -> User:
    can_manage_accounts(actor).require()
    _require_in_scope(actor, user.home_region)
    if user.pk == actor.pk and is_active is False:
        raise ValidationError({"is_active": "不能停用自己的账号。"})
    before = snapshot(user, _USER_FIELDS)
    for field, value in {
        "display_name": display_name,
        "email": email,
        "phone": phone,
        "is_active": is_active,
    }.items():
        if value is not None:
            setattr(user, field, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password"])
    user.save()
    old, new = diff(before, snapshot(user, _USER_FIELDS))
    if new:
        audit_record(actor=actor, verb=Verb.UPDATE, target=user, before=old, after=new)
    return user


@transaction.atomic
def user_reset_password(*, actor: User, user: User) -> str:
    """A new temporary password; the user must change it at next login. Also lifts a lock."""
    can_manage_accounts(actor).require()
    _require_in_scope(actor, user.home_region)
    temporary = generate_password()
    user.set_password(temporary)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    axes_reset(username=user.username)
    audit_record(actor=actor, verb=Verb.PASSWORD_RESET, target=user)
    return temporary


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> int:
    """Lifts a lock-out before its time is up (系统管理员)."""
    can_manage_accounts(actor).require()
    _require_in_scope(actor, user.home_region)
    removed = axes_reset(username=user.username)
    audit_record(actor=actor, verb=Verb.UNLOCK, target=user, after={"attempts_cleared": removed})
    return removed


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """A user changes their own password (forced at first login outside demo mode)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确。"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同。"})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(actor=user, verb=Verb.PASSWORD_CHANGE, target=user)
    return user


@transaction.atomic
def assignment_grant(
    *, actor: User | None, user: User, role: str, region: Region, unit: Unit | None = None
) -> RoleAssignment:
    if actor is not None:
        can_manage_roles(actor).require()
        _require_in_scope(actor, region)
        if Role(role) in {Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN} and user.pk == actor.pk:
            raise ValidationError({"role": "不能给自己授予管理员角色（三员分立）。"})
    if unit is not None and unit.region_id != region.pk:
        raise ValidationError({"unit": "单位不属于所选区划。"})
    existing = RoleAssignment.objects.filter(user=user, role=role, region=region, unit=unit).first()
    if existing is not None and existing.is_active:
        raise ValidationError({"role": "该用户已有此角色。"})
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
def assignment_revoke(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    can_manage_roles(actor).require()
    _require_in_scope(actor, assignment.region)
    if not assignment.is_active:
        raise ValidationError("该角色已撤销。")
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


@transaction.atomic
def token_create(*, user: User) -> Token:
    """A personal API token (replaces any earlier one)."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=user, verb=Verb.TOKEN_CREATE, target=user)
    return token
