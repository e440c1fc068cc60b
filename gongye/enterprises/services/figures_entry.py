"""An enterprise's own monthly filing (企业月度填报) and the statistics bureau's correction of
any enterprise's month: the same checks as the bureau's sheet (no negatives but 利润, 本年累计
not below last month's), 本月 and 本年累计 derived from each other, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.enterprises.choices import EnterpriseVerb, FigureSource
from gongye.enterprises.models import Enterprise, MonthlyFigure
from gongye.enterprises.permissions import can_enter_figures
from gongye.enterprises.services import figures_store as store
from gongye.enterprises.signals import register_changed

if TYPE_CHECKING:
    from gongye.accounts.models import User

FOUR = Decimal("0.0001")


def _quantized(field: str, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    places = Decimal("0.01") if field.startswith("electricity") else FOUR
    return value.quantize(places)


@transaction.atomic
def figures_save(
    *,
    actor: User,
    enterprise: Enterprise,
    year: int,
    month: int,
    values: Mapping[str, Decimal | int | None],
    today: dt.date | None = None,
) -> MonthlyFigure:
    """Files ``enterprise``'s figures of ``year``-``month``: ``values`` holds any of
    MonthlyFigure's figure fields (本年累计 ``revenue``, 本月 ``revenue_month``, ``employees``);
    the month's other figures are replaced by what is given (a blank is a blank). Raises
    ValidationError naming the field."""
    can_enter_figures(actor, enterprise).require()
    today = today or timezone.localdate()
    if (
        not 1 <= month <= 12
        or not 2000 <= year <= today.year
        or (year, month)
        > (
            today.year,
            today.month,
        )
    ):
        raise ValidationError(
            _("%(year)s年%(month)s月尚未到来，不能填报。") % {"year": year, "month": month}
        )
    unknown = set(values) - set(store.ALL_FIELDS)
    if unknown:  # pragma: no cover - the form offers only these
        raise ValidationError(_("未知的数据项：%(names)s") % {"names": "、".join(sorted(unknown))})
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if value is not None and value < 0 and name not in ("profit", "profit_month"):
            errors.setdefault(name, []).append(_("不能为负数。"))
    previous = (
        MonthlyFigure.objects.filter(enterprise=enterprise, year=year, month=month - 1).first()
        if month > 1
        else None
    )
    before_values = (
        {f: getattr(previous, f) for f in store.FLOW_FIELDS} if previous is not None else None
    )
    if before_values:
        for f in store.FLOW_FIELDS:
            value, last = values.get(f), before_values.get(f)
            if f in store.MAY_FALL or value is None or last is None or value >= last:
                continue
            errors.setdefault(f, []).append(
                _("本年累计%(value)s小于上月已报的%(last)s，累计数不应下降。")
                % {"value": value, "last": last}
            )
    if errors:
        raise ValidationError(errors)
    derived, _missing = store.derive(values, before_values, month, list(store.FLOW_FIELDS))
    derived["employees"] = values.get("employees")
    figure = MonthlyFigure.objects.filter(enterprise=enterprise, year=year, month=month).first()
    before = _snapshot(figure) if figure is not None else None
    if figure is None:
        figure = MonthlyFigure(
            enterprise=enterprise, region=enterprise.region, year=year, month=month
        )
    for name in store.ALL_FIELDS:
        value = derived.get(name)
        setattr(figure, name, value if name == "employees" else _quantized(name, value))
    statistics = require_acting(actor).role == Role.STATISTICS
    figure.source = FigureSource.BUREAU if statistics else FigureSource.ENTERPRISE
    figure.entered_by = actor
    figure.batch = None
    figure.save()
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.FIGURES_SAVE,
        target=figure,
        parent=enterprise,
        before=before,
        after=_snapshot(figure),
    )
    region = enterprise.region
    transaction.on_commit(
        lambda: register_changed.send(sender=MonthlyFigure, region=region, year=year, month=month)
    )
    return figure


def _snapshot(figure: MonthlyFigure) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in store.ALL_FIELDS:
        value = getattr(figure, name)
        out[name] = None if value is None else str(value)
    out["source"] = figure.source
    return out
