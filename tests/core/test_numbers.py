from decimal import Decimal

import pytest
from django.template import Context, Template

from gongye.core.numbers import plain


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("200.0000"), "200"),
        (Decimal("50"), "50"),
        (Decimal("12.5000"), "12.5"),
        (Decimal("0.0350"), "0.035"),
        (Decimal("-3.10"), "-3.1"),
        (Decimal("0E-4"), "0"),
        (Decimal("2E+2"), "200"),
        (None, ""),
    ],
)
def test_plain_numbers_never_show_an_exponent(value, text):
    assert plain(value) == text


def test_the_template_filter():
    rendered = Template("{% load numbers %}{{ a|plain }}亿元 {{ b|plain|default:'—' }}").render(
        Context({"a": Decimal("200.0000"), "b": None})
    )
    assert rendered == "200亿元 —"
