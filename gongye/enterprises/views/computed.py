"""The plan office's form for a target computed from the register (issue 12, item 6), reached
from the target's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.core.http import AuthedRequest
from gongye.enterprises.computed.permissions import can_set_computed
from gongye.enterprises.computed.registry import Formula
from gongye.enterprises.models import ComputedTarget
from gongye.enterprises.selectors.computed import (
    computed_target_for,
    formulas_for,
    params_shown,
)
from gongye.enterprises.services.computed import computed_target_clear, computed_target_set


class ComputedTargetForm(forms.Form):
    formula = forms.ChoiceField(label=gettext_lazy("计算公式"))

    def __init__(self, *args: Any, formulas: list[Formula], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["formula"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (f.key, _("%(label)s（%(unit)s）") % {"label": f.label, "unit": f.unit})
            for f in formulas
        ]
        seen: set[str] = set()
        for formula in formulas:
            for param in formula.params:
                if param.key in seen:
                    continue
                seen.add(param.key)
                self.fields[f"param_{param.key}"] = forms.CharField(
                    label=_("%(label)s（%(unit)s）") % {"label": param.label, "unit": param.unit},
                    required=False,
                    max_length=30,
                    help_text=_("仅部分公式使用；不填则按 %(default)s%(unit)s。")
                    % {"default": param.default, "unit": param.unit},
                )


@login_required
def computed_target(request: AuthedRequest, pk: int) -> HttpResponse:
    target = computed_target_for(request.user, pk)
    can_set_computed(request.user, target).require()
    formulas = formulas_for(target)
    computed = ComputedTarget.objects.filter(target=target).first()
    back = redirect("indicators:target_detail", pk=target.pk)
    if request.method == "POST" and request.POST.get("action") == "clear":
        try:
            computed_target_clear(actor=request.user, target=target)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(name)s”已改回由责任单位填报。") % {"name": target.name})
        return back
    initial: dict[str, Any] = {}
    if computed is not None:
        initial["formula"] = computed.formula
        initial.update({f"param_{k}": v for k, v in (computed.params or {}).items()})
    form = ComputedTargetForm(
        request.POST if request.method == "POST" else None, formulas=formulas, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["formula"]
        chosen = next(f for f in formulas if f.key == key)
        params = {p.key: form.cleaned_data.get(f"param_{p.key}") for p in chosen.params}
        try:
            computed_target_set(actor=request.user, target=target, formula=key, params=params)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("“%(name)s”已设为由企业库按“%(formula)s”计算。")
                % {"name": target.name, "formula": chosen.label},
            )
            return back
    current = None
    if computed is not None:
        current = next((f for f in formulas if f.key == computed.formula), None)
    return render(
        request,
        "enterprises/computed_target.html",
        {
            "target": target,
            "form": form,
            "formulas": formulas,
            "computed": computed,
            "current": current,
            "current_params": params_shown(computed, current) if computed else [],
        },
    )


urlpatterns: list[URLPattern] = [
    path("computed/target/<int:pk>/", computed_target, name="computed_target"),
]
