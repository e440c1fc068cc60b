"""The libraries' forms: the members' filters, a step on an entry, proposing or recording an
entry, and the plan office's settings of a library."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin
from gongye.enterprises.library_choices import DisposalMethod, EntryAction, EntryStatus
from gongye.enterprises.models import Library

# the thresholds a library's rules read, with their labels (the settings' keys)
SETTING_LABELS = {
    "lower": _("营业收入下限（万元，折合全年）"),
    "upper": _("营业收入上限（万元，折合全年）"),
    "line": _("规上标准（万元，折合全年）"),
    "months": _("证书到期前几个月提示重新认定"),
    "revenue": _("营业收入（万元，折合全年）"),
    "rd_ratio": _("研发费用占营业收入比例（%）"),
}


def _stage_choices(library: Library, blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *((str(c), str(n)) for c, n in library.stages)]


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class MembersFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("在库"))] + [c for c in EntryStatus.choices if c[0] != EntryStatus.ACTIVE],
    )
    stage = forms.ChoiceField(label=_("培育阶段"), required=False)
    tag = forms.ChoiceField(label=_("标签"), required=False)
    q = forms.CharField(label=_("企业名称或信用代码"), required=False, max_length=100)

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "stage").choices = _stage_choices(library, _("全部阶段"))
        _choice(self, "tag").choices = [
            ("", _("全部标签")),
            *((str(c), str(n)) for c, n in library.tags),
        ]


class StepForm(StyledFormMixin, forms.Form):
    """What a step may carry: a stage, tags, a date, a reason, a disposal's method and result."""

    stage = forms.CharField(label=_("培育阶段"), required=False, max_length=32)
    tags = forms.MultipleChoiceField(label=_("标签"), required=False)
    on = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("原因"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    method = forms.ChoiceField(
        label=_("处置方式"), required=False, choices=[("", "—"), *DisposalMethod.choices]
    )
    result = forms.CharField(label=_("处置结果"), required=False, max_length=2000)

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "tags").choices = [(str(c), str(n)) for c, n in library.tags]


class EntryAddForm(StyledFormMixin, forms.Form):
    library = forms.ModelChoiceField(label=_("培育库"), queryset=Library.objects.none())
    enterprise = forms.CharField(
        label=_("企业"),
        max_length=200,
        help_text=_("填写统一社会信用代码或企业全称。"),
    )
    stage = forms.ChoiceField(
        label=_("培育阶段"),
        required=False,
        help_text=_("选择所选培育库的阶段；留空为第一阶段。"),
    )
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(
        label=_("入库日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, libraries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = libraries
        field.error_messages["invalid_choice"] = _("请选择培育库。")
        groups: dict[str, list[tuple[str, str]]] = {}
        for library in libraries:
            if library.stages:
                groups[library.name] = [(str(c), str(n)) for c, n in library.stages]
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)
        stage.choices = [("", "—"), *groups.items()]


class LibraryEditForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    criteria = forms.CharField(
        label=_("入库标准"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    suggests = forms.BooleanField(label=_("按数据自动建议"), required=False)

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in library.settings:
            self.fields[f"setting_{key}"] = forms.IntegerField(
                label=SETTING_LABELS.get(key, key), min_value=0, max_value=10**9
            )
            self.fields[f"setting_{key}"].widget.attrs["class"] = "form-control"

    def settings_values(self) -> dict[str, int]:
        return {
            name.removeprefix("setting_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("setting_")
        }


BULK_ACTIONS = (EntryAction.CONFIRM, EntryAction.DISMISS)
