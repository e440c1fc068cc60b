"""Pages of the bulk update by spreadsheet (issue 4, item 6): one page explains the steps,
offers the unit's sheet and takes it back; a refused sheet is shown with every problem by row
and column, and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import StyledFormMixin, add_service_errors
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.sheets import CellError
from gongye.core.uploads import too_large
from gongye.supervision import bulk

if TYPE_CHECKING:
    from gongye.accounts.models import User


class ProgressSheetUploadForm(StyledFormMixin, forms.Form):
    sheet = forms.FileField(
        label=_("填好的进展报送表"),
        help_text=_("Excel（.xlsx）文件，不超过 20 MB；请使用本页下载的报送表。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={
            "required": _("请选择要上传的进展报送表（.xlsx）。"),
            "empty": _("上传的文件是空文件。"),
        },
    )


def sheet_filename(user: User) -> tuple[str, str]:
    """The sheet's file name: the liaison's unit and the day (``can_use_progress_sheet`` has
    let only a liaison of a unit through)."""
    unit = bulk.sheet_unit(user)
    today = timezone.localdate()
    return (
        f"{unit.name}-进展报送表-{today:%Y%m%d}.xlsx",
        f"progress-sheet-{today:%Y%m%d}.xlsx",
    )


@login_required
def progress_sheet(request: AuthedRequest) -> HttpResponse:
    """GET: the steps, the download and the upload form. POST: the upload."""
    bulk.can_use_progress_sheet(request.user).require()
    posted = request.method == "POST"
    form = ProgressSheetUploadForm(*((request.POST, request.FILES) if posted else ()))
    problems: list[CellError] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["sheet"]
        if too_large(upload, bulk.MAX_BYTES):
            form.add_error(
                "sheet",
                (_("文件“%(name)s”超过 20 MB，请使用下载的报送表。") % {"name": upload.name}),
            )
        else:
            try:
                result = bulk.progress_sheet_apply(
                    actor=request.user, data=upload.read(), filename=upload.name
                )
            except bulk.ProgressSheetInvalid as error:
                problems = error.problems
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    (
                        _("已报送 %(created)s 项进展，等待本单位负责人审核")
                        % {"created": result["created"]}
                    )
                    + (
                        (_("；%(skipped)s 项未填写，未报送。") % {"skipped": result["skipped"]})
                        if result["skipped"]
                        else "。"
                    ),
                )
                return redirect("supervision:progress_sheet")
    return render(
        request,
        "supervision/bulk/sheet.html",
        {
            "form": form,
            "problems": problems,
            "tasks": bulk.progress_sheet_tasks(request.user),
            "max_rows": bulk.MAX_ROWS,
        },
    )


@login_required
@chinese_document
def progress_sheet_download(request: AuthedRequest) -> HttpResponse:
    bulk.can_use_progress_sheet(request.user).require()
    content = bulk.progress_sheet_export(actor=request.user)
    return attachment(
        content, *sheet_filename(request.user), region=bulk.sheet_unit(request.user).region
    )
