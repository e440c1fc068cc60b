from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise as a form-wide error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class StyledFormMixin:
    """Gives every widget the Bootstrap class it needs."""

    fields: dict[str, forms.Field]  # the form's, which the mixin comes before in the MRO

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if getattr(widget, "input_type", "") == "checkbox":
                css = "form-check-input"
            elif widget.__class__.__name__ in {"Select", "SelectMultiple"}:
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name``, which the form declares as a model choice (a
    ``ModelMultipleChoiceField`` is one too), so that its ``queryset`` can be set."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field
