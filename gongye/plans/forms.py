from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin, model_choice_field
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit


class PlanUploadForm(StyledFormMixin, forms.Form):
    document = forms.FileField(
        label=_("计划文件"),
        help_text=_("Word（.docx）、Excel（.xlsx）或文本文件（.txt），不超过 20 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.txt,.text,.csv"}),
    )


class ResolveNameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(
        label=_("对应到已有单位"), queryset=Unit.objects.none(), required=False
    )
    new_kind = forms.ChoiceField(
        label=_("或新增为单位，类型"), required=False, choices=[("", "—")] + list(UnitKind.choices)
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            model_choice_field(self, "unit").queryset = units

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean returns
        if not data.get("unit") and not data.get("new_kind"):
            raise forms.ValidationError(_("请选择对应的已有单位，或选择新单位的类型。"))
        if data.get("unit") and data.get("new_kind"):
            raise forms.ValidationError(_("“对应到已有单位”和“新增单位”只能选一项。"))
        return data
