"""Every change to regions and units. Each service authorises, validates, writes and audits
in one transaction. ``actor=None`` is the system itself (set-up commands, the demo loader)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record, diff, snapshot
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit, UnitAlias
from gongye.orgs.permissions import can_manage_units

if TYPE_CHECKING:
    from gongye.accounts.models import User


def _clean_names(names: list[str]) -> list[str]:
    seen: list[str] = []
    for raw in names:
        name = raw.strip()
        if name and name not in seen:
            seen.append(name)
    return seen


@transaction.atomic
def region_create(
    *, actor: User | None, code: str, name: str, level: str, parent: Region | None = None
) -> Region:
    """Regions come from GB/T 2260; only the system (set-up, demo) creates them."""
    if actor is not None:
        raise ValidationError(_("行政区划由系统按 GB/T 2260 维护，不能在页面上新增。"))
    region = Region(code=code, name=name, level=level, parent=parent)
    region.full_clean(exclude=["path"])
    region.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=region, after=snapshot(region))
    return region


def _check_aliases(region: Region, unit: Unit | None, aliases: list[str]) -> None:
    others = Unit.objects.filter(region=region)
    if unit is not None:
        others = others.exclude(pk=unit.pk)
    for alias in aliases:
        if others.filter(name=alias).exists():
            raise ValidationError(
                {"aliases": (_("别名“%(alias)s”已是本区划另一单位的名称。") % {"alias": alias})}
            )
        clash = UnitAlias.objects.filter(region=region, name=alias)
        if unit is not None:
            clash = clash.exclude(unit=unit)
        if clash.exists():
            raise ValidationError(
                {"aliases": (_("别名“%(alias)s”已被本区划另一单位使用。") % {"alias": alias})}
            )


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    region: Region,
    name: str,
    kind: str,
    full_name: str = "",
    aliases: list[str] | None = None,
    members: list[Unit] | None = None,
    sort_order: int = 0,
) -> Unit:
    if actor is not None:
        can_manage_units(actor, region).require()
    aliases = [a for a in _clean_names(aliases or []) if a != name.strip()]
    unit = Unit(
        region=region,
        name=name.strip(),
        full_name=full_name.strip(),
        kind=kind,
        sort_order=sort_order,
    )
    _check_name_free(unit)
    unit.full_clean()
    _check_aliases(region, None, aliases)
    if UnitAlias.objects.filter(region=region, name=unit.name).exists():
        raise ValidationError(
            {"name": (_("“%(name)s”已是本区划另一单位的别名。") % {"name": unit.name})}
        )
    unit.save()
    for alias in aliases:
        UnitAlias.objects.create(unit=unit, name=alias)
    _set_members(unit, members or [])
    audit_record(actor=actor, verb=Verb.CREATE, target=unit, after=_unit_state(unit))
    return unit


def _check_name_free(unit: Unit) -> None:
    same = Unit.objects.filter(region=unit.region, name=unit.name)
    if unit.pk:
        same = same.exclude(pk=unit.pk)
    if same.exists():
        raise ValidationError(
            {"name": (_("本区划已有名为“%(name)s”的单位。") % {"name": unit.name})}
        )


def _unit_state(unit: Unit) -> dict[str, Any]:
    state = snapshot(unit)
    state["aliases"] = sorted(unit.aliases.values_list("name", flat=True))
    state["members"] = sorted(unit.members.values_list("name", flat=True))
    return state


def _set_members(unit: Unit, members: list[Unit]) -> None:
    if members and unit.kind != UnitKind.GROUP:
        raise ValidationError({"members": _("只有“单位组”类型可以包含其他单位。")})
    for member in members:
        if member.region_id != unit.region_id:
            raise ValidationError(
                {"members": (_("“%(name)s”不属于本区划。") % {"name": member.name})}
            )
        if member.pk == unit.pk or member.kind == UnitKind.GROUP:
            raise ValidationError(
                {"members": (_("“%(name)s”不能作为本组的成员。") % {"name": member.name})}
            )
    unit.members.set(members)


@transaction.atomic
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    name: str | None = None,
    full_name: str | None = None,
    kind: str | None = None,
    is_active: bool | None = None,
    sort_order: int | None = None,
    aliases: list[str] | None = None,
    members: list[Unit] | None = None,
) -> Unit:
    if actor is not None:
        can_manage_units(actor, unit.region).require()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _unit_state(unit)
    if name is not None:
        unit.name = name.strip()
    if full_name is not None:
        unit.full_name = full_name.strip()
    if kind is not None:
        unit.kind = kind
    if is_active is not None:
        unit.is_active = is_active
    if sort_order is not None:
        unit.sort_order = sort_order
    _check_name_free(unit)
    unit.full_clean()
    if UnitAlias.objects.filter(region=unit.region, name=unit.name).exclude(unit=unit).exists():
        raise ValidationError(
            {"name": (_("“%(name)s”已是本区划另一单位的别名。") % {"name": unit.name})}
        )
    unit.save()
    if aliases is not None:
        wanted = [a for a in _clean_names(aliases) if a != unit.name]
        _check_aliases(unit.region, unit, wanted)
        unit.aliases.exclude(name__in=wanted).delete()
        existing = set(unit.aliases.values_list("name", flat=True))
        for alias in wanted:
            if alias not in existing:
                UnitAlias.objects.create(unit=unit, name=alias)
    if members is not None:
        _set_members(unit, members)
    elif unit.kind != UnitKind.GROUP and unit.members.exists():
        raise ValidationError({"kind": _("该单位组仍有成员，不能改为其他类型。")})
    old, new = diff(before, _unit_state(unit))
    if new:
        audit_record(actor=actor, verb=Verb.UPDATE, target=unit, before=old, after=new)
    return unit
