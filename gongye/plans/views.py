from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.scope import acting_of, require_acting
from gongye.core.uploads import too_large
from gongye.orgs.models import Unit
from gongye.plans import selectors, services
from gongye.plans.exports import CONTENT_TYPES, TABLES, plan_export
from gongye.plans.forms import PlanUploadForm, ResolveNameForm
from gongye.plans.permissions import can_import_plan, can_view_plans


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    can_view_plans(request.user).require()
    acting = require_acting(request.user)
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list_for(request.user),
            "can_import": can_import_plan(request.user, acting.region).allowed,
        },
    )


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for(request.user, pk)
    can_view_plans(request.user).require()
    unit_id = request.GET.get("unit", "")
    month = request.GET.get("month", "")
    tasks = selectors.task_list_for_plan(
        plan,
        unit_id=int(unit_id) if unit_id.isdigit() else None,
        month=int(month) if month.isdigit() else None,
    )
    units = Unit.objects.filter(task_duties__task__plan=plan).distinct().order_by("sort_order")
    # the plan is the county's published document: every reader sees all of it (page and
    # exports); the 督办 pages of a task — reports, evidence — stay with the units that carry
    # it and the region's roles. A unit's reader sees its own duties marked.
    mine = selectors.task_ids_of_unit(request.user, plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "periods": selectors.tasks_by_period(tasks),
            "task_total": len(tasks),
            "targets": selectors.target_list_for_plan(plan),
            "checkpoints": selectors.checkpoint_list(plan.checkpoints),
            "units": units,
            "unit_id": unit_id,
            "month": month,
            "months": range(1, 13),
            "can_import": can_import_plan(request.user, plan.region).allowed,
            "mine": mine,
        },
    )


@login_required
@chinese_document
def plan_export_view(request: AuthedRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    plan = selectors.plan_get_for(request.user, pk)
    can_view_plans(request.user).require()
    if (table, fmt) not in TABLES:
        raise Http404
    content = plan_export(actor=request.user, plan=plan, table=table, fmt=fmt)
    name = {"tasks": _("重点工作明细表"), "targets": _("主要目标")}[table]
    return attachment(
        content,
        f"{plan.year}年{name}.{fmt}",
        f"{plan.year}-{table}.{fmt}",
        CONTENT_TYPES[fmt],
        region=plan.region,
    )


@login_required
def import_upload(request: AuthedRequest) -> HttpResponse:
    acting = acting_of(request.user)
    region = acting.region if acting is not None else None
    if region is None:
        can_view_plans(request.user).require()
    can_import_plan(request.user, region).require()
    assert region is not None  # can_import_plan denies a missing region
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        if too_large(upload, services.MAX_UPLOAD_BYTES):
            form.add_error("document", (_("文件“%(name)s”超过 20 MB。") % {"name": upload.name}))
        else:
            try:
                record = services.plan_import_upload(
                    actor=request.user, region=region, filename=upload.name, data=upload.read()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("plans:import_preview", pk=record.pk)
    return render(request, "plans/import_upload.html", {"form": form, "region": region})


@login_required
def import_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.plan_import_get_for(request.user, pk)
    preview = selectors.import_preview_for(request.user, record)
    units = Unit.objects.filter(region=record.region, is_active=True).order_by("sort_order")
    # each unknown name with the form that maps it to a unit or makes it one
    unknowns = [
        (unknown, ResolveNameForm(initial={"name": unknown.name}, units=units, prefix=f"n{i}"))
        for i, unknown in enumerate(preview.unknown_units)
    ]
    return render(
        request,
        "plans/import_preview.html",
        {"record": record, "preview": preview, "unknowns": unknowns},
    )


@login_required
@require_POST
def import_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.plan_import_get_for(request.user, pk)
    can_import_plan(request.user, record.region).require()
    prefix = request.POST.get("prefix", "")
    units = Unit.objects.filter(region=record.region, is_active=True)
    form = ResolveNameForm(request.POST, units=units, prefix=prefix)
    if form.is_valid():
        try:
            services.plan_import_resolve_name(
                actor=request.user,
                record=record,
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                new_kind=form.cleaned_data["new_kind"] or None,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request, (_("已处理单位名称“%(name)s”。") % {"name": form.cleaned_data["name"]})
            )
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("plans:import_preview", pk=record.pk)


@login_required
@require_POST
def import_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.plan_import_get_for(request.user, pk)
    can_import_plan(request.user, record.region).require()
    try:
        result = services.plan_import_apply(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("plans:import_preview", pk=record.pk)
    t = result.tasks
    messages.success(
        request,
        (
            _(
                "导入完成：重点工作新增 %(added)s、修改 %(changed)s、未变 %(unchanged)s、撤销 %(removed)s 项。"
            )
            % {
                "added": t["added"],
                "changed": t["changed"],
                "unchanged": t["unchanged"],
                "removed": t["removed"],
            }
        ),
    )
    return redirect("plans:plan_detail", pk=result.plan.pk)


@login_required
@require_POST
def import_discard(request: AuthedRequest, pk: int) -> HttpResponse:
    record = selectors.plan_import_get_for(request.user, pk)
    can_import_plan(request.user, record.region).require()
    try:
        services.plan_import_discard(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.info(request, _("已放弃这次导入。"))
    return redirect("plans:plan_list")
