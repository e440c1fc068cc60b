"""Cascade (分解): the plan office splits a county target among its townships and the
development zone (issue 5 item 3); the split is checked against the whole by
``cascade.cascade_check`` and audited."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.cascade import cascade_check
from gongye.indicators.models import TargetPart
from gongye.indicators.permissions import can_manage_targets
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit
from gongye.plans.models import Target

if TYPE_CHECKING:
    from gongye.accounts.models import User

PART_KINDS = (UnitKind.TOWNSHIP, UnitKind.DEV_ZONE)


@transaction.atomic
def target_parts_set(
    *, actor: User, target: Target, parts: dict[Unit, Decimal]
) -> list[TargetPart]:
    """Split a county target among its townships and the development zone (issue 5 item 3).

    The parts replace any earlier split. They are checked against the whole by
    ``cascade.cascade_check`` (additive targets must add up exactly, ceilings must not be exceeded,
    rates must not fall below the whole's); a failing split writes nothing.
    """
    can_manage_targets(actor, target).require()
    if not parts:
        raise ValidationError({"parts": _("请至少填写一个分解单位。")})
    wrong = [
        u.name for u in parts if u.kind not in PART_KINDS or u.region_id != target.plan.region_id
    ]
    if wrong:
        raise ValidationError(
            {
                "parts": (
                    _("只能分解到本县的乡镇和开发区：%(units)s不符合。")
                    % {"units": _("、").join(wrong)}
                )
            }
        )
    try:
        result = cascade_check(target.value, {u.name: v for u, v in parts.items()}, target.kind)
    except ValueError:
        raise ValidationError(
            {"parts": (_("“%(name)s”这类目标不能分解到乡镇。") % {"name": target.name})}
        ) from None
    if not result.ok:
        raise ValidationError(
            {"parts": (_("分解与总目标不符：%(message)s") % {"message": result.message})}
        )
    before = {p.unit.name: p.value for p in target.parts.select_related("unit")}
    target.parts.exclude(unit__in=list(parts)).delete()
    written = [
        TargetPart.objects.update_or_create(target=target, unit=u, defaults={"value": v})[0]
        for u, v in parts.items()
    ]
    audit_record(
        actor=actor,
        verb=Verb.UPDATE if before else Verb.CREATE,
        target=target,
        parent=target.plan,
        before={"parts": before} if before else None,
        after={"parts": {u.name: v for u, v in parts.items()}, "check": result.message},
    )
    return written
