from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongye.audit.choices import Verb, verb_choices
from gongye.audit.exports import entries_to_xlsx
from gongye.audit.models import AuditEntry
from gongye.audit.permissions import can_read_audit
from gongye.audit.selectors import chain_state_for, entry_list_for
from gongye.audit.services import audit_record
from gongye.core.forms import StyledFormMixin
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.scope import require_acting

EXPORT_LIMIT = 50_000


def _verb_filter_choices() -> list[tuple[str, object]]:
    return [("", _("全部")), *verb_choices()]


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("关键字"), required=False)
    # every verb of the catalogue, the business verbs (report.approve, …) with the generic ones
    verb = forms.ChoiceField(label=_("操作"), required=False, choices=_verb_filter_choices)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    request_id = forms.CharField(label=_("请求编号"), required=False)


def _filtered(
    request: AuthedRequest,
) -> tuple[AuditFilterForm, QuerySet[AuditEntry], dict[str, Any]]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v}
    return form, entry_list_for(request.user, **filters), filters


def _filters_jsonable(filters: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in filters.items()}


@login_required
def entry_list(request: AuthedRequest) -> HttpResponse:
    """The audit administrator's searches are audited too (who looked for what)."""
    can_read_audit(request.user).require()
    form, entries, filters = _filtered(request)
    page = Paginator(entries.select_related(None), 50).get_page(request.GET.get("page"))
    with transaction.atomic():
        audit_record(
            actor=request.user,
            verb="audit.read",
            target_type="audit.auditentry",
            target_repr="审计日志查询",
            after={
                "filters": _filters_jsonable(filters),
                "page": page.number,
                "rows": page.paginator.count,
            },
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "chain": chain_state_for(request.user),
        },
    )


@login_required
@chinese_document
def entry_export(request: AuthedRequest) -> HttpResponse:
    """Export is itself audited (who exported what, with which filters)."""
    can_read_audit(request.user).require()
    _, entries, filters = _filtered(request)
    rows = list(entries[:EXPORT_LIMIT])
    with transaction.atomic():
        audit_record(
            actor=request.user,
            verb=Verb.EXPORT,
            target_type="audit.auditentry",
            target_repr=f"审计日志导出（{len(rows)} 条）",
            after={"filters": _filters_jsonable(filters), "rows": len(rows)},
        )
    content = entries_to_xlsx(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    region = require_acting(request.user).region  # the log of the region the admin acts for
    return attachment(content, f"审计日志-{stamp}.xlsx", f"audit-{stamp}.xlsx", region=region)
