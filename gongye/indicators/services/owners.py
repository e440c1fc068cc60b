"""Who answers for a target (责任单位): the plan office names the owning unit, whose liaison then
enters the target's figures (issue 5 item 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.indicators.models import TargetOwner
from gongye.indicators.permissions import can_manage_targets
from gongye.orgs.models import Unit
from gongye.plans.models import Target

if TYPE_CHECKING:
    from gongye.accounts.models import User


@transaction.atomic
def target_owner_set(*, actor: User, target: Target, unit: Unit) -> TargetOwner:
    can_manage_targets(actor, target).require()
    if unit.region_id != target.plan.region_id:
        raise ValidationError({"unit": _("责任单位须是本区划的单位。")})
    owner, created = TargetOwner.objects.update_or_create(target=target, defaults={"unit": unit})
    audit_record(
        actor=actor,
        verb=Verb.CREATE if created else Verb.UPDATE,
        target=owner,
        parent=target,
        after={"unit": unit.name},
    )
    return owner
