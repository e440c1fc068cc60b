"""The register part's forms: the list's filters, an enterprise's facts, pairing, linking an
account, an industry chain. The services check the rules; the forms only read the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongye.accounts.models import User
from gongye.core.forms import StyledFormMixin, model_choice_field
from gongye.enterprises.choices import ListingStage, Ownership, Scale, SrdiLevel
from gongye.enterprises.models import Enterprise, IndustryChain
from gongye.enterprises.selectors.register import EnterpriseFilters
from gongye.orgs.models import Unit


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name and user name (two officials may share a name)."""

    def label_from_instance(self, obj: Any) -> str:
        return _("%(name)s（%(username)s）") % {"name": obj.display_name, "username": obj.username}


YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]


def _with_all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("全部"))] + [(v, label) for v, label in choices if v != ""]


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("名称、曾用名或信用代码"), required=False, max_length=100)
    township = forms.TypedChoiceField(label=_("乡镇（园区）"), required=False, coerce=int)
    in_dev_zone = forms.ChoiceField(label=_("开发区内"), required=False, choices=YES_NO)
    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int)
    scale = forms.ChoiceField(label=_("规模"), required=False, choices=_with_all(Scale.choices))
    industry = forms.RegexField(
        label=_("行业代码"),
        required=False,
        regex=r"^[A-Ta-t][0-9]{0,4}$",
        max_length=5,
        help_text=_("前缀，如 C34"),
        error_messages={"invalid": _("行业代码应为 GB/T 4754 代码或其前缀，如 C34。")},
    )
    srdi_level = forms.ChoiceField(
        label=_("专精特新等级"), required=False, choices=_with_all(SrdiLevel.choices)
    )
    listing_stage = forms.ChoiceField(
        label=_("上市进程"), required=False, choices=_with_all(ListingStage.choices)
    )
    hightech_valid = forms.ChoiceField(label=_("高企证书有效"), required=False, choices=YES_NO)

    def __init__(self, *args: Any, townships: list, chains: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", _("全部")), *townships]  # type: ignore[attr-defined]
        self.fields["chain"].choices = [("", _("全部"))] + [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in chains
        ]

    def filters(self) -> EnterpriseFilters:
        """The filters as given; a value the form refuses is dropped (and said on the page)."""
        self.is_valid()  # the fields that passed are in cleaned_data, the others are not
        data = self.cleaned_data

        def flag(name: str) -> bool | None:
            value = data.get(name)
            return None if value in (None, "") else value == "1"

        return EnterpriseFilters(
            q=(data.get("q") or "").strip(),
            township=data.get("township") or None,
            in_dev_zone=flag("in_dev_zone"),
            chain=data.get("chain") or None,
            scale=data.get("scale") or "",
            industry=data.get("industry") or "",
            srdi_level=data.get("srdi_level") or "",
            listing_stage=data.get("listing_stage") or "",
            hightech_valid=flag("hightech_valid"),
        )


class EnterpriseForm(StyledFormMixin, forms.ModelForm):
    """An enterprise's facts as the plan office keeps them (the service checks them)."""

    class Meta:
        model = Enterprise
        fields = [
            "credit_code",
            "name",
            "township",
            "in_dev_zone",
            "industry_code",
            "industry_name",
            "chain",
            "chain_link",
            "ownership",
            "scale",
            "above_scale_since",
            "established_on",
            "land_owned_mu",
            "land_rented_mu",
            "hightech_cert_no",
            "hightech_cert_date",
            "srdi_level",
            "listing_stage",
            "address",
            "contact_name",
            "contact_phone",
            "is_active",
        ]
        widgets = {
            "above_scale_since": forms.DateInput(attrs={"type": "date"}),
            "established_on": forms.DateInput(attrs={"type": "date"}),
            "hightech_cert_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, townships: Any, chains: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "township").queryset = townships
        model_choice_field(self, "chain").queryset = chains
        # the service checks the code (GB 32100) and its uniqueness, naming the field; a
        # pasted code may carry spaces or full-width characters, which it forgives
        code = self.fields["credit_code"]
        assert isinstance(code, forms.CharField)
        code.validators = []
        code.max_length = 40
        code.widget.attrs["maxlength"] = 40
        self.fields["ownership"].choices = Ownership.choices  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """Uniqueness is the service's (it says so in Chinese with the code)."""

    def _post_clean(self) -> None:
        """The service validates the facts against the region; the form only reads them."""


class PairForm(StyledFormMixin, forms.Form):
    leader = PersonChoiceField(label=_("联系领导"), queryset=User.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("联系单位"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, leaders: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "leader").queryset = leaders
        model_choice_field(self, "unit").queryset = units


class AccountLinkForm(StyledFormMixin, forms.Form):
    user = PersonChoiceField(label=_("企业用户账号"), queryset=User.objects.none())

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = users


class ChainForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("产业链名称"), max_length=60)
    is_leading = forms.BooleanField(label=_("主导产业（“3+N”中的“3”）"), required=False)
    links = forms.CharField(
        label=_("链条环节"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个环节，如：原材料、零部件、整机、服务。"),
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=10_000, initial=0)

    @staticmethod
    def initial_for(chain: IndustryChain) -> dict[str, Any]:
        return {
            "name": chain.name,
            "is_leading": chain.is_leading,
            "links": "\n".join(chain.links),
            "sort_order": chain.sort_order,
        }

    def link_list(self) -> list[str]:
        raw = self.cleaned_data.get("links") or ""
        return [line.strip() for line in raw.replace("、", "\n").splitlines() if line.strip()]
