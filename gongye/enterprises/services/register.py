"""Writes of the register part (issue 12, items 1, 5, 7): the plan office registers and edits
enterprises (一企一档), pairs each with a leader and a unit (一对一联系), links the accounts of
enterprise users, and sets the region's industry chains ("3+N"); every read of one enterprise
is recorded too (item 7: "every person's read of one enterprise's data is in the audit log")."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongye.audit.services import audit_record, diff, snapshot
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.enterprises import credit_code
from gongye.enterprises.choices import EnterpriseVerb, ListingStage, Ownership, Scale, SrdiLevel
from gongye.enterprises.models import Enterprise, EnterpriseAccount, IndustryChain
from gongye.enterprises.permissions import can_manage_register, can_read_register
from gongye.orgs.choices import UnitKind

if TYPE_CHECKING:
    from gongye.accounts.models import User
    from gongye.orgs.models import Region, Unit

# GB/T 4754-2017: a section letter (A–T) and two to four digits (C, C34, C348, C3484)
INDUSTRY_CODE = re.compile(r"[A-T]([0-9]{2}([0-9]{1,2})?)?")
# where an enterprise may be located: the townships and the development zone (parks)
LOCATION_KINDS = {UnitKind.TOWNSHIP, UnitKind.DEV_ZONE}
# the facts the plan office keeps, as the create and edit forms give them
FACTS = (
    "credit_code",
    "name",
    "township",
    "in_dev_zone",
    "industry_code",
    "industry_name",
    "chain",
    "chain_link",
    "ownership",
    "scale",
    "above_scale_since",
    "established_on",
    "land_owned_mu",
    "land_rented_mu",
    "hightech_cert_no",
    "hightech_cert_date",
    "srdi_level",
    "listing_stage",
    "address",
    "contact_name",
    "contact_phone",
    "is_active",
)
TEXT_FACTS = {
    "name",
    "industry_code",
    "industry_name",
    "chain_link",
    "hightech_cert_no",
    "address",
    "contact_name",
    "contact_phone",
}
MAX_LINKS = 30


def _require_region(actor: User, region: Region) -> None:
    """The plan office acts for its own region (and below): anything else is out of reach."""
    if not region.path.startswith(require_acting(actor).region.path):
        raise ValidationError(_("该企业不在您的管辖范围内。"))


def _clean_facts(region: Region, facts: dict[str, Any], *, current: Enterprise | None) -> dict:
    """The facts checked one by one, every problem named by its field (nothing is written
    unless all pass)."""
    errors: dict[str, list[str]] = {}
    out = dict(facts)
    for name in TEXT_FACTS & out.keys():
        out[name] = str(out[name] or "").strip()
    if "credit_code" in out:
        code = credit_code.normalise(out["credit_code"])
        out["credit_code"] = code
        found = credit_code.problem(code)
        if found is not None:
            errors.setdefault("credit_code", []).append(str(found))
        else:
            taken = Enterprise.objects.filter(credit_code=code)
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if taken.exists():
                errors.setdefault("credit_code", []).append(
                    _("统一社会信用代码 %(code)s 已登记，不能重复登记。") % {"code": code}
                )
    if "name" in out and not out["name"]:
        errors.setdefault("name", []).append(_("请填写企业名称。"))
    township: Unit | None = out.get("township")
    if township is not None and (
        township.region_id != region.pk or township.kind not in LOCATION_KINDS
    ):
        errors.setdefault("township", []).append(_("所在乡镇（园区）应为本县的乡镇或开发区。"))
    code = out.get("industry_code", "").upper()
    if "industry_code" in out:
        out["industry_code"] = code
        if code and not INDUSTRY_CODE.fullmatch(code):
            errors.setdefault("industry_code", []).append(
                _("行业代码应符合 GB/T 4754-2017，如 C、C34、C348 或 C3484。")
            )
    chain: IndustryChain | None = out.get("chain")
    link = out.get("chain_link", "")
    if chain is not None and chain.region_id != region.pk:
        errors.setdefault("chain", []).append(_("产业链应为本县设置的产业链。"))
    elif link and (chain is None or (chain.links and link not in chain.links)):
        errors.setdefault("chain_link", []).append(
            _("链条环节应为所选产业链的环节之一：%(links)s。")
            % {"links": "、".join(chain.links) if chain else _("请先选择产业链")}
        )
    for name, choices in (
        ("ownership", Ownership),
        ("scale", Scale),
        ("srdi_level", SrdiLevel),
        ("listing_stage", ListingStage),
    ):
        if name in out and out[name] not in choices.values:
            errors.setdefault(name, []).append(_("所选值不在可选范围内。"))
    if out.get("scale") == Scale.BELOW and out.get("above_scale_since"):
        errors.setdefault("above_scale_since", []).append(_("规下企业不填纳规时间。"))
    for name in ("land_owned_mu", "land_rented_mu"):
        value = out.get(name)
        if value is None and name in out:
            out[name] = Decimal(0)
        elif value is not None and Decimal(value) < 0:
            errors.setdefault(name, []).append(_("用地面积不能为负数。"))
    today = timezone.localdate()
    for name in ("hightech_cert_date", "above_scale_since", "established_on"):
        day: dt.date | None = out.get(name)
        if day is not None and day > today:
            errors.setdefault(name, []).append(_("日期不能晚于今天。"))
    if bool(out.get("hightech_cert_no")) != bool(out.get("hightech_cert_date")) and (
        "hightech_cert_no" in out or "hightech_cert_date" in out
    ):
        errors.setdefault("hightech_cert_date", []).append(
            _("高企证书编号和发证日期应同时填写（或都不填）。")
        )
    if errors:
        raise ValidationError(errors)
    return out


def _full_clean(enterprise: Enterprise) -> None:
    try:
        enterprise.full_clean(exclude=["region", "former_names"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


@transaction.atomic
def enterprise_create(*, actor: User, region: Region, facts: dict[str, Any]) -> Enterprise:
    """Registers an enterprise (一企一档, issue 12 item 1): the plan office, its code checked
    per GB 32100 / GB 11714 and not registered before."""
    can_manage_register(actor).require()
    _require_region(actor, region)
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise ValidationError(_("无法识别的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    if "credit_code" not in facts or "name" not in facts:
        raise ValidationError(_("请填写统一社会信用代码和企业名称。"))
    clean = _clean_facts(region, facts, current=None)
    enterprise = Enterprise(region=region, **clean)
    _full_clean(enterprise)
    enterprise.save()
    audit_record(
        actor=actor, verb=EnterpriseVerb.CREATE, target=enterprise, after=snapshot(enterprise)
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: User, enterprise: Enterprise, facts: dict[str, Any]) -> Enterprise:
    """Edits an enterprise's facts (the plan office). A new name keeps the old one among the
    former names (曾用名), so a search by the old name still finds it."""
    can_manage_register(actor).require()
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _require_region(actor, enterprise.region)
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise ValidationError(_("无法识别的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    clean = _clean_facts(enterprise.region, facts, current=enterprise)
    before = snapshot(enterprise)
    old_name = enterprise.name
    for name, value in clean.items():
        setattr(enterprise, name, value)
    if enterprise.name != old_name:
        former = [n for n in enterprise.former_names if n != enterprise.name]
        if old_name not in former:
            former.append(old_name)
        enterprise.former_names = former
    if enterprise.scale == Scale.BELOW:
        enterprise.above_scale_since = None
    _full_clean(enterprise)
    enterprise.save()
    old, new = diff(before, snapshot(enterprise))
    audit_record(actor=actor, verb=EnterpriseVerb.UPDATE, target=enterprise, before=old, after=new)
    return enterprise


def leader_choices(region: Region) -> Any:
    """The people who may be paired with an enterprise of ``region``: those holding the 领导
    role in that region or a region above it (a city's leader may take a county's enterprise)."""
    from gongye.accounts.models import User

    regions = [region, *region.ancestors]
    return (
        User.objects.filter(
            is_active=True,
            assignments__is_active=True,
            assignments__role=Role.LEADER,
            assignments__region__in=regions,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


@transaction.atomic
def enterprise_pair(
    *, actor: User, enterprise: Enterprise, leader: User | None, unit: Unit | None
) -> Enterprise:
    """Pairs the enterprise with a leader and a unit (一对一联系, the plan's 领导联系企业): the
    leader holds the 领导 role in its region (or above), the unit is one of its region's."""
    can_manage_register(actor).require()
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _require_region(actor, enterprise.region)
    errors: dict[str, list[str]] = {}
    if leader is not None and not leader_choices(enterprise.region).filter(pk=leader.pk).exists():
        errors["leader"] = [_("联系领导应为本县（或上级）担任“领导”角色的人员。")]
    if unit is not None and (unit.region_id != enterprise.region_id or not unit.is_active):
        errors["unit"] = [_("联系单位应为本县在用的单位。")]
    if errors:
        raise ValidationError(errors)
    before = {
        "paired_leader": enterprise.paired_leader_id,
        "paired_unit": enterprise.paired_unit_id,
    }
    enterprise.paired_leader = leader
    enterprise.paired_unit = unit
    enterprise.save(update_fields=["paired_leader", "paired_unit", "updated_at"])
    after = {"paired_leader": enterprise.paired_leader_id, "paired_unit": enterprise.paired_unit_id}
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.PAIR,
        target=enterprise,
        before={**before, "leader_name": "", "unit_name": ""},
        after={
            **after,
            "leader_name": leader.display_name if leader else "",
            "unit_name": unit.name if unit else "",
        },
    )
    return enterprise


def account_choices(region: Region) -> Any:
    """The people who may sign in for an enterprise of ``region``: holding the 企业用户 role
    there, not yet linked to an enterprise."""
    from gongye.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            assignments__is_active=True,
            assignments__role=Role.ENTERPRISE,
            assignments__region=region,
            enterprise_account__isnull=True,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


@transaction.atomic
def enterprise_account_link(
    *, actor: User, enterprise: Enterprise, user: User
) -> EnterpriseAccount:
    """Links an enterprise user's account to the enterprise (企业用户: they then see and file
    for it alone). Only a person holding the 企业用户 role in the enterprise's region, and one
    enterprise per person."""
    can_manage_register(actor).require()
    _require_region(actor, enterprise.region)
    holds_role = user.assignments.filter(
        is_active=True, role=Role.ENTERPRISE, region=enterprise.region
    ).exists()
    if not holds_role:
        raise ValidationError(
            {"user": [_("只能关联在本县担任“企业用户”角色的账号；请先由安全管理员授予该角色。")]}
        )
    existing = EnterpriseAccount.objects.filter(user=user).select_related("enterprise").first()
    if existing is not None:
        message = (
            _("该账号已关联本企业。")
            if existing.enterprise_id == enterprise.pk
            else _("该账号已关联企业“%(name)s”，一个账号只能关联一家企业；请先解除原关联。")
            % {"name": existing.enterprise.name}
        )
        raise ValidationError({"user": [message]})
    account = EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.ACCOUNT_LINK,
        target=enterprise,
        after={"user": user.pk, "username": user.username, "user_name": user.display_name},
    )
    return account


@transaction.atomic
def enterprise_account_unlink(*, actor: User, account: EnterpriseAccount) -> None:
    """Unlinks an enterprise user's account: from now on it sees no enterprise."""
    can_manage_register(actor).require()
    enterprise = account.enterprise
    _require_region(actor, enterprise.region)
    user = account.user
    account.delete()
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.ACCOUNT_UNLINK,
        target=enterprise,
        before={"user": user.pk, "username": user.username, "user_name": user.display_name},
    )


def _clean_links(raw: list[str]) -> list[str]:
    links: list[str] = []
    for item in raw:
        name = str(item or "").strip()
        if name and name not in links:
            links.append(name)
    return links


@transaction.atomic
def industry_chain_save(
    *,
    actor: User,
    region: Region,
    chain: IndustryChain | None = None,
    name: str,
    is_leading: bool,
    links: list[str],
    sort_order: int = 0,
) -> IndustryChain:
    """Creates or edits one of the region's industry chains ("3+N": the plan names the leading
    chains, 主导产业, and the links along each). A link still used by an enterprise is kept."""
    can_manage_register(actor).require()
    _require_region(actor, region)
    errors: dict[str, list[str]] = {}
    name = str(name or "").strip()
    clean_links = _clean_links(links)
    if not name:
        errors["name"] = [_("请填写产业链名称。")]
    elif len(name) > 60:
        errors["name"] = [_("产业链名称不超过 60 个字。")]
    else:
        same = IndustryChain.objects.filter(region=region, name=name)
        if chain is not None:
            same = same.exclude(pk=chain.pk)
        if same.exists():
            errors["name"] = [_("本县已有名为“%(name)s”的产业链。") % {"name": name}]
    if len(clean_links) > MAX_LINKS or any(len(link) > 60 for link in clean_links):
        errors["links"] = [_("链条环节最多 30 个，每个不超过 60 个字。")]
    if chain is not None and chain.region_id != region.pk:
        raise ValidationError(_("该产业链不在您的管辖范围内。"))
    if chain is not None and "links" not in errors and chain.links:
        used = (
            Enterprise.objects.filter(chain=chain)
            .exclude(chain_link="")
            .exclude(chain_link__in=clean_links)
            .values_list("chain_link", flat=True)
            .distinct()
        )
        if dropped := sorted(set(used)):
            errors["links"] = [
                _("环节“%(links)s”仍有企业在用，不能删除；请先修改这些企业的链条环节。")
                % {"links": "、".join(dropped)}
            ]
    if errors:
        raise ValidationError(errors)
    before = snapshot(chain) if chain is not None else None
    target = chain or IndustryChain(region=region)
    target.name = name
    target.is_leading = bool(is_leading)
    target.links = clean_links
    target.sort_order = max(0, int(sort_order))
    target.save()
    after = snapshot(target)
    old, new = diff(before, after) if before is not None else (None, after)
    audit_record(actor=actor, verb=EnterpriseVerb.CHAIN_SAVE, target=target, before=old, after=new)
    return target


@transaction.atomic
def enterprise_view_record(*, actor: User, enterprise: Enterprise, what: str) -> None:
    """Records one person's read of one enterprise's data (issue 12 item 7): the page, the
    API's detail or its figures (``what``), in the same request as the read."""
    can_read_register(actor).require()
    audit_record(
        actor=actor,
        verb=EnterpriseVerb.VIEW,
        target=enterprise,
        region_code="",
        after={"what": what},
    )
