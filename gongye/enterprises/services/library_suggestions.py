"""Suggestions computed from the register for the plan office to confirm or dismiss (issue 12
item 3). Each rule reads the enterprises' fields and their latest monthly figures; the
thresholds are the library's ``settings`` (the office edits them):

- 成长性企业库 (``approaching``): a 规下 enterprise whose latest 本年累计 revenue, annualised
  (× 12 / month), lies in [lower, upper) 万元 — approaching the 2,000万元 规上 line;
- 纳规培育库: a 规下 enterprise whose annualised revenue reaches ``line`` (``candidate``, stage
  纳规候选), and an enterprise that became 规上 this year (``new_above``, stage 新纳规);
- 高企培育库 (``hightech_expiring``): a certificate (valid three years) ending within
  ``months`` months from today and not yet ended — re-certification is due (stage 重新认定);
- 专精特新梯度培育库: an enterprise the register lists at a tier but the library does not hold
  (``registered_level``, at that tier); and one with a valid 高企 certificate and no tier
  (``srdi_next``, at 创新型中小企业 — a valid 高企 certificate is one of the direct routes of the
  创新型中小企业 assessment, 《优质中小企业梯度培育管理暂行办法》).

Idempotent: an enterprise already suggested for or in the library gets no second suggestion,
and one suggested for the same reason in the same year — whatever became of it, dismissed
included — is not suggested again that year.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from gongye.audit.services import audit_record
from gongye.core.context import execution_context
from gongye.enterprises.choices import Scale, SrdiLevel
from gongye.enterprises.library_choices import (
    OPEN_STATUSES,
    EntryStatus,
    LibraryKind,
    LibraryVerb,
    SuggestionRule,
)
from gongye.enterprises.models import Enterprise, Library, LibraryEntry, LibraryMove, MonthlyFigure
from gongye.enterprises.models.register import HIGHTECH_VALID_YEARS
from gongye.enterprises.services.libraries import libraries_ensure
from gongye.orgs.models import Region

Candidate = tuple[int, str, str, str]  # enterprise id, rule, stage, reason


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def annualised_revenue(region: Region, today: dt.date) -> Any:
    """The region's active enterprises with ``l_revenue`` and ``l_month`` (their latest 本年累计
    revenue of this year up to today's month, else of last year) and ``l_rd``."""
    latest = (
        MonthlyFigure.objects.filter(enterprise=OuterRef("pk"), revenue__isnull=False)
        .filter(Q(year=today.year, month__lte=today.month) | Q(year=today.year - 1))
        .order_by("-year", "-month")
    )
    return Enterprise.objects.filter(region=region, is_active=True).annotate(
        l_revenue=Subquery(latest.values("revenue")[:1]),
        l_month=Subquery(latest.values("month")[:1]),
        l_rd=Subquery(latest.values("rd_expense")[:1]),
    )


def _yearly(revenue: Decimal, month: int) -> Decimal:
    return (revenue * 12 / month).quantize(Decimal("0.01"))


def _revenue_rules(library: Library, region: Region, today: dt.date) -> list[Candidate]:
    found: list[Candidate] = []
    if library.kind == LibraryKind.GROWTH:
        lower, upper = library.setting("lower", 1500), library.setting("upper", 2000)
        rows = annualised_revenue(region, today).filter(scale=Scale.BELOW)
        for e in rows.values("pk", "l_revenue", "l_month"):
            if e["l_revenue"] is None:
                continue
            yearly = _yearly(e["l_revenue"], e["l_month"])
            if lower <= yearly < upper:
                found.append(
                    (
                        e["pk"],
                        SuggestionRule.APPROACHING,
                        "",
                        f"营业收入折合全年 {yearly} 万元（{lower}–{upper} 万元）",
                    )
                )
    elif library.kind == LibraryKind.SCALE_UP:
        line = library.setting("line", 2000)
        rows = annualised_revenue(region, today).filter(scale=Scale.BELOW)
        for e in rows.values("pk", "l_revenue", "l_month"):
            if e["l_revenue"] is None:
                continue
            yearly = _yearly(e["l_revenue"], e["l_month"])
            if yearly >= line:
                found.append(
                    (
                        e["pk"],
                        SuggestionRule.CANDIDATE,
                        "candidate",
                        f"营业收入折合全年 {yearly} 万元，达到 {line} 万元",
                    )
                )
        new = Enterprise.objects.filter(
            region=region,
            is_active=True,
            scale=Scale.ABOVE,
            above_scale_since__year=today.year,
            above_scale_since__lte=today,
        )
        for pk, since in new.values_list("pk", "above_scale_since"):
            found.append((pk, SuggestionRule.NEW_ABOVE, "new_above", f"{since:%Y-%m-%d} 纳规"))
    return found


def _register_rules(library: Library, region: Region, today: dt.date) -> list[Candidate]:
    found: list[Candidate] = []
    active = Enterprise.objects.filter(region=region, is_active=True)
    if library.kind == LibraryKind.HIGHTECH:
        months = library.setting("months", 6)
        # valid until = issued + 3 years; due when today ≤ until ≤ today + months
        issued_from = _add_months(today, -12 * HIGHTECH_VALID_YEARS)
        issued_to = _add_months(_add_months(today, months), -12 * HIGHTECH_VALID_YEARS)
        rows = active.filter(hightech_cert_date__gt=issued_from, hightech_cert_date__lte=issued_to)
        for e in rows:
            until = e.hightech_valid_until
            if until is not None and today < until:
                found.append(
                    (
                        e.pk,
                        SuggestionRule.HIGHTECH_EXPIRING,
                        "recertify",
                        f"高企证书 {e.hightech_cert_no or ''} 有效期至 {until:%Y-%m-%d}".replace(
                            "  ", " "
                        ),
                    )
                )
    elif library.kind == LibraryKind.SRDI:
        for pk, level in active.exclude(srdi_level="").values_list("pk", "srdi_level"):
            label = library.stage_label(level)
            found.append((pk, SuggestionRule.REGISTERED_LEVEL, level, f"企业库登记为{label}"))
        issued_from = _add_months(today, -12 * HIGHTECH_VALID_YEARS)
        rows = active.filter(
            srdi_level="", hightech_cert_date__gt=issued_from, hightech_cert_date__lte=today
        )
        for pk in rows.values_list("pk", flat=True):
            found.append(
                (pk, SuggestionRule.SRDI_NEXT, SrdiLevel.INNOVATIVE, "有效高新技术企业证书")
            )
    return found


@transaction.atomic
def library_suggestions_recompute(*, region: Region, today: dt.date | None = None) -> int:
    """Computes the region's suggestions as of ``today`` and adds those not yet made; answers
    how many were added. Each one is audited (``library.suggest``)."""
    today = today or timezone.localdate()
    added = 0
    for library in libraries_ensure(region=region):
        if not library.suggests:
            continue
        candidates = _revenue_rules(library, region, today) + _register_rules(
            library, region, today
        )
        if not candidates:
            continue
        entries = LibraryEntry.objects.filter(library=library)
        open_ = set(
            entries.filter(status__in=OPEN_STATUSES).values_list("enterprise_id", flat=True)
        )
        made = set(entries.filter(rule_year=today.year).values_list("enterprise_id", "rule"))
        stages = set(library.stage_codes)
        for pk, rule, stage, reason in candidates:
            if pk in open_ or (pk, rule) in made:
                continue
            entry = LibraryEntry.objects.create(
                library=library,
                enterprise_id=pk,
                region=region,
                status=EntryStatus.SUGGESTED,
                stage=stage if stage in stages else "",
                rule=rule,
                rule_year=today.year,
                reason=reason,
                suggested_on=today,
            )
            LibraryMove.objects.create(
                entry=entry,
                action="suggest",
                to_status=entry.status,
                to_stage=entry.stage,
                on=today,
                reason=reason,
            )
            audit_record(
                actor=None,
                verb=LibraryVerb.SUGGEST,
                target=entry,
                after={
                    "library": library.name,
                    "rule": rule,
                    "stage": entry.stage,
                    "reason": reason,
                },
            )
            open_.add(pk)
            made.add((pk, rule))
            added += 1
    return added


def library_suggestions_nightly() -> str:
    """The nightly job (``EnterprisesConfig.schedules``): every region that has enterprises."""
    with execution_context(channel="job"):
        ids = Enterprise.objects.values_list("region_id", flat=True).distinct()
        total = 0
        for region in Region.objects.filter(pk__in=list(ids)):
            total += library_suggestions_recompute(region=region)
    return f"library suggestions: {total} added"
