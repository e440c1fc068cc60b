"""The evaluation's files, in the office's layouts: the 公示 list (.xlsx through ``core.xlsx``,
formula-safe; .docx through ``core.docx``, A4 portrait, the table's header repeated on every
page), and one enterprise's score sheet (评价得分表, .docx). Each download is audited
(``evaluation_export``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongye.audit.choices import Verb
from gongye.audit.services import audit_record
from gongye.core.dates import date_zh
from gongye.core.xlsx import Sheet, xlsx_bytes
from gongye.evaluation.choices import ResultStatus
from gongye.evaluation.models import EvaluationResult, EvaluationRun
from gongye.evaluation.selectors.explained import explain
from gongye.evaluation.selectors.runs import ranked

if TYPE_CHECKING:
    from gongye.accounts.models import User


def publicity_title(run: EvaluationRun) -> str:
    return _("%(region)s%(year)s年度工业企业亩均效益综合评价结果公示") % {
        "region": run.region.name,
        "year": run.year,
    }


def _publicity_rows(run: EvaluationRun, *, numbers: bool = False) -> list[list[Any]]:
    """The 公示 list's rows; ``numbers``: the score as a number (the sheet, to sort and sum),
    else as printed, two decimals (the notice)."""
    rows = []
    for index, result in enumerate(ranked(run), start=1):
        rows.append(
            [
                index,
                result.name,
                result.credit_code,
                result.group,
                _score(result.total, numbers),
                result.rank or "",
                result.klass if result.status != ResultStatus.TENANT else f"{result.klass}*",
            ]
        )
    return rows


def _score(total: Any, number: bool) -> Any:
    if total is None:
        return ""
    return round(float(total), 2) if number else f"{total:.2f}"


def publicity_headers() -> list[str]:
    return [
        _("序号"),
        _("企业名称"),
        _("统一社会信用代码"),
        _("分组"),
        _("综合得分"),
        _("组内排名"),
        pgettext("evaluation class", "类别"),
    ]


def publicity_note(run: EvaluationRun) -> str:
    parts = [
        _("评价方案：%(name)s（第%(n)s版）")
        % {"name": run.version.scheme.name, "n": run.version.number}
    ]
    if run.appeal_until:
        parts.append(
            _("公示期至%(date)s，对结果有异议的企业可在此前提出")
            % {"date": date_zh(run.appeal_until)}
        )
    parts.append(_("T类为不分档企业；类别后的*表示随出租方评定"))
    return _("；").join(parts)


def publicity_xlsx(run: EvaluationRun) -> bytes:
    sheet = Sheet(
        title=publicity_title(run),
        headers=publicity_headers(),
        rows=_publicity_rows(run, numbers=True),
        widths=[6, 40, 22, 10, 10, 10, 8],
        note=publicity_note(run),
        name=_("公示名单"),
        wide={1},
    )
    return xlsx_bytes([sheet])


def publicity_docx(run: EvaluationRun) -> bytes:
    from gongye.core.docx import OfficialDocument, fit_widths

    doc = OfficialDocument(publicity_title(run), author=run.region.name)
    # the title breaks between its parts, never inside one
    doc.title(
        segments=[
            run.region.name,
            _("%(year)s年度工业企业") % {"year": run.year},
            _("亩均效益综合评价"),
            _("结果公示"),
        ]
    )
    doc.subtitle(publicity_note(run))
    doc.blank()
    headers = publicity_headers()
    rows = _publicity_rows(run)
    widths = fit_widths(headers, rows, doc.text_width_cm, wrap={1: 1})
    doc.table(headers, rows, widths, left={headers[1]})
    doc.signature(
        date_zh(timezone.localdate(run.published_at or run.created_at)),
        run.region.name,
    )
    return doc.to_bytes()


def _number(value: Any, digits: int = 4) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _points(value: Any) -> str:
    """A score as the tables print it: two decimals."""
    return "—" if value is None else f"{value:.2f}"


def score_sheet_docx(result: EvaluationResult) -> bytes:
    """评价得分表: who, the figures used, each indicator's value and score, the total, rank,
    class, the notes, and the policy the class brings."""
    from gongye.core.docx import OfficialDocument, fit_widths

    run = result.run
    explained = explain(result)
    title = _("%(region)s%(year)s年度工业企业亩均效益评价得分表") % {
        "region": run.region.name,
        "year": run.year,
    }
    doc = OfficialDocument(title, author=run.region.name)
    doc.title()
    doc.subtitle(f"{result.name}（{result.credit_code}）")
    doc.blank()
    facts: list[list[Any]] = [
        [_("分组"), result.group or "—", pgettext("evaluation class", "类别"), result.klass or "—"],
        [
            _("综合得分"),
            "—" if result.total is None else f"{result.total:.2f}",
            _("组内排名"),
            result.rank or "—",
        ],
    ]
    doc.table(
        [_("项目"), _("内容"), _("项目"), _("内容")],
        facts,
        fit_widths(["项目", "内容", "项目", "内容"], facts, doc.text_width_cm, wrap={1: 1, 3: 1}),
    )
    if explained.items:
        headers = [
            _("指标"),
            _("计算公式"),
            _("权重"),
            _("基准值"),
            _("指标值"),
            _("得分"),
            _("说明"),
        ]
        rows = [
            [
                i.name,
                i.formula,
                _number(i.weight),
                i.benchmark,
                _number(i.value),
                _points(i.score),
                "；".join(i.notes),
            ]
            for i in explained.items
        ]
        if explained.bonus:
            rows.append([_("加分"), "", "", "", "", _points(explained.bonus), ""])
        if explained.deduction:
            rows.append([_("减分"), "", "", "", "", f"-{_points(explained.deduction)}", ""])
        doc.table(
            headers,
            rows,
            fit_widths(headers, rows, doc.text_width_cm, wrap={1: 2, 6: 2}),
            left={headers[1], headers[6]},
        )
    if explained.notes:
        doc.body(_("说明：") + "；".join(explained.notes))
    if explained.inputs:
        headers = [_("评价数据"), _("数值")]
        rows = [
            [label, value if not isinstance(value, bool) else (_("是") if value else _("否"))]
            for label, value in explained.inputs
        ]
        doc.table(headers, rows, fit_widths(headers, rows, doc.text_width_cm, wrap={0: 1, 1: 1}))
    if explained.policies:
        headers = [_("差别化政策"), _("措施")]
        rows = [[item, measure] for item, measure in explained.policies]
        doc.table(
            headers,
            rows,
            fit_widths(headers, rows, doc.text_width_cm, wrap={0: 1, 1: 2}),
            left={headers[1]},
        )
    return doc.to_bytes()


@transaction.atomic
def evaluation_export(
    *,
    actor: User,
    run: EvaluationRun,
    what: str,
    content: bytes,
    result: EvaluationResult | None = None,
) -> bytes:
    """Who took which file of which run (the audit log's export entry)."""
    audit_record(
        actor=actor,
        verb=Verb.EXPORT,
        target=result or run,
        parent=run if result else None,
        after={"file": what, "bytes": len(content)},
    )
    return content
