"""The problem lists' forms (问题清单交办): the list's filters, raising a problem on a project
(the plan office may assign it at once), and the steps of ``PROBLEM_WORKFLOW`` that take input
(assign or reassign: a unit and a deadline; answer; send back with a comment and a fresh
deadline). The service checks the rules again and says what is wrong naming the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin, model_choice_field
from gongye.orgs.models import Unit
from gongye.projects.choices import ProblemAction, ProblemStatus
from gongye.projects.selectors.problems import ProblemFilters
from gongye.projects.services.problems import TEXT_MAX, TITLE_MAX

DATE = {"type": "date"}
UNIT_ERRORS = {
    "required": _("请选择本县（区）一个在用的承办单位。"),
    "invalid_choice": _("请选择本县（区）一个在用的承办单位。"),
}
DEADLINE_ERRORS = {"required": _("请填写办理时限。"), "invalid": _("办理时限应为有效日期。")}


def _with_all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("全部")), *choices]


class ProblemFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=_with_all(ProblemStatus.choices)
    )
    unit = forms.TypedChoiceField(label=_("承办单位"), required=False, coerce=int)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _with_all(units)  # type: ignore[attr-defined]

    def filters(self) -> ProblemFilters:
        """The filters as given; a value the form refuses is dropped (and said on the page)."""
        self.is_valid()
        data = self.cleaned_data
        return ProblemFilters(
            status=data.get("status") or "",
            unit=data.get("unit") or None,
            overdue=bool(data.get("overdue")),
        )


def _deadline() -> forms.DateField:
    return forms.DateField(
        label=_("办理时限"),
        widget=forms.DateInput(attrs=DATE),
        error_messages=DEADLINE_ERRORS,
    )


class ProblemRaiseForm(StyledFormMixin, forms.Form):
    """A problem holding a project back; the plan office may give the unit and deadline at
    once (both or neither)."""

    title = forms.CharField(label=_("问题"), max_length=TITLE_MAX)
    content = forms.CharField(
        label=_("问题描述"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明问题的来由、影响和希望协调解决的事项。"),
    )
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages=UNIT_ERRORS,
        help_text=_("选择承办单位和办理时限即同时交办；也可以先提出，稍后交办。"),
    )
    deadline = forms.DateField(
        label=_("办理时限"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DEADLINE_ERRORS,
    )

    def __init__(self, *args: Any, units: Any | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # only the plan office assigns
            del self.fields["unit"], self.fields["deadline"]
        else:
            model_choice_field(self, "unit").queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "unit" in self.fields and not self.errors:
            if data.get("unit") is not None and data.get("deadline") is None:
                self.add_error("deadline", _("交办时请填写办理时限。"))
            if data.get("unit") is None and data.get("deadline") is not None:
                self.add_error("unit", _("填写了办理时限，请同时选择承办单位。"))
        return data


class AssignForm(StyledFormMixin, forms.Form):
    """交办 or 改派: the unit and the deadline."""

    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.none(), error_messages=UNIT_ERRORS
    )
    deadline = _deadline()

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "unit").queryset = units


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("办理情况"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReopenForm(StyledFormMixin, forms.Form):
    """退回重办: why, and a fresh deadline."""

    comment = forms.CharField(
        label=_("退回意见"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = _deadline()


class NoInputForm(forms.Form):
    """销号 and 撤回 take nothing but the button."""


# each step's form, and the prefix its fields carry on the page (ids stay unique)
ACTION_FORMS: dict[str, tuple[type[forms.Form], str]] = {
    ProblemAction.ASSIGN: (AssignForm, "assign"),
    ProblemAction.REASSIGN: (AssignForm, "assign"),
    ProblemAction.ANSWER: (AnswerForm, "answer"),
    ProblemAction.REOPEN: (ReopenForm, "reopen"),
    ProblemAction.CLOSE: (NoInputForm, "close"),
    ProblemAction.WITHDRAW: (NoInputForm, "withdraw"),
}


def action_form(action: str, data: Any = None, *, units: Any = None, **kwargs: Any) -> forms.Form:
    """The form of one step (bound to ``data`` when given)."""
    form_class, prefix = ACTION_FORMS[action]
    if form_class is AssignForm:
        return AssignForm(data, prefix=prefix, units=units, **kwargs)
    return form_class(data, prefix=prefix, **kwargs)
