"""Dates, months, periods and lists as each language writes them (issue 11, item 16): pages
follow the reader's language, while date_zh / month_zh stay Chinese for exports."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from gongye.core.dates import date_local, date_zh, day_local, month_local, month_name, weekday_names
from gongye.core.periods import period_local, task_citation

DAY = dt.date(2022, 7, 15)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", ("2022年7月15日", "2022年7月", "7月", "7月15日", "周一")),
        ("en", ("15 July 2022", "July 2022", "July", "15 July", "Mon")),
    ],
)
def test_dates_follow_the_language(language, expected):
    with translation.override(language):
        got = (date_local(DAY), month_local(2022, 7), month_name(7), day_local(DAY))
        assert (*got, weekday_names()[0]) == expected
        assert date_zh(DAY) == "2022年7月15日"  # an export's date, whatever the page's language


@pytest.mark.parametrize(
    ("label", "english"),
    [
        ("7月", "July"),
        ("1-3月", "Jan–Mar"),
        ("二季度", "Q2"),
        ("每月", "Monthly"),
        ("每月10日前", "monthly, by day 10"),
        ("每季度末", "quarterly, by quarter end"),
        ("年底前完成", "年底前完成"),  # another shape is the document's own words
    ],
)
def test_periods_read_in_english_and_stay_as_written_in_chinese(label, english):
    with translation.override("en"):
        assert period_local(label) == english
    with translation.override("zh-hans"):
        assert period_local(label) == label


def test_a_task_is_cited_in_the_readers_language():
    with translation.override("zh-hans"):
        assert task_citation("6月", 3) == "6月第3项"
    with translation.override("en"):
        assert task_citation("6月", 3) == "June, no. 3"
        assert task_citation("6月", None) == "June"


def test_template_words():
    template = Template(
        "{% load local %}{{ day|local_date }}|{{ names|names }}|{{ 2022|local_year }}"
        "|{% local_month 2022 7 %}|{{ task|cite }}"
    )
    context = Context(
        {
            "day": DAY,
            "names": ["开发区", "衡山镇"],
            "task": SimpleNamespace(period_label="7月", seq=2),
        }
    )
    with translation.override("zh-hans"):
        assert template.render(context) == "2022年7月15日|开发区、衡山镇|2022年|2022年7月|7月第2项"
    with translation.override("en"):
        assert template.render(context) == "15 July 2022|开发区, 衡山镇|2022|July 2022|July, no. 2"
