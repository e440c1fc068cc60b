"""Pages of the register's monthly figures: the bureau's sheet (upload → preview → confirm),
the import history with the county's monthly totals, an enterprise's monthly entry form.

The upload passes the core guard (size from the upload's metadata, then zip checks inside the
reader) and is staged in FILE_UPLOAD_TEMP_DIR between the preview and the confirmation; the
confirmation reads and checks it again (the register may have changed) and writes it whole."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongye.core.forms import StyledFormMixin, add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.roles import Role
from gongye.core.scope import require_acting
from gongye.core.sheets import DEFAULT_LIMITS, MB
from gongye.core.uploads import stage, too_large
from gongye.enterprises.models.register import FLOW_FIELDS
from gongye.enterprises.permissions import (
    can_enter_figures,
    can_import_figures,
    enterprises_visible_to,
)
from gongye.enterprises.selectors.figures import county_totals, figure_imports_for, figure_month
from gongye.enterprises.services.figures import (
    FigureSheetInvalid,
    figures_import,
    figures_import_prepare,
    figures_save,
)

SESSION_KEY = "enterprise_figures_import"
PREVIEW_NEW = 200  # new enterprises listed on the preview (the count is always shown)
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
LABELS = {
    "output_value": _("工业总产值"),
    "value_added": _("工业增加值"),
    "revenue": _("营业收入"),
    "tax": _("税收"),
    "profit": _("利润总额"),
    "rd_expense": _("研发费用"),
    "electricity_kwh": _("用电量"),
    "energy_tce": _("综合能耗"),
    "employees": _("从业人员"),
}
UNITS = {"electricity_kwh": _("千瓦时"), "energy_tce": _("吨标准煤"), "employees": _("人")}


def _unit(measure: str) -> Any:
    return UNITS.get(measure, _("万元"))


def field_label(name: str) -> str:
    """工业总产值（本月）, 营业收入（本年累计）: a MonthlyFigure field as the pages name it."""
    if name in ("credit_code", "name"):
        return str(_("统一社会信用代码") if name == "credit_code" else _("企业名称"))
    base = name.removesuffix("_month")
    if base == "employees":
        return str(LABELS[base])
    period = _("本月") if name.endswith("_month") else _("本年累计")
    return _("%(label)s（%(unit)s）") % {"label": LABELS[base], "unit": period}


def parse_month(text: str | None) -> tuple[int, int] | None:
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m[2]) <= 12 or not 2000 <= int(m[1]) <= 2100:
        return None
    return int(m[1]), int(m[2])


# --------------------------------------------------------------------------- import


class FigureUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("统计月报文件"),
        help_text=_("统计局企业月度数据表（.xlsx、.xls 或 .csv），列的顺序和表头形式不限。"),
    )
    month = forms.CharField(
        label=_("数据月份"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("表题中有年月（如“2022年1-6月”）时可不填；填写时须与表题一致。"),
    )

    def clean_month(self) -> tuple[int, int] | None:
        text = self.cleaned_data.get("month") or ""
        if not text.strip():
            return None
        found = parse_month(text)
        if found is None:
            raise ValidationError(_("月份格式应为 YYYY-MM，如 2022-06。"))
        return found


@login_required
def figures_import_page(request: AuthedRequest) -> HttpResponse:
    """Upload the bureau's sheet and see what it would do: every error by row and column, or
    the summary and the new enterprises to confirm."""
    can_import_figures(request.user).require()
    region = require_acting(request.user).region
    form = FigureUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "region": region}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = DEFAULT_LIMITS.max_bytes
        if too_large(upload, limit):  # the size from the upload's metadata, before a byte is read
            form.add_error(
                "file",
                _("文件“%(name)s”超过 %(limit)s MB，已拒收。")
                % {"name": upload.name, "limit": limit // MB},
            )
            return render(request, "enterprises/figures_import.html", context, status=400)
        data = upload.read()
        year, month = form.cleaned_data["month"] or (None, None)
        prepared = figures_import_prepare(
            region=region, data=data, filename=upload.name, year=year, month=month
        )
        context["prepared"] = prepared
        context["columns"] = [
            (c.header, field_label(c.field), c.unit, c.unit_assumed) for c in prepared.sheet.columns
        ]
        context["new_shown"] = prepared.new[:PREVIEW_NEW]
        if prepared.errors:
            status = 400
        else:
            _discard_staged(request)
            staged = stage(upload)
            request.session[SESSION_KEY] = {
                "path": str(staged),
                "name": upload.name,
                "sha256": prepared.sha256,
                "year": year,
                "month": month,
                "region": region.pk,
            }
    return render(request, "enterprises/figures_import.html", context, status=status)


def _discard_staged(request: AuthedRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and pending.get("path"):
        Path(pending["path"]).unlink(missing_ok=True)


@login_required
@require_POST
def figures_import_confirm(request: AuthedRequest) -> HttpResponse:
    """Writes the sheet previewed last (staged): all of it, or nothing and the errors."""
    can_import_figures(request.user).require()
    region = require_acting(request.user).region
    pending = request.session.get(SESSION_KEY)
    staged = Path(pending["path"]) if pending else None
    if not pending or pending.get("region") != region.pk or staged is None or not staged.exists():
        messages.error(request, _("没有待确认的导入，请重新上传文件。"))
        return redirect("enterprises:figures_import")
    data = staged.read_bytes()
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:  # pragma: no cover - our own file
        _discard_staged(request)
        raise Http404
    try:
        batch, prepared = figures_import(
            actor=request.user,
            region=region,
            data=data,
            filename=pending["name"],
            year=pending["year"],
            month=pending["month"],
        )
    except FigureSheetInvalid as invalid:
        _discard_staged(request)
        return render(
            request,
            "enterprises/figures_import.html",
            {"form": FigureUploadForm(), "region": region, "prepared": invalid.prepared},
            status=400,
        )
    _discard_staged(request)
    messages.success(
        request,
        _("已导入%(year)s年%(month)s月数据：%(rows)s 家企业，其中新登记 %(new)s 家。")
        % {
            "year": batch.year,
            "month": batch.month,
            "rows": batch.rows,
            "new": batch.new_enterprises,
        },
    )
    return redirect("enterprises:figure_imports")


@login_required
def figure_imports(request: AuthedRequest) -> HttpResponse:
    """The bureau's imports, newest first, and the county's totals by month with growth."""
    can_import_figures(request.user).require()
    region = require_acting(request.user).region
    page = Paginator(figure_imports_for(request.user), 50).get_page(request.GET.get("page"))
    years = figure_imports_for(request.user).values_list("year", flat=True).order_by("-year")
    year = years.first() or timezone.localdate().year
    try:
        year = int(request.GET.get("year") or year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    totals = county_totals(request.user, region=region, year=year)
    measures = ["output_value", "revenue", "tax", "profit", "electricity_kwh", "employees"]
    return render(
        request,
        "enterprises/figures_imports.html",
        {
            "page": page,
            "year": year,
            "totals": [
                (row, [(row.values[m], row.yoy[m]) for m in measures], row.values["count"])
                for row in totals
            ],
            "measures": [(LABELS[m], _unit(m)) for m in measures],
        },
    )


# --------------------------------------------------------------------------- entry form


class FigureEntryForm(StyledFormMixin, forms.Form):
    """本月 and 本年累计 of each flow (either is enough: the other is derived from last
    month's), and the month-end headcount."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for measure in FLOW_FIELDS:
            unit = _unit(measure)
            places = 2 if measure == "electricity_kwh" else 4
            for name in (f"{measure}_month", measure):
                self.fields[name] = forms.DecimalField(
                    label=_("%(label)s（%(unit)s）") % {"label": field_label(name), "unit": unit},
                    required=False,
                    max_digits=16,
                    decimal_places=places,
                )
        self.fields["employees"] = forms.IntegerField(
            label=_("%(label)s（%(unit)s）")
            % {"label": LABELS["employees"], "unit": _unit("employees")},
            required=False,
            min_value=0,
            max_value=10_000_000,
        )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """(label, 本月 field, 本年累计 field) for the table layout."""
        return [
            (
                _("%(label)s（%(unit)s）") % {"label": LABELS[m], "unit": _unit(m)},
                self[f"{m}_month"],
                self[m],
            )
            for m in FLOW_FIELDS
        ]


def _default_month(today: dt.date) -> tuple[int, int]:
    """Last month: what an enterprise files in the first days of a month."""
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


@login_required
def figures_entry(request: AuthedRequest, pk: int) -> HttpResponse:
    """An enterprise's monthly figures: filed by the enterprise, corrected by the bureau."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=pk)
    can_enter_figures(request.user, enterprise).require()
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month")) or _default_month(today)
    if (year, month) > (today.year, today.month):
        year, month = _default_month(today)
    current = figure_month(enterprise, year, month)
    initial = (
        {
            f: getattr(current, f)
            for f in [*FLOW_FIELDS, *(f"{m}_month" for m in FLOW_FIELDS), "employees"]
        }
        if current
        else {}
    )
    form = FigureEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values: dict[str, Decimal | int | None] = dict(form.cleaned_data)
        try:
            figures_save(
                actor=request.user, enterprise=enterprise, year=year, month=month, values=values
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("已保存%(name)s %(year)s年%(month)s月数据。")
                % {"name": enterprise.name, "year": year, "month": month},
            )
            return redirect(f"{request.path}?month={year:04d}-{month:02d}")
    return render(
        request,
        "enterprises/figures_entry.html",
        {
            "enterprise": enterprise,
            "form": form,
            "year": year,
            "month": month,
            "month_value": f"{year:04d}-{month:02d}",
            "current": current,
            "is_bureau": require_acting(request.user).role == Role.STATISTICS,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def figures_mine(request: AuthedRequest) -> HttpResponse:
    """企业填报 in the navigation: an enterprise user's own entry form."""
    acting = require_acting(request.user)
    if acting.role != Role.ENTERPRISE:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只有企业用户有本企业的填报页。"))
    enterprise = enterprises_visible_to(request.user).first()
    if enterprise is None:
        raise Http404
    return redirect("enterprises:figures_entry", pk=enterprise.pk)


urlpatterns: list[URLPattern] = [
    path("figures/import/", figures_import_page, name="figures_import"),
    path("figures/import/confirm/", figures_import_confirm, name="figures_import_confirm"),
    path("figures/imports/", figure_imports, name="figure_imports"),
    path("figures/mine/", figures_mine, name="figures_mine"),
    path("<int:pk>/figures/entry/", figures_entry, name="figures_entry"),
]
