from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit


class UnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称（简称）"), max_length=100)
    full_name = forms.CharField(label=_("全称"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    aliases = forms.CharField(
        label=_("别名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个，或用顿号、逗号分隔。"),
    )
    members = forms.ModelMultipleChoiceField(
        label=_("组内单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("仅“单位组”类型需要。"),
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, member_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if member_choices is not None:
            self.fields["members"].queryset = member_choices

    def clean_aliases(self) -> list[str]:
        raw = self.cleaned_data.get("aliases", "")
        return [a.strip() for a in re.split(r"[\n\r、，,；;]+", raw) if a.strip()]
