from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin
from gongye.supervision.choices import TaskProgressState


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("工作进展"), widget=forms.Textarea(attrs={"rows": 5}))
    percent = forms.IntegerField(label=_("完成百分比"), min_value=0, max_value=100, initial=0)
    state = forms.ChoiceField(label=_("状态"), choices=TaskProgressState.choices)
    delay_reason = forms.CharField(
        label=_("滞后原因"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("状态为“滞后”时必填。"),
    )
    # a declared field: the form's metaclass moves it into ``base_fields``, so it never
    # replaces ``BaseForm.files`` (the uploaded files); the stubs see a class attribute
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("佐证材料"),
        required=False,
        help_text=_("图片、PDF、Word、Excel，每个不超过 20 MB；按文件内容识别类型。"),
    )


class ReviewForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PostponeForm(StyledFormMixin, forms.Form):
    new_due = forms.DateField(
        label=_("新的完成时限"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("延期原因"), widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(StyledFormMixin, forms.Form):
    lead_units = forms.CharField(label=_("牵头单位"), help_text=_("多个单位用顿号或逗号分隔。"))
    cooperating_units = forms.CharField(label=_("配合单位"), required=False)
    reason = forms.CharField(label=_("调整原因"), widget=forms.Textarea(attrs={"rows": 2}))


class SplitForm(StyledFormMixin, forms.Form):
    parts = forms.CharField(
        label=_("拆分后的任务"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项：工作内容｜牵头单位｜完成时限（YYYY-MM-DD，可省略）。至少两行。"),
    )
    reason = forms.CharField(label=_("拆分原因"), widget=forms.Textarea(attrs={"rows": 2}))
