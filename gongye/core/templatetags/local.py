"""Words that differ by language beyond translation: dates, months and lists of names.
``{% load local %}``; Chinese pages read 2022年7月15日 and 开发区、衡山镇, English ones
15 July 2022 and 开发区, 衡山镇."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.utils.translation import gettext

from gongye.core import dates
from gongye.core.periods import period_local, task_citation

register = template.Library()


@register.filter
def local_date(value: dt.date | dt.datetime | None) -> str:
    """``{{ day|local_date }}`` → 2022年7月15日 / 15 July 2022."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dates.date_local(value)


@register.filter
def local_day(value: dt.date | None) -> str:
    """``{{ day|local_day }}`` → 7月15日 / 15 July."""
    return dates.day_local(value) if value else ""


@register.filter
def month_name(value: int | None) -> str:
    """``{{ 7|month_name }}`` → 7月 / July."""
    return dates.month_name(int(value)) if value else ""


@register.simple_tag
def local_month(year: int, month: int) -> str:
    """``{% local_month 2022 7 %}`` → 2022年7月 / July 2022."""
    return dates.month_local(int(year), int(month))


@register.filter
def names(value: Iterable[object] | None) -> str:
    """``{{ task.lead_names|names }}`` → 开发区、衡山镇 / 开发区, 衡山镇."""
    return gettext("、").join(str(v) for v in value or ())


@register.filter
def local_year(value: int | None) -> str:
    """``{{ 2022|local_year }}`` → 2022年 / 2022."""
    if value in (None, ""):
        return ""
    return str(value) if dates.in_english() else f"{value}年"


@register.filter
def period(value: str | None) -> str:
    """``{{ task.period_label|period }}`` → 7月 / July (``core.periods.period_local``)."""
    return period_local(value or "")


@register.filter
def cite(task: object) -> str:
    """``{{ task|cite }}`` → 7月第3项 / July, no. 3 (``core.periods.task_citation``)."""
    return task_citation(getattr(task, "period_label", "") or "", getattr(task, "seq", None))
