"""The second factor (动态口令): a TOTP app (RFC 6238, 30 s, 6 digits) and single-use recovery
codes, through django-otp. 等保2.0 三级 (身份鉴别) asks two kinds of authentication for the
administrators; here the three administrators (系统、安全、审计管理员) must enrol, and anyone
may. The password is the first step; a person with a confirmed device gives a code next, on
the web (``SecondFactorMiddleware``) and at the API's token endpoint.

The secret being enrolled lives in the person's session until the first code confirms it, so
an abandoned enrolment leaves nothing behind and a page view writes nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from gongye.accounts.models import TokenRevocation, User, holds_admin_role
from gongye.audit.services import audit_record

OTP_ENROL = "otp.enrol"
OTP_VERIFY = "otp.verify"
OTP_FAILED = "otp.failed"
OTP_RECOVERY_USED = "otp.recovery_used"
OTP_RESET = "otp.reset"

DEVICE_NAME = "动态口令"
RECOVERY_NAME = "恢复码"
_TOTP_CODE = re.compile(r"[0-9]{6}")
_RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")

# what a session still owes before it may do anything else
STEP_NONE = ""
STEP_VERIFY = "verify"
STEP_ENROL = "enrol"


def second_factor_required(user: User) -> bool:
    """Whether ``user`` may not act without a second factor: the three administrators."""
    return bool(settings.GONGYE_OTP_FOR_ADMINS) and holds_admin_role(user)


def second_factor_step(user: User) -> str:
    """What a password alone leaves this person to do: give a code (``verify``), enrol first
    (``enrol``: an administrator without a device), or nothing."""
    if user_has_device(user, confirmed=True):
        return STEP_VERIFY
    if second_factor_required(user):
        return STEP_ENROL
    return STEP_NONE


def new_secret() -> str:
    """A fresh TOTP secret (hex, 20 bytes), kept in the session until confirmed."""
    return default_key()


def secret_base32(key_hex: str) -> str:
    """The secret as authenticator apps and ``oathtool --totp -b`` take it."""
    return base64.b32encode(binascii.unhexlify(key_hex)).decode("ascii").rstrip("=")


def otpauth_url(*, user: User, key_hex: str) -> str:
    """What the QR code carries (the Key URI format every TOTP app reads)."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key_hex).config_url


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def otp_enrol(*, user: User, key_hex: str, code: str) -> Enrolment:
    """Confirms the secret with the first code from the app; replaces any earlier device and
    issues fresh recovery codes, returned once (only the device keeps them)."""
    code = normalise_code(code)
    try:
        key = binascii.unhexlify(key_hex)
    except (binascii.Error, ValueError) as error:
        raise ValidationError({"code": _("绑定已失效，请刷新页面重新扫码。")}) from error
    totp = TOTP(key)
    if not _TOTP_CODE.fullmatch(code) or not totp.verify(int(code), tolerance=1):
        raise ValidationError(
            {"code": _("动态口令不正确，请核对手机时间后输入应用中当前显示的 6 位数字。")}
        )
    replaced = user_has_device(user, confirmed=True)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, key=key_hex, confirmed=True, last_t=totp.t()
    )
    codes = otp_recovery_codes_issue(user=user)
    audit_record(
        actor=user,
        verb=OTP_ENROL,
        target=user,
        after={"device": device.persistent_id, "recovery_codes": len(codes), "replaced": replaced},
    )
    return Enrolment(device=device, recovery_codes=codes)


@transaction.atomic
def second_factor_reset(*, actor: User | None, user: User) -> None:
    """Removes a person's authenticator and recovery codes (a lost or replaced phone), so that
    their next login enrols afresh (an administrator must; anyone else may). Their API tokens
    end too: whoever holds the old phone must not keep a way in.

    三员分立: the security administrator resets business accounts in its region
    (``can_reset_second_factor``); an administrator's device is reset from the server console
    (``actor=None``). Audited; the person is told by the audit trail and, at next login, by
    the enrolment page."""
    from gongye.accounts.permissions import can_reset_second_factor
    from gongye.accounts.services.people import require_in_scope
    from gongye.accounts.services.tokens import tokens_revoke_all

    if actor is not None:
        can_reset_second_factor(actor, user).require()
        require_in_scope(actor, user.home_region)
    if not user_has_device(user, confirmed=None):
        raise ValidationError(_("该账号没有绑定动态口令，无需重置。"))
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    tokens_revoke_all(actor=actor, user=user, reason=TokenRevocation.OTP_RESET)
    audit_record(actor=actor, verb=OTP_RESET, target=user, after={"devices": removed})


def otp_recovery_codes_issue(*, user: User) -> list[str]:
    """Fresh single-use recovery codes (the old ones end); called inside ``otp_enrol``."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.GONGYE_OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


@dataclass(frozen=True)
class OtpCheck:
    device: Device | None
    refusal: str  # Chinese, "" when the code was accepted


@transaction.atomic
def otp_verify(*, user: User, code: str, channel: str) -> OtpCheck:
    """Checks a code: six digits against the TOTP app, eight letters and digits against the
    recovery codes (each works once). Successes, failures and every recovery code used are
    audited; django-otp's own back-off (doubling wait after each failure) applies per device.
    Never raises on a wrong code: the failure's audit entry and back-off must be kept."""
    code = normalise_code(code)
    device: Device | None = None
    if _TOTP_CODE.fullmatch(code):
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    elif _RECOVERY_CODE.fullmatch(code):
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is not None:
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            refusal = _("动态口令尝试过于频繁，请稍后再试。")
        elif device.verify_token(code):
            recovery = isinstance(device, StaticDevice)
            audit_record(
                actor=user,
                verb=OTP_RECOVERY_USED if recovery else OTP_VERIFY,
                target=user,
                after={"channel": channel}
                | ({"remaining": device.token_set.count()} if recovery else {}),
            )
            return OtpCheck(device=device, refusal="")
        else:
            refusal = _("动态口令不正确。")
    else:
        refusal = _("动态口令不正确。")
    audit_record(
        actor=user,
        verb=OTP_FAILED,
        target=user,
        after={
            "channel": channel,
            "kind": "recovery" if _RECOVERY_CODE.fullmatch(code) else "totp",
        },
    )
    return OtpCheck(device=None, refusal=refusal)
