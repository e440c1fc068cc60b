"""The plan's time (core.periods): one rule each for month ends, quarters, the month a page
opens on and the bureau's period headers."""

import datetime as dt

import pytest

from gongye.core.periods import (
    cumulative_label,
    default_month,
    default_year,
    month_end,
    months_elapsed,
    period_month,
    quarter_bounds,
    quarter_of,
)


def test_month_ends_and_quarters():
    assert month_end(2024, 2) == dt.date(2024, 2, 29)
    assert month_end(2022, 2) == dt.date(2022, 2, 28)
    assert [quarter_of(m) for m in (1, 3, 4, 9, 10, 12)] == [1, 1, 2, 3, 4, 4]
    assert quarter_bounds(2022, 2) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))


def test_months_elapsed_counts_a_month_on_its_last_day():
    assert months_elapsed(2022, dt.date(2022, 6, 29)) == 5
    assert months_elapsed(2022, dt.date(2022, 6, 30)) == 6
    assert months_elapsed(2022, dt.date(2021, 12, 31)) == 0
    assert months_elapsed(2022, dt.date(2023, 1, 1)) == 12


def test_the_month_and_year_a_page_opens_on():
    today = dt.date(2022, 7, 15)
    assert default_month(2022, today) == 7
    assert default_month(2021, today) == 12
    assert default_month(2023, today) == 1
    assert default_year([2021, 2022], today) == 2022
    assert default_year([2020, 2021], today) == 2021
    # next year's plan imported ahead: the pages still open on this year's, or the last one
    assert default_year([2022, 2023], today) == 2022
    assert default_year([2021, 2023], today) == 2021
    assert default_year([2023, 2024], today) == 2023


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("5月", 5),
        ("1-5月", 5),
        ("1～10月", 10),
        ("1至3月份", 3),
        ("3-5月", -5),
        ("一季度", 3),
        ("第二季度", 6),
        ("Q3", 9),
        ("上半年", 6),
        ("前三季度", 9),
        ("全年", 12),
        ("指标名称", None),
    ],
)
def test_period_headers_are_read_as_their_last_month(header, month):
    assert period_month(header) == month


def test_cumulative_labels():
    assert cumulative_label(1) == "1月"
    assert cumulative_label(10) == "1–10月"
