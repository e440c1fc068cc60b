"""Pages of the register: the cultivation libraries (培育库). The overview, one library's
members with its criteria, an entry with its history and the steps the person may take, the
plan office's suggestions queue, the form to propose or record an entry, a library's settings.
Views parse input, call one service or selector, and render."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.params import MAX_ID
from gongye.enterprises import credit_code
from gongye.enterprises.library_choices import EntryAction, EntryStatus
from gongye.enterprises.library_forms import (
    BULK_ACTIONS,
    EntryAddForm,
    LibraryEditForm,
    MembersFilterForm,
    StepForm,
)
from gongye.enterprises.library_permissions import (
    can_add_entry,
    can_manage_libraries,
    can_propose_any,
    can_view_libraries,
)
from gongye.enterprises.permissions import can_read_register
from gongye.enterprises.selectors import libraries as selectors
from gongye.enterprises.services import libraries as services
from gongye.enterprises.services.library_suggestions import library_suggestions_recompute

_ID = re.compile(r"[0-9]{1,19}")


def _id(raw: Any) -> int | None:
    raw = str(raw or "")
    if not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def _ensure(request: AuthedRequest) -> None:
    county = selectors.county_of(request.user)
    if county is not None:
        services.libraries_ensure(region=county, actor=request.user)


@login_required
def library_list(request: AuthedRequest) -> HttpResponse:
    can_view_libraries(request.user).require()
    _ensure(request)
    rows = selectors.library_overview_for(request.user)
    return render(
        request,
        "enterprises/library_list.html",
        {
            "rows": rows,
            "manages": can_manage_libraries(request.user).allowed,
            "proposes": can_propose_any(request.user).allowed,
            "suggested": sum(r.suggested for r in rows),
        },
    )


@login_required
def library_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    library = selectors.library_get_for(request.user, pk)
    can_view_libraries(request.user).require()
    form = MembersFilterForm(request.GET or None, library=library)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.library_entries_for(
        request.user,
        library,
        status=filters.get("status", ""),
        stage=filters.get("stage", ""),
        tag=filters.get("tag", ""),
        q=(filters.get("q") or "").strip(),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/library_detail.html",
        {
            "library": library,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "manages": can_manage_libraries(request.user).allowed,
        },
    )


@login_required
def library_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    library = selectors.library_get_for(request.user, pk)
    can_manage_libraries(request.user).require()
    initial = {
        "name": library.name,
        "criteria": library.criteria,
        "suggests": library.suggests,
        **{f"setting_{k}": v for k, v in library.settings.items()},
    }
    form = LibraryEditForm(request.POST or None, library=library, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.library_configure(
                actor=request.user,
                library=library,
                name=form.cleaned_data["name"],
                criteria=form.cleaned_data["criteria"],
                suggests=form.cleaned_data["suggests"],
                settings=form.settings_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("培育库设置已保存。"))
            return redirect("enterprises:library_detail", pk=library.pk)
    return render(request, "enterprises/library_edit.html", {"library": library, "form": form})


@login_required
def library_entry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for(request.user, pk)
    can_read_register(request.user).require()  # the enterprise's own user too (its page links here)
    actions = selectors.entry_actions(request.user, entry)
    return render(
        request,
        "enterprises/library_entry.html",
        {
            "entry": entry,
            "library": entry.library,
            "history": selectors.entry_history(entry),
            "actions": actions,
            "form": StepForm(library=entry.library, initial={"tags": entry.tags}),
            "statuses": EntryStatus,
            "reads_libraries": can_view_libraries(request.user).allowed,
        },
    )


@login_required
@require_POST
def library_entry_step(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    entry = selectors.entry_get_for(request.user, pk)
    can_manage_libraries(request.user).require()
    back = request.POST.get("next") == "suggestions"
    target = (
        redirect("enterprises:library_suggestions")
        if back
        else redirect("enterprises:library_entry_detail", pk=entry.pk)
    )
    if action not in EntryAction.values:
        messages.error(request, _("未知的操作。"))
        return target
    form = StepForm(request.POST, library=entry.library)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return target
    data = form.cleaned_data
    try:
        services.library_entry_step(
            actor=request.user,
            entry=entry,
            action=action,
            stage=data["stage"],
            tags=data["tags"] if "tags" in request.POST or action == EntryAction.MOVE else None,
            reason=data["reason"],
            on=data["on"],
            method=data["method"],
            result=data["result"],
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已办理：%(action)s。") % {"action": EntryAction(action).label})
    return target


@login_required
def library_suggestions(request: AuthedRequest) -> HttpResponse:
    can_manage_libraries(request.user).require()
    _ensure(request)
    library_id = _id(request.GET.get("library"))
    rows = selectors.suggestions_for(request.user, library=library_id)
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [i for i in (_id(v) for v in request.POST.getlist("entries")) if i]
        chosen = list(selectors.suggestions_for(request.user).filter(pk__in=ids[:500]))
        if action not in BULK_ACTIONS:
            messages.error(request, _("请选择“确认入库”或“不予采纳”。"))
        elif not chosen:
            messages.error(request, _("请至少选择一条建议。"))
        else:
            try:
                done = services.library_entries_decide(
                    actor=request.user,
                    entries=chosen,
                    action=action,
                    reason=request.POST.get("reason", "")[:2000],
                )
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(
                    request,
                    _("已办理 %(n)s 条：%(action)s。")
                    % {"n": done, "action": EntryAction(action).label},
                )
        return redirect(request.get_full_path())
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/library_suggestions.html",
        {
            "page": page,
            "libraries": selectors.libraries_in_scope(request.user),
            "library_id": library_id,
        },
    )


@login_required
@require_POST
def library_recompute(request: AuthedRequest) -> HttpResponse:
    can_manage_libraries(request.user).require()
    county = selectors.county_of(request.user)
    if county is None:
        messages.error(request, _("请以县（区）的身份计算入库建议。"))
    else:
        added = library_suggestions_recompute(region=county)
        messages.success(request, _("已重新计算，新增 %(n)s 条入库建议。") % {"n": added})
    return redirect("enterprises:library_suggestions")


def _find_enterprise(request: AuthedRequest, text: str) -> Any:
    visible = selectors.enterprise_choices_for(request.user)
    text = (text or "").strip()
    code = credit_code.normalise(text)
    return (
        visible.filter(credit_code=code).first() if len(code) == 18 else None
    ) or visible.filter(name=text).first()


@login_required
def library_entry_create(request: AuthedRequest) -> HttpResponse:
    can_propose_any(request.user).require()
    _ensure(request)
    libraries = selectors.libraries_in_scope(request.user)
    initial: dict[str, Any] = {"library": _id(request.GET.get("library"))}
    preset = _id(request.GET.get("enterprise"))
    if preset:
        found = selectors.enterprise_choices_for(request.user).filter(pk=preset).first()
        if found is not None:
            initial["enterprise"] = found.credit_code
    form = EntryAddForm(request.POST or None, libraries=libraries, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = _find_enterprise(request, data["enterprise"])
        if enterprise is None:
            form.add_error("enterprise", _("未找到该企业，请核对统一社会信用代码或企业全称。"))
        elif not (decision := can_add_entry(request.user, enterprise)):
            form.add_error("enterprise", str(decision.reason))
        else:
            try:
                entry = services.library_entry_add(
                    actor=request.user,
                    library=data["library"],
                    enterprise=enterprise,
                    stage=data["stage"],
                    reason=data["reason"],
                    on=data["on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if entry.status == EntryStatus.SUGGESTED:
                    messages.success(request, _("已推荐，等待督办（计划办）确认。"))
                else:
                    messages.success(request, _("已登记入库。"))
                return redirect("enterprises:library_entry_detail", pk=entry.pk)
    return render(
        request,
        "enterprises/library_entry_form.html",
        {
            "form": form,
            "libraries": libraries,
            "manages": can_manage_libraries(request.user).allowed,
        },
    )


urlpatterns: list[URLPattern] = [
    path("libraries/", library_list, name="library_list"),
    path("libraries/<id:pk>/", library_detail, name="library_detail"),
    path("libraries/<id:pk>/edit/", library_edit, name="library_edit"),
    path("libraries/suggestions/", library_suggestions, name="library_suggestions"),
    path("libraries/suggestions/recompute/", library_recompute, name="library_recompute"),
    path("libraries/entries/new/", library_entry_create, name="library_entry_create"),
    path("libraries/entries/<id:pk>/", library_entry_detail, name="library_entry_detail"),
    path(
        "libraries/entries/<id:pk>/<slug:action>/",
        library_entry_step,
        name="library_entry_step",
    ),
]
