"""One enterprise's page (一企一档, issue 12 item 1): its facts, figures and trends over the last
three years with year-on-year growth, awards read from its facts, accounts, and its audit trail
(a view of the audit log, as the task timeline is). The enterprise comes from
``selectors.register.enterprise_for`` (404 when not visible)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.audit.models import AuditEntry
from gongye.core.numbers import number, percent
from gongye.core.roles import Role
from gongye.core.scope import acting_of
from gongye.enterprises import credit_code
from gongye.enterprises.choices import EnterpriseVerb
from gongye.enterprises.models import Enterprise, EnterpriseAccount, MonthlyFigure
from gongye.enterprises.permissions import REGISTER_KEEPERS
from gongye.enterprises.selectors.figures import growth_ratio as growth

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from gongye.accounts.models import User

YEARS = 3
# the measures the page charts: the field (本年累计 for flows, the month-end level for
# employees), its name and unit
MEASURES: tuple[tuple[str, Any, Any], ...] = (
    ("output_value", gettext_lazy("工业总产值"), gettext_lazy("万元")),
    ("revenue", gettext_lazy("营业收入"), gettext_lazy("万元")),
    ("tax", gettext_lazy("税收"), gettext_lazy("万元")),
    ("profit", gettext_lazy("利润总额"), gettext_lazy("万元")),
    ("value_added", gettext_lazy("工业增加值"), gettext_lazy("万元")),
    ("rd_expense", gettext_lazy("研发费用"), gettext_lazy("万元")),
    ("electricity_kwh", gettext_lazy("用电量"), gettext_lazy("千瓦时")),
    ("energy_tce", gettext_lazy("综合能耗"), gettext_lazy("吨标准煤")),
    ("employees", gettext_lazy("从业人员"), gettext_lazy("人")),
)
MEASURE_NAMES = tuple(m[0] for m in MEASURES)
ENTERPRISE_TYPE = "enterprises.enterprise"
TRAIL_LIMIT = 30
READS_LIMIT = 10
# a 高企 certificate this close to its end is flagged for re-certification (重新认定)
RENEWAL_NOTICE_DAYS = 180
# how a read came (``enterprise_view_record``'s ``what``)
READ_CHANNELS = {
    "page": gettext_lazy("企业档案页"),
    "api": gettext_lazy("接口：企业档案"),
    "api_figures": gettext_lazy("接口：月度数据"),
}


@dataclass(frozen=True)
class Cell:
    value: str
    growth: str


@dataclass(frozen=True)
class FigureTable:
    """One measure over the months of the last three years: ``rows`` are the months, each
    with a cell per year (value and 同比); ``chart`` the same figures for ECharts."""

    measure: str
    label: str
    unit: str
    years: list[int]
    rows: list[tuple[int, list[Cell]]]
    chart: dict[str, Any]
    latest: list[dict[str, str]] = field(default_factory=list)
    latest_month: tuple[int, int] | None = None


def figures_of(enterprise: Enterprise, first_year: int) -> dict[tuple[int, int], MonthlyFigure]:
    """The enterprise's months from ``first_year`` on (one query): the register part's own
    read of the monthly figures."""
    rows = MonthlyFigure.objects.filter(enterprise=enterprise, year__gte=first_year)
    return {(r.year, r.month): r for r in rows.order_by("year", "month")}


def figure_table(enterprise: Enterprise, measure: str) -> FigureTable:
    measure = measure if measure in MEASURE_NAMES else MEASURE_NAMES[0]
    _name, label, unit = next(m for m in MEASURES if m[0] == measure)
    newest = (
        MonthlyFigure.objects.filter(enterprise=enterprise)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    last_year = newest or timezone.localdate().year
    # the three years shown and the one before them (the first year's growth)
    by_month = figures_of(enterprise, last_year - YEARS)
    years = list(range(last_year - YEARS + 1, last_year + 1))

    def value(year: int, month: int, name: str = measure) -> Any:
        row = by_month.get((year, month))
        return getattr(row, name) if row is not None else None

    rows = []
    for month in range(1, 13):
        cells = [
            Cell(
                number(value(y, month)),
                percent(growth(value(y, month), value(y - 1, month))),
            )
            for y in years
        ]
        rows.append((month, cells))
    chart = {
        "months": [_("%(m)d月") % {"m": m} for m in range(1, 13)],
        "unit": str(unit),
        "series": [
            {
                "name": _("%(y)d年") % {"y": y},
                "data": [
                    None if value(y, m) is None else str(number(value(y, m))) for m in range(1, 13)
                ],
            }
            for y in years
        ],
    }
    latest_key = max(by_month, default=None)
    latest = []
    if latest_key is not None:
        year, month = latest_key
        for name, m_label, m_unit in MEASURES:
            now = value(year, month, name)
            latest.append(
                {
                    "measure": name,
                    "label": str(m_label),
                    "unit": str(m_unit),
                    "value": number(now),
                    "growth": percent(growth(now, value(year - 1, month, name))),
                }
            )
    return FigureTable(
        measure=measure,
        label=str(label),
        unit=str(unit),
        years=years,
        rows=rows,
        chart=chart,
        latest=latest,
        latest_month=latest_key,
    )


@dataclass(frozen=True)
class Award:
    """A distinction the register's facts record (高企, 专精特新, 上市进程, 纳规)."""

    title: str
    detail: str
    on: dt.date | None = None
    badge: str = "success"


def awards_of(enterprise: Enterprise, today: dt.date | None = None) -> list[Award]:
    """The enterprise's honours and milestones as its facts hold them: the 高新技术企业
    certificate (valid or lapsed, re-certification due), its 专精特新 tier, its listing stage
    and when it became 规上. (Awards paid under the incentives app join here once it exists.)"""
    today = today or timezone.localdate()
    out: list[Award] = []
    until = enterprise.hightech_valid_until
    if until is not None:
        valid = enterprise.hightech_valid_on(today)
        detail = _("证书 %(no)s，有效期至 %(until)s") % {
            "no": enterprise.hightech_cert_no or "—",
            "until": until.isoformat(),
        }
        badge = "success"
        if not valid:
            detail += _("（已过期）")
            badge = "secondary"
        elif (until - today).days <= RENEWAL_NOTICE_DAYS:
            detail += _("（应于到期前申请重新认定）")
            badge = "warning"
        out.append(Award(_("高新技术企业"), detail, enterprise.hightech_cert_date, badge))
    if enterprise.srdi_level:
        out.append(Award(_("专精特新企业"), enterprise.get_srdi_level_display()))
    if enterprise.listing_stage:
        out.append(
            Award(_("上市进程（雁阵计划）"), enterprise.get_listing_stage_display(), None, "info")
        )
    if enterprise.above_scale_since:
        out.append(
            Award(_("纳入规上工业企业"), _("规上企业"), enterprise.above_scale_since, "primary")
        )
    return out


@dataclass(frozen=True)
class TrailLine:
    at: dt.datetime
    actor_name: str
    unit_name: str
    verb_label: str
    text: str


def _trail_text(entry: AuditEntry) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    if entry.verb == EnterpriseVerb.PAIR:
        return _("联系领导：%(leader)s；联系单位：%(unit)s") % {
            "leader": after.get("leader_name") or "—",
            "unit": after.get("unit_name") or "—",
        }
    if entry.verb in (EnterpriseVerb.ACCOUNT_LINK, EnterpriseVerb.ACCOUNT_UNLINK):
        before = entry.before if isinstance(entry.before, dict) else {}
        who = after or before
        return _("%(name)s（%(username)s）") % {
            "name": who.get("user_name", ""),
            "username": who.get("username", ""),
        }
    if entry.verb == EnterpriseVerb.UPDATE:
        return _("修改了：%(fields)s") % {"fields": _("、").join(_field_label(k) for k in after)}
    if entry.verb == EnterpriseVerb.VIEW:
        return str(READ_CHANNELS.get(after.get("what", ""), after.get("what", "")))
    if entry.target_type != ENTERPRISE_TYPE:
        return entry.target_repr
    return ""


def _field_label(name: str) -> str:
    try:
        field = Enterprise._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:  # a field since removed reads as its name
        return name
    return str(getattr(field, "verbose_name", name))


def trail_for(user: User | AnonymousUser, enterprise: Enterprise) -> tuple[list, list]:
    """The enterprise's audit trail: the changes (on it and on what hangs off it — library
    entries, appeals — whose entries name it as their parent), newest first; and, for the plan
    office and the bureau, who read it lately."""
    pk = str(enterprise.pk)
    on_it = Q(target_type=ENTERPRISE_TYPE, target_id=pk) | Q(
        parent_type=ENTERPRISE_TYPE, parent_id=pk
    )
    entries = AuditEntry.objects.filter(on_it).order_by("-at", "-id")
    changes = [_line(e) for e in entries.exclude(verb=EnterpriseVerb.VIEW)[:TRAIL_LIMIT]]
    acting = acting_of(user)
    reads: list[TrailLine] = []
    if acting is not None and acting.role in REGISTER_KEEPERS:
        reads = [
            _line(e)
            for e in AuditEntry.objects.filter(
                target_type=ENTERPRISE_TYPE, target_id=pk, verb=EnterpriseVerb.VIEW
            ).order_by("-at", "-id")[:READS_LIMIT]
        ]
    return changes, reads


def _line(entry: AuditEntry) -> TrailLine:
    return TrailLine(
        at=entry.at,
        actor_name=entry.actor_name,
        unit_name=entry.unit_name,
        verb_label=entry.verb_label,
        text=_trail_text(entry),
    )


def accounts_of(enterprise: Enterprise) -> list[EnterpriseAccount]:
    return list(enterprise.accounts.select_related("user").order_by("created_at"))


@dataclass(frozen=True)
class EnterprisePage:
    enterprise: Enterprise
    code_kind: str
    figures: FigureTable
    awards: list[Award]
    accounts: list[EnterpriseAccount]
    trail: list[TrailLine]
    reads: list[TrailLine]
    can_manage: bool
    is_own: bool


def enterprise_page(
    user: User | AnonymousUser, enterprise: Enterprise, measure: str
) -> EnterprisePage:
    from gongye.enterprises.permissions import can_manage_register

    acting = acting_of(user)
    trail, reads = trail_for(user, enterprise)
    return EnterprisePage(
        enterprise=enterprise,
        code_kind=credit_code.kind_of(enterprise.credit_code)
        if credit_code.is_valid(enterprise.credit_code)
        else "",
        figures=figure_table(enterprise, measure),
        awards=awards_of(enterprise),
        accounts=accounts_of(enterprise),
        trail=trail,
        reads=reads,
        can_manage=bool(can_manage_register(user)),
        is_own=acting is not None and acting.role == Role.ENTERPRISE,
    )
