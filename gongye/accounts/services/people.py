"""Accounts and passwords (系统管理员's side of 三员分立, and each person's own password).

The system administrator manages business accounts only (``can_manage_account``): an account
that holds an administrator role is reset, unlocked and changed from the server console
(``manage.py bootstrap_admins``), never from another administrator's pages.
"""

from __future__ import annotations

import secrets
import smtplib
import string
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.accounts.models import TokenRevocation, User
from gongye.accounts.permissions import can_manage_account, can_manage_accounts
from gongye.accounts.services.tokens import tokens_revoke_all
from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.orgs.models import Region

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


def require_in_scope(actor: User | None, region: Region | None) -> None:
    if actor is None:
        return
    acting = actor.acting
    if region is None or acting is None or not region.path.startswith(acting.region.path):
        raise PermissionDenied(_("只能管理本区划及下级区划的账号。"))


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
        require_in_scope(actor, home_region)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": (_("用户名“%(username)s”已存在。") % {"username": username})}
        )
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
    """三员分立: the system administrator edits business accounts only (not its own, nor the
    other administrators'). Deactivating an account ends its API tokens."""
    can_manage_account(actor, user).require()
    require_in_scope(actor, user.home_region)
    if user.pk == actor.pk and is_active is False:
        raise ValidationError({"is_active": _("不能停用自己的账号。")})
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
    if not user.is_active:
        tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.DEACTIVATED)
    return user


@dataclass(frozen=True)
class PasswordReset:
    """What the administrator is told after a reset: the temporary password only when it
    could not be e-mailed to the person (then it is shown once); else only where it went."""

    temporary: str | None
    emailed_to: str


@transaction.atomic
def user_reset_password(*, actor: User | None, user: User) -> PasswordReset:
    """A new temporary password; the user must change it at next login. Also lifts a lock and
    ends the account's API tokens.

    三员分立: the system administrator resets business accounts only (``can_manage_account``);
    an administrator's password is reset from the server console (``actor=None``).
    The temporary password goes to the person: by e-mail to the account's address when it
    has one (sent inside the transaction, so a failed send changes nothing), else it is shown
    once to the administrator. Either way it only opens the forced password change
    (``ForcePasswordChangeMiddleware``; the API refuses it), it expires after
    ``GONGYE_TEMP_PASSWORD_HOURS``, and the change refuses to keep it.
    """
    if actor is not None:
        can_manage_account(actor, user).require()
        require_in_scope(actor, user.home_region)
    temporary = generate_password()
    user.set_password(temporary)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    axes_reset(username=user.username)
    tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.PASSWORD_RESET)
    emailed_to = user.email.strip()
    audit_record(
        actor=actor,
        verb=Verb.PASSWORD_RESET,
        target=user,
        after={"delivered": "email" if emailed_to else "shown_once"},
    )
    if emailed_to:
        hours = settings.GONGYE_TEMP_PASSWORD_HOURS
        try:
            _send_reset_mail(user, emailed_to, temporary, hours)
        except (smtplib.SMTPException, OSError) as error:
            # the reset is undone with the transaction: a password no one received must not stand
            raise ValidationError(
                _(
                    "临时密码邮件无法发送到 %(email)s（%(error)s），密码未重置，请稍后再试或联系安全管理员。"
                )
                % {"email": emailed_to, "error": error.__class__.__name__}
            ) from error
        return PasswordReset(temporary=None, emailed_to=emailed_to)
    return PasswordReset(temporary=temporary, emailed_to="")


def _send_reset_mail(user: User, address: str, temporary: str, hours: int) -> None:
    send_mail(
        subject=_("Gongye 工业平台：您的密码已被重置"),
        message=_(
            "%(name)s：\n\n管理员重置了您的登录密码。临时密码：%(password)s\n\n"
            "请在 %(hours)d 小时内登录并立即设置新密码；临时密码只能用于这一次修改。"
            "如果不是您本人申请，请联系安全管理员。"
        )
        % {"name": user.display_name or user.username, "password": temporary, "hours": hours},
        from_email=None,
        recipient_list=[address],
    )


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> int:
    """Lifts a lock-out before its time is up (系统管理员, business accounts only)."""
    can_manage_account(actor, user).require()
    require_in_scope(actor, user.home_region)
    removed = axes_reset(username=user.username)
    audit_record(actor=actor, verb=Verb.UNLOCK, target=user, after={"attempts_cleared": removed})
    return removed


def temporary_password_expired(user: User) -> bool:
    """A temporary password (issued at creation or reset, not yet changed) older than
    ``GONGYE_TEMP_PASSWORD_HOURS`` no longer opens the account. Demo accounts are exempt."""
    if not user.must_change_password or user.password_changed_at is None:
        return False
    age = timezone.now() - user.password_changed_at
    return age.total_seconds() > settings.GONGYE_TEMP_PASSWORD_HOURS * 3600


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """A user changes their own password (forced at first login outside demo mode). The new
    password is the person's own: never the temporary one. Ends every API token of theirs."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("原密码不正确。")})
    if old_password == new_password:
        raise ValidationError({"new_password": _("新密码不能与原密码相同。")})
    password_validation.validate_password(new_password, user)
    was_temporary = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    # who used a temporary password is the actor, and the IP is in the entry (request context)
    audit_record(
        actor=user,
        verb=Verb.PASSWORD_CHANGE,
        target=user,
        after={"replaced_temporary": True} if was_temporary else None,
    )
    tokens_revoke_all(actor=user, user=user, reason=TokenRevocation.PASSWORD_CHANGE)
    return user
