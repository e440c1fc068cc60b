"""The evaluation's downloads: the 公示 list (.xlsx, .docx) of a run and one enterprise's score
sheet (.docx), each in Chinese whatever the page's language, each audited."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import DOCX, XLSX, AuthedRequest, attachment, chinese_document
from gongye.evaluation.files import (
    evaluation_export,
    publicity_docx,
    publicity_xlsx,
    score_sheet_docx,
)
from gongye.evaluation.permissions import can_read_evaluation, can_read_own_result
from gongye.evaluation.selectors import runs as selectors


@login_required
@chinese_document
def publicity_file(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    can_read_evaluation(request.user).require()
    run = selectors.run_for(request.user, pk)
    content = publicity_xlsx(run) if fmt == "xlsx" else publicity_docx(run)
    evaluation_export(actor=request.user, run=run, what=f"publicity.{fmt}", content=content)
    return attachment(
        content,
        f"{run.year}年度亩均效益评价结果公示.{fmt}",
        f"evaluation-{run.year}-{run.pk}.{fmt}",
        XLSX if fmt == "xlsx" else DOCX,
        region=run.region,
    )


@login_required
@chinese_document
def score_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_own_result(request.user).require()
    result = selectors.result_for(request.user, pk)
    content = score_sheet_docx(result)
    evaluation_export(
        actor=request.user, run=result.run, what="score_sheet.docx", content=content, result=result
    )
    return attachment(
        content,
        f"{result.run.year}年度亩均效益评价得分表-{result.name}.docx",
        f"evaluation-score-{result.run.year}-{result.credit_code}.docx",
        DOCX,
        region=result.run.region,
    )


urlpatterns = [
    path("runs/<id:pk>/publicity.xlsx", publicity_file, {"fmt": "xlsx"}, name="publicity_xlsx"),
    path("runs/<id:pk>/publicity.docx", publicity_file, {"fmt": "docx"}, name="publicity_docx"),
    path("results/<id:pk>/score-sheet.docx", score_sheet, name="score_sheet"),
]
