"""The evaluation's forms: the scheme editor (text or an uploaded file), a run, publishing,
an appeal and its decision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongye.core.forms import StyledFormMixin
from gongye.core.sheets import CellError, UploadLimits, guard_upload
from gongye.evaluation.choices import ResultStatus
from gongye.evaluation.engine.scheme import CLASSES, NOT_GRADED
from gongye.evaluation.engine.variables import VARIABLES
from gongye.evaluation.services.appeals import APPEALABLE

SCHEME_MAX_BYTES = 200_000


class SchemeForm(StyledFormMixin, forms.Form):
    document = forms.CharField(
        label=_("方案文本（YAML 或 JSON）"),
        required=False,
        widget=forms.Textarea(
            # data-verbatim: a document in its own syntax, not the page's words
            attrs={
                "rows": 24,
                "spellcheck": "false",
                "class": "font-monospace",
                "data-verbatim": "",
            }
        ),
    )
    upload = forms.FileField(
        label=_("或上传方案文件（.yaml/.yml/.json）"),
        required=False,
    )
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100, required=False)
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            try:
                guard_upload(
                    upload, filename=upload.name, limits=UploadLimits(max_bytes=SCHEME_MAX_BYTES)
                )
            except CellError as refused:
                raise forms.ValidationError(str(refused)) from None
            upload.seek(0)
            try:
                data["document"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("方案文件要用 UTF-8 编码保存。")) from None
        if not str(data.get("document") or "").strip():
            raise forms.ValidationError(_("请填写方案文本或上传方案文件。"))
        return data


class RunForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100)
    supplement = forms.FileField(
        label=_("补充数据表（可选：排放量、技改投资、安全/环保事故、出租方等企业库没有的数据）"),
        required=False,
    )

    def clean_supplement(self) -> Any:
        upload = self.cleaned_data.get("supplement")
        if upload is not None and upload.size > settings.GONGYE_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("补充数据表太大。"))
        return upload


class PublishForm(StyledFormMixin, forms.Form):
    appeal_until = forms.DateField(
        label=_("异议截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("公示期内企业可对本企业的结果提出异议；不填为公示之日起7天。"),
    )


class ResultFilterForm(StyledFormMixin, forms.Form):
    group = forms.ChoiceField(label=_("分组"), required=False)
    klass = forms.ChoiceField(
        label=pgettext_lazy("evaluation class", "类别"),
        required=False,
        choices=[("", _("全部"))] + [(k, k) for k in (*CLASSES, NOT_GRADED)],
    )
    status = forms.ChoiceField(
        label=_("参评情况"), required=False, choices=[("", _("全部")), *ResultStatus.choices]
    )
    q = forms.CharField(label=_("企业名称或代码"), required=False, max_length=60)

    def __init__(self, *args: Any, groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("全部"))] + [(g, g) for g in groups]  # type: ignore[attr-defined]


class AppealForm(StyledFormMixin, forms.Form):
    variable = forms.ChoiceField(label=_("有异议的数据"))
    claimed_value = forms.DecimalField(
        label=_("应为（与评价所用单位相同）"), max_digits=18, decimal_places=4, min_value=0
    )
    statement = forms.CharField(
        label=_("异议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.FileField(label=_("证明材料（图片、PDF、Word 或 Excel）"), required=False)

    def __init__(self, *args: Any, figures: Sequence[str] = APPEALABLE, **kwargs: Any) -> None:
        """``figures``: those the result's scheme reads (``services.appeals.appealable``),
        none chosen until the enterprise chooses."""
        super().__init__(*args, **kwargs)
        self.fields["variable"].choices = [  # type: ignore[attr-defined]
            ("", _("请选择")),
            *((name, VARIABLES[name].label) for name in figures),
        ]


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.CharField(
        label=_("处理意见"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def default_year() -> int:
    return dt.date.today().year - 1
