from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongye.accounts.choices import ADMIN_ROLES, UNIT_ROLES, Role
from gongye.core.scope import ScopedQuerySet


class UserQuerySet(ScopedQuerySet["User"]):
    region_field = "home_region"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user …) with ``in_scope``."""


class RoleAssignmentQuerySet(ScopedQuerySet["RoleAssignment"]):
    region_field = "region"


class User(AbstractUser):
    """A person who signs in: a liaison, a unit head, a leader, an administrator …

    What the person may see and do comes from their role assignments, never from Django's
    superuser or staff flags (those stay off for every account the platform creates).
    """

    display_name = models.CharField(_("姓名"), max_length=150)
    phone = models.CharField(_("手机"), max_length=32, blank=True)
    must_change_password = models.BooleanField(_("首次登录须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示账号"), default=False)
    home_region = models.ForeignKey(
        "orgs.Region",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("账号归属的区划，决定哪位管理员可以管理它。"),
    )

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()

    # The assignment chosen in the switcher, set by ``act_as`` (ActingAssignmentMiddleware
    # calls it on every request); not a field. Read it through ``acting``.
    _acting: RoleAssignment | None

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.display_name}（{self.username}）" if self.display_name else self.username

    @cached_property
    def active_assignments(self) -> list[RoleAssignment]:
        return list(
            self.assignments.filter(is_active=True)
            .select_related("region", "unit", "region__parent", "region__parent__parent")
            .order_by("id")
        )

    @property
    def acting(self) -> RoleAssignment | None:
        """The assignment the user is acting under now: chosen in the switcher (the middleware
        sets ``_acting``), else the first one."""
        chosen = getattr(self, "_acting", None)
        if chosen is not None:
            return chosen
        assignments = self.active_assignments
        return assignments[0] if assignments else None

    def act_as(self, assignment_id: int | None) -> RoleAssignment | None:
        for assignment in self.active_assignments:
            if assignment.pk == assignment_id:
                self._acting = assignment
                return assignment
        self._acting = None
        return self.acting


class RoleAssignment(models.Model):
    """A role a user holds for a unit within a region (or for the whole region).

    A city or province assignment reaches every county below it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "orgs.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    is_active = models.BooleanField(_("有效"), default=True)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "unit"], name="assignment_unique"
            )
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit is not None else self.region.name
        return f"{where} · {self.get_role_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        # The model-level guard of 三员分立 (等保2.0 三级 “安全管理中心”): whatever writes the
        # row (a service, a factory, the admin site), an active assignment never joins an
        # administrator role to another role of the same person.
        if self.is_active:
            others = (
                RoleAssignment.objects.filter(user_id=self.user_id, is_active=True)
                .exclude(pk=self.pk)
                .values_list("role", flat=True)
            )
            problem = separation_problem(self.role, set(others))
            if problem:
                raise ValidationError({"role": problem})
        super().save(*args, **kwargs)  # type: ignore[arg-type]  # Model.save's own keywords

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError(
                {"unit": (_("角色“%(role)s”必须指定单位。") % {"role": self.get_role_display()})}
            )
        if self.unit is not None and self.unit.region_id != self.region_id:
            raise ValidationError({"unit": _("单位不属于所选区划。")})

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


def separation_problem(role: str, held: set[str]) -> str:
    """Why ``role`` may not join the roles a person already holds (三员分立), or "".

    An administrator role (系统、安全、审计管理员) stands alone: no second administrator role,
    no business role beside it. The same administrator role in several regions is one job.
    """
    others = held - {role}
    if role in ADMIN_ROLES and others:
        return str(
            _("管理员账号不能再兼任其他角色（三员分立）：系统、安全、审计管理员须各用专门账号。")
        )
    if role not in ADMIN_ROLES and others & ADMIN_ROLES:
        return str(_("管理员账号不能兼任业务角色（三员分立）。"))
    return ""


def holds_admin_role(user: User) -> bool:
    """Whether the person holds (actively) one of the three administrator roles (read fresh,
    not from the cached ``active_assignments``: a rule must see the latest grant)."""
    return user.assignments.filter(is_active=True, role__in=ADMIN_ROLES).exists()


class SecurityPolicy(models.Model):
    """The login and session policy the security administrator (安全管理员) sets. One row."""

    idle_timeout_minutes = models.PositiveIntegerField(
        _("空闲超时（分钟）"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    max_failed_logins = models.PositiveIntegerField(
        _("连续失败锁定次数"),
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(10)],
    )
    lockout_minutes = models.PositiveIntegerField(
        _("锁定时长（分钟）"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(1440)],
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    def __str__(self) -> str:
        return str(_("安全策略"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy = cls.objects.order_by("id").first()
        if policy is None:
            return cls(
                idle_timeout_minutes=settings.GONGYE_IDLE_TIMEOUT_MINUTES,
                max_failed_logins=settings.GONGYE_LOCKOUT_FAILURES,
                lockout_minutes=settings.GONGYE_LOCKOUT_MINUTES,
            )
        return policy


class TokenRevocation(models.TextChoices):
    """Why an API token stopped working before its time (or at it)."""

    LOGOUT = "logout", _("退出登录")
    USER = "user", _("本人吊销")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    PASSWORD_RESET = "password_reset", _("管理员重置密码")
    DEACTIVATED = "deactivated", _("账号停用")
    ROLE_REVOKED = "role_revoked", _("角色被撤销")
    LOCKED_OUT = "locked_out", _("账号锁定")
    OTP_RESET = "otp_reset", _("动态口令被重置")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Not revoked (expiry and idleness are judged at use, against the live policy)."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token (接口令牌) a person exchanged their password for.

    Only the SHA-256 of the key is kept: the key is 32 random bytes, so a fast hash is as safe
    as a slow one, and a stolen database yields no usable token. ``prefix`` (the key's first
    characters) lets the person recognise a token in their list.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("令牌前缀"), max_length=12)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("吊销原因"), max_length=20, choices=TokenRevocation.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}…"
