from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template

from gongye.core.numbers import number, percent, plain, rounded


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


# --------------------------------------------------------------------------- one rounding rule


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(2, 3), 1, "66.7%"),
        (Fraction(1), 1, "100.0%"),  # tables keep their places
        (Decimal("1.0833"), 1, "108.3%"),
        (Decimal("0.00125"), 1, "0.1%"),  # 0.125% rounds half up, not to even
        (Decimal("0.00135"), 2, "0.14%"),
        (Decimal("0.00145"), 2, "0.15%"),  # half even would say 0.14%
        (Fraction(-1, 800), 1, "-0.1%"),  # -0.125%: a tie rounds away from zero
        (Fraction(-1, 10000), 1, "0.0%"),  # no "-0.0%"
        (0, 1, "0.0%"),
        (None, 1, "—"),
    ],
)
def test_percent_rounds_half_up(value, places, text):
    assert percent(value, places) == text


def test_percent_trimmed_for_running_text():
    assert percent(Fraction(3, 5), trim=True) == "60%"
    assert percent(Fraction(7, 12), trim=True) == "58.3%"
    assert percent(Fraction(0), trim=True) == "0%"


def test_rounding_is_exact_on_fractions_and_refuses_floats():
    # 1/3 + 1/6 = 1/2 exactly: a division to 28 digits first could land either side of .5
    assert rounded(Fraction(1, 3) + Fraction(1, 6), 0) == Decimal("1")
    assert rounded(Decimal("12.345"), 2) == Decimal("12.35")
    assert rounded(Decimal("-12.345"), 2) == Decimal("-12.35")
    assert str(rounded(Fraction(0), 4)) == "0.0000"
    with pytest.raises(TypeError):
        percent(0.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.345"), "12.35"),
        (Decimal("200.0000"), "200"),
        (Fraction(1, 3), "0.33"),
        (None, "—"),
    ],
)
def test_number_to_two_places(value, text):
    assert number(value) == text
