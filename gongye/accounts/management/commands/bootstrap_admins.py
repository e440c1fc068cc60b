"""The one way administrator roles are granted (三员分立): from the server console.

    python manage.py bootstrap_admins --region 341525 \
        --sys-admin zhang_sys --sec-admin li_sec --audit-admin wang_audit
    python manage.py bootstrap_admins --reset wang_audit     # an administrator's password
    python manage.py bootstrap_admins --revoke li_sec        # ends a person's administrator role
    python manage.py bootstrap_admins --reset-otp li_sec     # an administrator's lost phone

Accounts that do not exist are created; each gets its role through ``assignment_grant`` with
``actor=None`` (the system, refused inside any web or API request), so the 三员分立 rules hold
here too: an account already holding another role is refused. Temporary passwords are
e-mailed when the account has an address, else printed here once, for the operator to hand
over in person; each must be changed at first login.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongye.accounts.models import User
from gongye.accounts.services import (
    assignment_grant,
    assignment_revoke,
    second_factor_reset,
    user_create,
    user_reset_password,
)
from gongye.core.context import execution_context
from gongye.core.roles import ADMIN_ROLES, Role
from gongye.orgs.models import Region

# --sys-admin, --sec-admin, --audit-admin: one option per administrator role
_ADMIN_ORDER = (Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDIT_ADMIN)


class Command(BaseCommand):
    help = "授予三员（系统、安全、审计管理员）角色，重置或撤销管理员账号（仅限服务器控制台）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default=settings.GONGYE_DEFAULT_REGION)
        for role in _ADMIN_ORDER:
            parser.add_argument(
                "--" + role.value.replace("_", "-"),
                dest=role.value,
                metavar="USERNAME",
                help=f"授予{role.label}角色的账号（不存在则新建）",
            )
        parser.add_argument("--email", default="", help="新建账号的电子邮箱（临时密码发往此处）")
        parser.add_argument("--reset", metavar="USERNAME", help="重置一位管理员的密码")
        parser.add_argument("--revoke", metavar="USERNAME", help="撤销一位管理员的管理员角色")
        parser.add_argument(
            "--reset-otp",
            dest="reset_otp",
            metavar="USERNAME",
            help="重置一位管理员的动态口令（手机丢失时；下次登录重新绑定）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with execution_context(channel="command"):
            try:
                self._run(options)
            except (ValidationError, PermissionDenied) as error:
                raise CommandError("；".join(getattr(error, "messages", [str(error)]))) from error

    def _run(self, options: dict[str, Any]) -> None:
        if options["reset"]:
            user = self._user(options["reset"])
            reset = user_reset_password(actor=None, user=user)
            self._issued(user, reset.temporary, reset.emailed_to)
        if options["reset_otp"]:
            user = self._user(options["reset_otp"])
            second_factor_reset(actor=None, user=user)
            self.stdout.write(f"已重置 {user} 的动态口令，下次登录时重新绑定。")
        if options["revoke"]:
            user = self._user(options["revoke"])
            for assignment in user.assignments.filter(is_active=True, role__in=ADMIN_ROLES):
                assignment_revoke(actor=None, assignment=assignment)
                self.stdout.write(f"已撤销：{user} · {assignment}")
        wanted = {role.value: role for role in _ADMIN_ORDER if options.get(role.value)}
        if not wanted:
            return
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"没有区划代码 {options['region']}。")
        for key, role in wanted.items():
            username = options[key]
            user = User.objects.filter(username=username).first()
            if user is None:
                user, initial = user_create(
                    actor=None,
                    username=username,
                    display_name=str(role.label),
                    home_region=region,
                    email=options["email"],
                )
                self._issued(user, initial, "")
            assignment_grant(actor=None, user=user, role=role, region=region)
            self.stdout.write(self.style.SUCCESS(f"已授予：{user} · {region.name} · {role.label}"))

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名 {username}。")
        return user

    def _issued(self, user: User, temporary: str | None, emailed_to: str) -> None:
        if emailed_to:
            self.stdout.write(f"{user} 的临时密码已发往 {emailed_to}。")
        else:
            self.stdout.write(f"{user} 的临时密码（只显示这一次，首次登录须修改）：{temporary}")
