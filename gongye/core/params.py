"""One rule for every API parameter (issue 10, item 14).

An integer is ASCII digits only (``str.isdigit()`` accepts "²" and ``int()`` then fails) and
lies in its range: ids 1 … 2^63−1 (SQLite and PostgreSQL's bigint; a larger value overflowed
the database driver), months 1 … 12, years 2000 … 2100. A filter with a value outside its
choices is refused too. Every refusal is a 400 whose Chinese message names the parameter;
nothing is silently dropped. Path ids use the ``id`` converter, so an id out of range is simply
no such object (404)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import register_converter
from rest_framework import serializers
from rest_framework.request import Request

MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 2000, 2100
_DIGITS = re.compile(r"[0-9]{1,19}")


class StrictIntegerField(serializers.IntegerField):
    """An integer written with ASCII digits only, within ``min_value`` … ``max_value``.

    The range is checked here rather than by DRF's validators, so that every refusal carries
    the one message; ``min_value`` / ``max_value`` stay attributes for the OpenAPI document."""

    def __init__(self, *, label: str, min_value: int, max_value: int, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"{label}（{min_value}–{max_value}）")
        super().__init__(**kwargs)
        self.label_zh = label
        self.min_value = self.low = min_value
        self.max_value = self.high = max_value

    def message(self) -> str:
        return (
            f"参数 {self.field_name}（{self.label_zh}）应为 {self.min_value} 到 "
            f"{self.max_value} 之间的整数（半角数字）。"
        )

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool):
            raise serializers.ValidationError(self.message(), code="invalid")
        if isinstance(data, int):
            value = data
        elif isinstance(data, str) and _DIGITS.fullmatch(data.strip()):
            value = int(data.strip())
        else:
            raise serializers.ValidationError(self.message(), code="invalid")
        if not self.low <= value <= self.high:
            raise serializers.ValidationError(self.message(), code="out_of_range")
        return value


class StrictChoiceField(serializers.ChoiceField):
    """One of the listed values; anything else is refused with the values it may take."""

    def __init__(self, *, label: str, choices: Any, **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        self.label_zh = label

    def fail(self, key: str, **kwargs: Any) -> Any:
        if key != "invalid_choice":
            return super().fail(key, **kwargs)
        values = "、".join(str(v) for v in self.choices)
        raise serializers.ValidationError(
            f"参数 {self.field_name}（{self.label_zh}）应为 {values} 之一。", code=key
        )


def id_field(label: str, **kwargs: Any) -> StrictIntegerField:
    return StrictIntegerField(label=label, min_value=1, max_value=MAX_ID, **kwargs)


def month_field(**kwargs: Any) -> StrictIntegerField:
    return StrictIntegerField(label="月份", min_value=1, max_value=12, **kwargs)


def year_field(**kwargs: Any) -> StrictIntegerField:
    return StrictIntegerField(label="年度", min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


def query_params(
    request: Request, serializer_class: type[serializers.Serializer]
) -> dict[str, Any]:
    """The query string checked by ``serializer_class``. Filters are optional fields: a filter
    not wanted is left out, one given empty is refused like any other wrong value. A wrong
    value is a Django ``ValidationError``, which the API's exception handler answers as 400
    with ``detail`` and ``errors`` per parameter."""
    serializer = serializer_class(data=request.query_params.dict())
    if not serializer.is_valid():
        errors = {
            str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in serializer.errors.items()
        }
        raise DjangoValidationError(errors)
    return dict(serializer.validated_data)


class IdConverter:
    """``<id:pk>``: an id in range (1 … 2^63−1, ASCII digits); anything else matches no route
    and is answered 404, as an id that names nothing."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django: this route does not match
        return number

    def to_url(self, value: int) -> str:
        return str(value)


# once, when the first url module that writes ``<id:…>`` imports this module
register_converter(IdConverter, "id")


def _wrong_type(field: serializers.Field, value: Any) -> bool:
    if value is None:
        return False  # ``allow_null`` decides
    if isinstance(field, serializers.BooleanField):
        return not isinstance(value, bool)
    if isinstance(field, serializers.IntegerField):
        return isinstance(value, bool) or not isinstance(value, int)
    if isinstance(field, (serializers.CharField, serializers.ChoiceField, serializers.DateField)):
        return not isinstance(value, str)
    if isinstance(field, serializers.ListField):
        return not isinstance(value, list) or any(_wrong_type(field.child, v) for v in value)
    if isinstance(field, serializers.ListSerializer):
        return not isinstance(value, list)
    if isinstance(field, serializers.Serializer):
        return not isinstance(value, dict)
    return False


def _type_message(name: str, field: serializers.Field, value: Any) -> str:
    """The field's own Chinese message where it has one for this mistake, else a general one."""
    is_list = isinstance(field, (serializers.ListField, serializers.ListSerializer))
    key = "not_a_list" if is_list and not isinstance(value, list) else "invalid"
    own = field.error_messages.get(key)
    if own and "{" not in str(own) and any("\u4e00" <= ch <= "\u9fff" for ch in str(own)):
        return str(own)
    return f"参数 {name} 的类型不对：应与接口文档所列的类型一致。"


class StrictJSONSerializer(serializers.Serializer):
    """A JSON body whose values have the types the document declares: DRF would take ``0`` for
    a text field or ``"1"`` for a flag and carry on; here they are refused (400), as the schema
    says. Form and multipart bodies are text by nature and pass to the fields as before."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and not hasattr(data, "getlist"):
            errors = {
                name: [_type_message(name, field, data[name])]
                for name, field in self.fields.items()
                if not field.read_only and name in data and _wrong_type(field, data[name])
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
