from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gongye.accounts.choices import Role
from gongye.accounts.models import SecurityPolicy
from gongye.accounts.services import temporary_password_expired
from gongye.core.forms import StyledFormMixin
from gongye.orgs.models import Region, Unit


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续失败多次后账号将被临时锁定。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if temporary_password_expired(user):
            raise forms.ValidationError(
                _("临时密码已过期，请联系系统管理员重新重置。"), code="temporary_expired"
            )


class PasswordChangeForm(StyledFormMixin, forms.Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    new_password_again = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


class OtpCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("动态口令"),
        max_length=16,
        help_text=_(
            "验证器应用中当前显示的 6 位数字；手机不在身边时，可输入一个 8 位恢复码（每个只能用一次）。"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class UserCreateForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.@-]{3,64}$",
        error_messages={"invalid": _("用户名只能由 3–64 位字母、数字和 _ . @ - 组成。")},
    )
    display_name = forms.CharField(label=_("姓名"), max_length=150)
    home_region = forms.ModelChoiceField(label=_("所属区划"), queryset=Region.objects.none())
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机"), max_length=32, required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = (
            regions if regions is not None else Region.objects.none()
        )


class UserEditForm(StyledFormMixin, forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(label=_("手机"), max_length=32, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False)


class AssignmentGrantForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("用户名"))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none())
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, regions=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
        if units is not None:
            self.fields["unit"].queryset = units


class PolicyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["idle_timeout_minutes", "max_failed_logins", "lockout_minutes"]
