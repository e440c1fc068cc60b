"""The project register's page forms: the list's filters, a project's facts, pairing, a move
of 三库联动, a file, a 月30 return. The services check the rules (and say what is wrong in
Chinese, naming the field); the forms only read the input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.accounts.models import User
from gongye.core.forms import StyledFormMixin, model_choice_field
from gongye.enterprises.models import Enterprise, IndustryChain
from gongye.orgs.models import Unit
from gongye.projects.choices import DocumentKind, ProjectAction, ProjectKind, ProjectStage
from gongye.projects.models import Project
from gongye.projects.selectors.projects import SIZE_BANDS, ProjectFilters
from gongye.projects.services.projects import FACTS, MONEY, PLANNED
from gongye.supervision.forms import MultipleFileField, MultipleFileInput

DATE = {"type": "date"}
UNDO = {
    ProjectAction.REVERT_START,
    ProjectAction.REVERT_COMPLETE,
    ProjectAction.REVERT_SCALE,
    ProjectAction.RESTORE,
}


def _label(name: str) -> Any:
    return getattr(Project._meta.get_field(name), "verbose_name", name)


def _with_all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *choices]


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("项目或项目单位名称"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("所处库"), required=False, choices=_with_all(ProjectStage.choices)
    )
    kind = forms.ChoiceField(
        label=_("项目类型"), required=False, choices=_with_all(ProjectKind.choices)
    )
    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int)
    location = forms.TypedChoiceField(label=_("建设地点"), required=False, coerce=int)
    size = forms.ChoiceField(label=_("投资规模"), required=False, choices=_with_all(SIZE_BANDS))

    def __init__(self, *args: Any, locations: list, chains: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = _with_all(locations)  # type: ignore[attr-defined]
        self.fields["chain"].choices = _with_all(chains)  # type: ignore[attr-defined]

    def filters(self) -> ProjectFilters:
        """The filters as given; a value the form refuses is dropped (and said on the page)."""
        self.is_valid()
        data = self.cleaned_data
        return ProjectFilters(
            q=(data.get("q") or "").strip(),
            stage=data.get("stage") or "",
            kind=data.get("kind") or "",
            chain=data.get("chain") or None,
            location=data.get("location") or None,
            size=data.get("size") or "",
        )


def _money(name: str) -> forms.CharField:
    # read as text: the service says "应填写数字（万元）" or "投资额不能为负数" naming the field
    return forms.CharField(
        label=_label(name),
        required=name == "total_investment",
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )


def _date(name: str) -> forms.DateField:
    return forms.DateField(label=_label(name), required=False, widget=forms.DateInput(attrs=DATE))


class ProjectForm(StyledFormMixin, forms.Form):
    """A project's facts as the plan office or its unit keep them; on a new project also the
    responsible unit (later changed by pairing)."""

    name = forms.CharField(label=_label("name"), max_length=200)
    enterprise = forms.CharField(
        label=_("项目单位（企业库）"),
        required=False,
        max_length=200,
        help_text=_("填写企业库中的企业名称或统一社会信用代码；尚未入库的，填写下一栏。"),
    )
    enterprise_name = forms.CharField(
        label=_label("enterprise_name"), required=False, max_length=200
    )
    kind = forms.ChoiceField(label=_label("kind"), choices=ProjectKind.choices)
    chain = forms.ModelChoiceField(
        label=_label("chain"), queryset=IndustryChain.objects.none(), required=False
    )
    chain_link = forms.CharField(label=_label("chain_link"), required=False, max_length=60)
    location = forms.ModelChoiceField(label=_label("location"), queryset=Unit.objects.none())
    unit = forms.ModelChoiceField(label=_label("unit"), queryset=Unit.objects.none())
    total_investment = _money("total_investment")
    fixed_asset_investment = _money("fixed_asset_investment")
    equipment_investment = _money("equipment_investment")
    year_plan_investment = _money("year_plan_investment")
    description = forms.CharField(
        label=_label("description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    planned_sign_on = _date("planned_sign_on")
    planned_start_on = _date("planned_start_on")
    planned_complete_on = _date("planned_complete_on")
    planned_produce_on = _date("planned_produce_on")
    signed_on = _date("signed_on")

    def __init__(
        self,
        *args: Any,
        enterprises: Any,
        chains: Any,
        locations: Any,
        units: Any | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.enterprises = enterprises
        model_choice_field(self, "chain").queryset = chains
        model_choice_field(self, "location").queryset = locations
        if units is None:  # editing: the unit is changed by pairing (the plan office)
            del self.fields["unit"]
        else:
            model_choice_field(self, "unit").queryset = units
        self.fields["enterprise"].widget.attrs["list"] = "enterprise-names"

    @staticmethod
    def initial_for(project: Project) -> dict[str, Any]:
        names = ("name", "enterprise_name", "kind", "chain", "chain_link", "location")
        initial: dict[str, Any] = {n: getattr(project, n) for n in names}
        initial["enterprise"] = project.enterprise.name if project.enterprise else ""
        for name in (*MONEY, "description", *PLANNED, "signed_on"):
            initial[name] = getattr(project, name)
        return initial

    def clean_enterprise(self) -> Enterprise | None:
        raw = (self.cleaned_data.get("enterprise") or "").strip()
        if not raw:
            return None
        code = raw.upper().replace(" ", "")
        found = list(self.enterprises.filter(Q(credit_code=code) | Q(name=raw))[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                _("企业库中未找到“%(name)s”；尚未入库的项目单位，请填写在“项目单位名称”中。")
                % {"name": raw}
            )
        raise ValidationError(
            _("企业库中有多家企业名为“%(name)s”，请填写统一社会信用代码。") % {"name": raw}
        )

    def facts(self) -> dict[str, Any]:
        return {n: self.cleaned_data.get(n) for n in FACTS if n in self.fields}


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name and user name (two officials may share a name)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("%(name)s（%(username)s）") % {"name": obj.display_name, "username": obj.username}
        )


class PairForm(StyledFormMixin, forms.Form):
    leader = PersonChoiceField(
        label=_label("paired_leader"), queryset=User.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_label("unit"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, leaders: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "leader").queryset = leaders
        model_choice_field(self, "unit").queryset = units


# the date a move asks for, by its action
MOVE_DATE = {
    ProjectAction.START: "started_on",
    ProjectAction.COMPLETE: "completed_on",
    ProjectAction.SCALE: "scaled_on",
    ProjectAction.CANCEL: "cancelled_on",
}
START_PROOF = [
    (DocumentKind.PERMIT.value, DocumentKind.PERMIT.label),
    (DocumentKind.PHOTO.value, DocumentKind.PHOTO.label),
]


class MoveForm(StyledFormMixin, forms.Form):
    """One move of 三库联动: its date (and the production date of a completion), the reason
    of a project given up or a move undone, the proof of a start."""

    on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE))
    produced_on = forms.DateField(
        label=_label("produced_on"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text=_("与竣工同日的可不填。"),
    )
    reason = forms.CharField(
        label=_("原因"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    proof_kind = forms.ChoiceField(label=_("佐证类型"), choices=START_PROOF, required=False)
    proof = MultipleFileField(
        label=_("开工佐证"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.gif,.webp"}),
        help_text=_("施工许可证或现场照片；已上传过的可不再上传。"),
    )

    def __init__(self, *args: Any, action: str, today: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"move-{action}")
        super().__init__(*args, **kwargs)
        self.action = action
        if action in MOVE_DATE:
            self.fields["on"].label = _label(MOVE_DATE[ProjectAction(action)])
            self.fields["on"].initial = today
        else:
            del self.fields["on"]
        if action != ProjectAction.COMPLETE:
            del self.fields["produced_on"]
        if action != ProjectAction.CANCEL and action not in UNDO:
            del self.fields["reason"]
        if action != ProjectAction.START:
            del self.fields["proof_kind"]
            del self.fields["proof"]

    def proof_files(self) -> list[tuple[Any, str]]:
        kind = self.cleaned_data.get("proof_kind") or DocumentKind.PERMIT
        return [(upload, kind) for upload in self.cleaned_data.get("proof") or []]


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("文件"),
        help_text=_("图片、PDF、Word、Excel，每个不超过 20 MB；按文件内容识别类型。"),
    )


def _years(today: dt.date) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in range(today.year, today.year - 4, -1)]


class ReturnForm(StyledFormMixin, forms.Form):
    """A month's 月30 return: the investment this month and since the start (万元), the
    physical progress with photos, the problems."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    month = forms.TypedChoiceField(
        label=_("月份"), coerce=int, choices=[(m, str(m)) for m in range(1, 13)]
    )
    investment_month = forms.CharField(
        label=_("本月完成投资（万元）"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    investment_total = forms.CharField(
        label=_("开工以来累计完成投资（万元）"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("本年累计由各月数据自动相加。"),
    )
    progress = forms.CharField(
        label=_("形象进度"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("存在问题"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photos = MultipleFileField(
        label=_("现场照片"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
        help_text=_("可选多张，最多 9 张；按文件内容识别，须为图片。"),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years(today)  # type: ignore[attr-defined]
