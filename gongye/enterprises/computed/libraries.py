"""Targets computed from the cultivation libraries (issue 12 item 6): 上云企业 and 新增专精特新.
Registered with ``@formula``; ``EnterprisesConfig.ready`` imports this module."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongye.enterprises.computed.registry import formula
from gongye.enterprises.library_choices import (
    MEMBER_STATUSES,
    DigitalTag,
    EntryAction,
    EntryStatus,
    LibraryKind,
)

# 省级专精特新 and the tiers above it (the plan's "新增省级以上专精特新企业")
HIGH_TIERS = ("provincial", "little_giant", "champion")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _libraries(region: Any, kind: str) -> Any:
    from gongye.enterprises.models import Library

    return Library.objects.filter(region__path__startswith=region.path, kind=kind)


@formula("cloud_enterprises", _("上云企业数（数字化转型库）"), "家")
def cloud_enterprises(region: Any, year: int, month: int) -> Decimal | None:
    """Enterprises tagged 上云用数 in the digital-transformation library at the month's end:
    entered on or before it and not left by then (the tags as they stand now)."""
    from gongye.enterprises.models import LibraryEntry

    libraries = _libraries(region, LibraryKind.DIGITAL)
    if not libraries.exists():
        return None
    end = _month_end(year, month)
    rows = LibraryEntry.objects.filter(
        library__in=libraries, status__in=MEMBER_STATUSES, entered_on__lte=end
    ).filter(Q(exited_on=None) | Q(exited_on__gt=end))
    members = {
        pk for pk, tags in rows.values_list("enterprise_id", "tags") if DigitalTag.CLOUD in tags
    }
    return Decimal(len(members))


@formula("new_srdi", _("新增省级以上专精特新企业数"), "家")
def new_srdi(region: Any, year: int, month: int) -> Decimal | None:
    """Enterprises that entered 省级专精特新 or a higher tier from 1 January to the month's end:
    a step into the library, or up from a lower stage, dated in that time (the date the office
    gives the step: when the tier was granted). Undoing an exit is not an entry."""
    from gongye.enterprises.models import LibraryMove

    libraries = _libraries(region, LibraryKind.SRDI)
    if not libraries.exists():
        return None
    moves = (
        LibraryMove.objects.filter(
            entry__library__in=libraries,
            to_status=EntryStatus.ACTIVE,
            to_stage__in=HIGH_TIERS,
            on__gte=dt.date(year, 1, 1),
            on__lte=_month_end(year, month),
        )
        .exclude(from_status=EntryStatus.ACTIVE, from_stage__in=HIGH_TIERS)
        .exclude(action=EntryAction.REINSTATE)
    )
    return Decimal(moves.values("entry__enterprise_id").distinct().count())
