"""月30 returns in bulk (issue 13 item 3): the month's return sheet to download, and the page
that takes it back — checked whole, filed all or nothing, every problem shown by row and
column. For the units that answer for projects and the plan office (``can_import_returns``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongye.core.forms import StyledFormMixin
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.scope import require_acting
from gongye.core.sheets import MB, CellError
from gongye.core.uploads import too_large
from gongye.projects import returns_sheet as sheets
from gongye.projects.permissions import can_import_returns
from gongye.projects.services.returns_import import (
    ReturnSheetInvalid,
    returns_check,
    returns_import,
)
from gongye.projects.views.board import parse_month
from gongye.projects.views.tabs import register_tabs


class ReturnSheetForm(StyledFormMixin, forms.Form):
    sheet = forms.FileField(
        label=gettext_lazy("填好的月30报送表"),
        help_text=gettext_lazy("Excel（.xlsx）文件，不超过 20 MB；请使用本页下载的报送表。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={
            "required": gettext_lazy("请选择要上传的月30报送表（.xlsx）。"),
            "empty": gettext_lazy("上传的文件是空文件。"),
        },
    )


@login_required
@chinese_document
def returns_sheet(request: AuthedRequest) -> HttpResponse:
    can_import_returns(request.user).require()
    year, month = parse_month(request.GET.get("month"), timezone.localdate())
    content = sheets.return_sheet_export(actor=request.user, year=year, month=month)
    return attachment(
        content,
        *sheets.sheet_name(request.user, year, month),
        region=require_acting(request.user).region,
    )


def _take(request: AuthedRequest, upload: Any) -> tuple[list[CellError], str, tuple[int, int]]:
    """Reads and files an uploaded sheet: its problems (nothing written), or the message
    saying what was filed; and the sheet's month."""
    parsed = sheets.read_return_sheet(upload.read(), upload.name or "")
    if parsed.problems or parsed.year is None or parsed.month is None:
        return parsed.problems, "", (0, 0)
    year, month = parsed.year, parsed.month
    if parsed.row_problems:  # refused anyway: every other problem is said at once too
        found = returns_check(actor=request.user, year=year, month=month, rows=parsed.rows)
        ordered = sorted([*parsed.row_problems, *found], key=lambda p: (p.row or 0, p.column or 0))
        return ordered, "", (year, month)
    try:
        result = returns_import(actor=request.user, year=year, month=month, rows=parsed.rows)
    except ReturnSheetInvalid as error:
        return error.problems, "", (year, month)
    done = _(
        "已报送%(year)s年%(month)s月 %(filed)s 个项目的调度数据；"
        "%(unchanged)s 个与已报数据相同，%(skipped)s 个未填写。"
    ) % {
        "year": year,
        "month": month,
        "filed": len(result.filed),
        "unchanged": result.unchanged,
        "skipped": parsed.skipped,
    }
    return [], done, (year, month)


@login_required
def returns_upload(request: AuthedRequest) -> HttpResponse:
    """GET: the steps, the month's sheet to download, the upload form. POST: the upload."""
    can_import_returns(request.user).require()
    year, month = parse_month(request.GET.get("month"), timezone.localdate())
    posted = request.method == "POST"
    form = ReturnSheetForm(*((request.POST, request.FILES) if posted else ()))
    problems: list[CellError] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["sheet"]
        if too_large(upload, sheets.MAX_BYTES):
            form.add_error(
                "sheet",
                _("文件“%(name)s”超过 %(mb)s MB，请使用下载的报送表。")
                % {"name": upload.name, "mb": sheets.MAX_BYTES // MB},
            )
        else:
            problems, done, (sheet_year, sheet_month) = _take(request, upload)
            if sheet_year:
                year, month = sheet_year, sheet_month
            if done:
                messages.success(request, done)
                url = reverse("projects:returns_upload")
                return redirect(f"{url}?month={year:04d}-{month:02d}")
    lines = sheets.sheet_projects(request.user, year, month)
    return render(
        request,
        "projects/returns_upload.html",
        {
            "form": form,
            "problems": problems,
            "lines": lines,
            "filed": sum(1 for line in lines if line.filed is not None),
            "year": year,
            "month": month,
            "month_value": f"{year:04d}-{month:02d}",
            "tabs": register_tabs(request),
        },
    )


urlpatterns = [
    path("returns/sheet.xlsx", returns_sheet, name="returns_sheet"),
    path("returns/upload/", returns_upload, name="returns_upload"),
]
