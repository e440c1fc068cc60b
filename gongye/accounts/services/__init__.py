"""Accounts, role assignments, the security policy and API tokens. Each service authorises,
validates, writes and audits in one transaction (三员分立: accounts ≠ roles ≠ audit)."""

from gongye.accounts.services.people import (
    PasswordReset,
    generate_password,
    password_change,
    temporary_password_expired,
    user_create,
    user_reset_password,
    user_unlock,
    user_update,
)
from gongye.accounts.services.roles import assignment_grant, assignment_revoke, policy_update
from gongye.accounts.services.second_factor import (
    OtpCheck,
    otp_enrol,
    otp_verify,
    second_factor_required,
    second_factor_reset,
    second_factor_step,
)
from gongye.accounts.services.throttles import (
    login_throttle_failure,
    login_throttle_refusal,
    password_guess_failed,
    password_guess_refusal,
)
from gongye.accounts.services.tokens import (
    token_create,
    token_refusal,
    token_revoke,
    token_touch,
    tokens_revoke_all,
)

__all__ = [
    "OtpCheck",
    "login_throttle_failure",
    "login_throttle_refusal",
    "otp_enrol",
    "otp_verify",
    "password_guess_failed",
    "password_guess_refusal",
    "second_factor_required",
    "second_factor_reset",
    "second_factor_step",
    "PasswordReset",
    "assignment_grant",
    "assignment_revoke",
    "generate_password",
    "password_change",
    "policy_update",
    "temporary_password_expired",
    "token_create",
    "token_refusal",
    "token_revoke",
    "token_touch",
    "tokens_revoke_all",
    "user_create",
    "user_reset_password",
    "user_unlock",
    "user_update",
]
