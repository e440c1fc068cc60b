"""Demo library entries (``load_demo``, after the register's demo at order 60): on each
region's demo enterprises (``Enterprise.is_demo``), entries in every state of every library —
suggested, dismissed, in the library at each kind of stage, exited, recovered and disposed.
Reproducible (the enterprises taken in credit-code order, fixed dates) and idempotent (a region
whose demo enterprises already have entries is left alone); nothing without demo enterprises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongye.enterprises.library_choices import DigitalTag, EntryStatus, LibraryKind
from gongye.enterprises.models import Enterprise, LibraryEntry, LibraryMove
from gongye.enterprises.services.libraries import SYNCED_FIELD, libraries_ensure
from gongye.orgs.models import Region

MARK = "【演示数据】"
S = EntryStatus
# (library kind, status, stage, tags, what is said)
PLAN: list[tuple[str, str, str, list[str], str]] = [
    (LibraryKind.GROWTH, S.SUGGESTED, "", [], "营业收入接近规上标准"),
    (LibraryKind.GROWTH, S.DISMISSED, "", [], "主营业务不属于工业"),
    (LibraryKind.SCALE_UP, S.ACTIVE, "candidate", [], "预计年内营业收入达到 2000 万元"),
    (LibraryKind.SCALE_UP, S.ACTIVE, "new_above", [], "本年新纳规"),
    (LibraryKind.HIGHTECH, S.ACTIVE, "apply", [], "已提交高企认定申请"),
    (LibraryKind.HIGHTECH, S.EXITED, "cultivate", [], "研发投入不足，暂缓培育"),
    (LibraryKind.SRDI, S.ACTIVE, "provincial", [], "获评省级专精特新企业"),
    (LibraryKind.SRDI, S.ACTIVE, "innovative", [], "获评创新型中小企业"),
    (LibraryKind.LISTING, S.ACTIVE, "reserve", [], "纳入雁阵计划上市后备"),
    (LibraryKind.LISTING, S.ACTIVE, "counselling", [], "已在证监局辅导备案"),
    (LibraryKind.DIGITAL, S.ACTIVE, "", [DigitalTag.CLOUD, DigitalTag.FIVE_G], "企业上云"),
    (LibraryKind.DIGITAL, S.ACTIVE, "", [DigitalTag.SMART_FACTORY], "省级智能工厂"),
    (LibraryKind.DIFFICULT, S.ACTIVE, "diagnose", [], "订单下滑，资金周转困难"),
    (LibraryKind.DIFFICULT, S.ACTIVE, "treat", [], "协调续贷，帮助拓展订单"),
    (LibraryKind.DIFFICULT, S.RECOVERED, "consolidate", [], "生产经营恢复正常"),
    (LibraryKind.DIFFICULT, S.DISPOSED, "treat", [], "长期停产，资不抵债"),
]


@transaction.atomic
def _load_region(region: Region, enterprises: list[Enterprise]) -> int:
    libraries = {lib.kind: lib for lib in libraries_ensure(region=region)}
    year = timezone.localdate().year
    entered = dt.date(year, 1, 10)
    left = dt.date(year, 3, 20)
    for enterprise, (kind, status, stage, tags, said) in zip(enterprises, PLAN, strict=False):
        member = status not in (S.SUGGESTED, S.DISMISSED)
        closed = status in (S.EXITED, S.DISMISSED, S.RECOVERED, S.DISPOSED)
        entry = LibraryEntry.objects.create(
            library=libraries[kind],
            enterprise=enterprise,
            region=region,
            status=status,
            stage=stage,
            tags=[str(t) for t in tags],
            rule="proposed" if not member else "",
            rule_year=year,
            reason=f"{MARK}{said}",
            suggested_on=entered if not member else None,
            entered_on=entered if member else None,
            exited_on=left if closed else None,
            exit_reason=f"{MARK}{said}" if closed else "",
            disposal_method="bankruptcy" if status == S.DISPOSED else "",
            disposal_result=f"{MARK}法院已裁定受理破产清算" if status == S.DISPOSED else "",
        )
        first = S.ACTIVE if member else S.SUGGESTED
        LibraryMove.objects.create(
            entry=entry, action="record", to_status=first, to_stage=stage, on=entered, reason=said
        )
        if status != first:
            LibraryMove.objects.create(
                entry=entry,
                action="demo",
                from_status=first,
                to_status=status,
                from_stage=stage,
                to_stage=stage,
                on=left,
                reason=said,
            )
        field = SYNCED_FIELD.get(LibraryKind(kind))
        if field and status == S.ACTIVE:
            Enterprise.objects.filter(pk=enterprise.pk).update(**{field: stage})
    return min(len(enterprises), len(PLAN))


def libraries_demo_load(report: Any = None) -> str:
    added = 0
    regions = Enterprise.objects.filter(is_demo=True).values_list("region_id", flat=True)
    for region in Region.objects.filter(pk__in=set(regions)).order_by("pk"):
        demo = Enterprise.objects.filter(region=region, is_demo=True, is_active=True)
        if LibraryEntry.objects.filter(enterprise__in=demo).exists():
            continue
        added += _load_region(region, list(demo.order_by("credit_code")[: len(PLAN)]))
    return f"培育库演示记录 {added} 条" if added else ""
