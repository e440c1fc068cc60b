"""What assigning a piece of work to a unit checks, for every app that assigns (an appeal, a
project's problem): the unit is one of the region's, in use and not a group; the deadline is
given, not past and within a year."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit

MAX_DEADLINE_DAYS = 366


def assignable_unit(region_id: int, unit: Unit | int | None) -> Unit:
    """The unit (given or by id) when it can take the work; a Chinese error on ``unit``."""
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    found = (
        Unit.objects.filter(region_id=region_id, is_active=True, pk=unit_id)
        .exclude(kind=UnitKind.GROUP)
        .first()
        if isinstance(unit_id, int)
        else None
    )
    if found is None:
        raise ValidationError({"unit": _("请选择本县（区）一个在用的承办单位。")})
    return found


def work_deadline(value: dt.date | None, today: dt.date) -> dt.date:
    """The deadline when it can be kept; a Chinese error on ``deadline``."""
    if not isinstance(value, dt.date):
        raise ValidationError({"deadline": _("请填写办理时限。")})
    if value < today:
        raise ValidationError({"deadline": _("办理时限不能早于今天。")})
    if value > today + dt.timedelta(days=MAX_DEADLINE_DAYS):
        raise ValidationError({"deadline": _("办理时限不能超过一年。")})
    return value
