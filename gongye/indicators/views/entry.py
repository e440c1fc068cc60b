"""Pages for target figures (issue 5 items 1, 3, 4): the owner's entry form, the plan office's
approval list and target set-up, the statistics bureau's template and upload.

Plans come from ``plans.selectors.plan_get_for`` (out of scope → 404); each page then asks the
permission rule (not allowed → 403). Every write goes through a service.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongye.core.dates import month_name
from gongye.core.forms import StyledFormMixin, add_service_errors, model_choice_field
from gongye.core.http import AuthedRequest, attachment, chinese_document
from gongye.core.sheets import DEFAULT_LIMITS, MB
from gongye.core.uploads import too_large
from gongye.indicators import services
from gongye.indicators.choices import ObservationMeasure, ObservationStatus
from gongye.indicators.models import Observation
from gongye.indicators.permissions import (
    can_import_statistics,
    can_manage_plan_targets,
    can_manage_targets,
    can_record_observation,
    can_record_some_part,
)
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Unit
from gongye.plans.models import Plan, Target, Task
from gongye.plans.selectors import plan_get_for

if TYPE_CHECKING:
    from gongye.accounts.models import User


def _require_office(user: User, plan: Plan) -> None:
    can_manage_plan_targets(user, plan).require()


def _target_in(plan: Plan, pk: int | str) -> Target:
    return get_object_or_404(plan.targets.filter(is_active=True), pk=pk)


def _target_for(user: User, pk: int) -> Target:
    return get_object_or_404(Target.objects.in_scope(user).select_related("plan__region"), pk=pk)


# --------------------------------------------------------------------------- figure entry


def _month_choices() -> list[tuple[int, str]]:
    """The months, named in the page's language (called when the form is built)."""
    return [(m, month_name(m)) for m in range(1, 13)]


class ObservationForm(StyledFormMixin, forms.Form):
    target = forms.ModelChoiceField(label=_("指标"), queryset=Target.objects.none())
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, choices=_month_choices)
    measure = forms.ChoiceField(label=_("口径"), choices=ObservationMeasure.choices)
    value = forms.DecimalField(label=_("数值"), max_digits=18, decimal_places=4)
    part_unit = forms.ModelChoiceField(
        label=_("分解单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("（全县合计）"),
        help_text=_("填报分解到乡镇、开发区的部分时选择承担单位；填报全县数据时留空。"),
    )
    baseline = forms.DecimalField(
        label=_("上年基数"),
        max_digits=18,
        decimal_places=4,
        required=False,
        help_text=_("期末值填上年末数，位次填上年位次；其他口径可不填。"),
    )

    def __init__(
        self, *args: Any, targets: QuerySet[Target], part_units: QuerySet[Unit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "target").queryset = targets
        model_choice_field(self, "part_unit").queryset = part_units
        if not part_units.exists():
            del self.fields["part_unit"]


@login_required
def figures(request: AuthedRequest) -> HttpResponse:
    """指标数据 in the navigation: the page this person works on for the county's current plan
    — the plan office's approval list, everyone else's entry form."""
    from gongye.core.roles import Role
    from gongye.core.scope import require_acting
    from gongye.indicators.permissions import can_work_on_figures
    from gongye.indicators.selectors.home import current_plan_of

    can_work_on_figures(request.user).require()
    plan = current_plan_of(request.user)
    if plan is None:
        messages.info(request, _("本区划尚无县级工作计划。"))
        return redirect("front:home")
    if require_acting(request.user).role == Role.PLAN_OFFICE:
        return redirect("indicators:review_list", plan_pk=plan.pk)
    return redirect("indicators:observation_enter", plan_pk=plan.pk)


@login_required
def observation_enter(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, plan_pk)
    allowed = [
        t.pk
        for t in plan.targets.filter(is_active=True).select_related("plan__region", "owner")
        if can_record_observation(request.user, t).allowed or can_record_some_part(request.user, t)
    ]
    if not allowed:
        raise PermissionDenied(_("只有指标责任单位的联络员或统计局可以填报指标数据。"))
    targets = Target.objects.filter(pk__in=allowed).order_by("seq")
    part_units = (
        Unit.objects.filter(target_parts__target__in=targets)
        .distinct()
        .order_by("sort_order", "name")
    )
    form = ObservationForm(request.POST or None, targets=targets, part_units=part_units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_record(
                actor=request.user,
                target=data["target"],
                year=plan.year,
                month=data["month"],
                measure=data["measure"],
                value=data["value"],
                baseline=data["baseline"],
                part_unit=data.get("part_unit"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已提交，等待督办（计划办）审核。"))
            return redirect("indicators:observation_enter", plan_pk=plan.pk)
    mine = Observation.objects.filter(target__in=targets).select_related("target", "part_unit")
    return render(
        request,
        "indicators/entry/observation_form.html",
        {"plan": plan, "form": form, "recent": mine.order_by("-entered_at")[:20]},
    )


# --------------------------------------------------------------------------- approval


@login_required
def review_list(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, plan_pk)
    _require_office(request.user, plan)
    pending = (
        Observation.objects.filter(target__plan=plan, status=ObservationStatus.PENDING)
        .select_related("target", "entered_by", "part_unit")
        .order_by("target__seq", "month")
    )
    return render(request, "indicators/entry/review_list.html", {"plan": plan, "pending": pending})


@login_required
@require_POST
def observation_review(request: AuthedRequest, pk: int) -> HttpResponse:
    observation = get_object_or_404(
        Observation.objects.in_scope(request.user).select_related("target__plan__region"), pk=pk
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.observation_review(actor=request.user, observation=observation, approve=approve)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已通过。") if approve else _("已退回。"))
    return redirect("indicators:review_list", plan_pk=observation.target.plan_id)


# --------------------------------------------------------------------------- statistics bureau


class StatisticsUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("填好的统计数据表（.xlsx）"))


@login_required
@chinese_document
def statistics_template_download(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, plan_pk)
    can_import_statistics(request.user, plan).require()
    return attachment(
        services.statistics_template_export(actor=request.user, plan=plan),
        f"{plan.year}年指标统计数据表.xlsx",
        f"statistics-{plan.year}.xlsx",
        region=plan.region,
    )


@login_required
def statistics_upload(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, plan_pk)
    can_import_statistics(request.user, plan).require()
    form = StatisticsUploadForm(request.POST or None, request.FILES or None)
    cell_errors: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = DEFAULT_LIMITS.max_bytes
        try:  # the size from the upload's metadata, before a byte is read
            if too_large(upload, limit):
                raise ValidationError(
                    _("文件“%(name)s”超过 %(limit)s MB，已拒收。")
                    % {"name": upload.name, "limit": limit // MB}
                )
            written = services.statistics_import(
                actor=request.user, plan=plan, data=upload.read(), filename=upload.name
            )
        except ValidationError as error:
            cell_errors = error.messages
            status = 400
        else:
            messages.success(request, (_("已导入 %(count)s 个数据。") % {"count": len(written)}))
            return redirect("indicators:statistics_upload", plan_pk=plan.pk)
    return render(
        request,
        "indicators/entry/statistics_upload.html",
        {"plan": plan, "form": form, "cell_errors": cell_errors},
        status=status,
    )


# --------------------------------------------------------------------------- target set-up


@login_required
def target_setup(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, plan_pk)
    _require_office(request.user, plan)
    targets = list(
        plan.targets.filter(is_active=True)
        .select_related("owner__unit")
        .prefetch_related("parts__unit", "task_links__task")
        .order_by("seq")
    )
    suggestions: dict[int, list[tuple[Task, Decimal]]] = {}
    for target, task, score in services.task_links_suggest(plan):
        suggestions.setdefault(target.pk, []).append((task, score))
    units = Unit.objects.filter(region=plan.region, is_active=True).exclude(kind=UnitKind.GROUP)
    rows = [
        {
            "target": t,
            "parts": {p.unit_id: p.value for p in t.parts.all()},
            "links": {link.task_id: link for link in t.task_links.all()},
            "suggested": suggestions.get(t.pk, []),
        }
        for t in targets
    ]
    return render(
        request,
        "indicators/entry/target_setup.html",
        {
            "plan": plan,
            "rows": rows,
            "units": units.order_by("sort_order", "name"),
            "part_units": units.filter(kind__in=services.PART_KINDS).order_by("sort_order"),
        },
    )


def _setup_redirect(target: Target) -> HttpResponse:
    url = reverse("indicators:target_setup", kwargs={"plan_pk": target.plan_id})
    return redirect(f"{url}#target-{target.pk}")


@login_required
@require_POST
def owner_set(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _target_for(request.user, pk)
    can_manage_targets(request.user, target).require()
    unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first()
    if unit is None:
        messages.error(request, _("请选择责任单位。"))
        return _setup_redirect(target)
    try:
        services.target_owner_set(actor=request.user, target=target, unit=unit)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (
                _("“%(name)s”的责任单位已设为%(name2)s。")
                % {"name": target.name, "name2": unit.name}
            ),
        )
    return _setup_redirect(target)


@login_required
@require_POST
def parts_set(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _target_for(request.user, pk)
    can_manage_targets(request.user, target).require()
    parts: dict[Unit, Decimal] = {}
    bad: list[str] = []
    candidates = Unit.objects.filter(region=target.plan.region, kind__in=services.PART_KINDS)
    for unit in candidates:
        raw = request.POST.get(f"part-{unit.pk}", "").strip()
        if not raw:
            continue
        try:
            parts[unit] = Decimal(raw)
        except InvalidOperation:
            bad.append(unit.name)
    if bad:
        messages.error(request, (_("%(units)s的分解值不是数字。") % {"units": _("、").join(bad)}))
        return _setup_redirect(target)
    try:
        services.target_parts_set(actor=request.user, target=target, parts=parts)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            (
                _("“%(name)s”已分解到 %(count)s 个单位。")
                % {"name": target.name, "count": len(parts)}
            ),
        )
    return _setup_redirect(target)


@login_required
@require_POST
def link_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _target_for(request.user, pk)
    can_manage_targets(request.user, target).require()
    task = get_object_or_404(Task, pk=request.POST.get("task") or 0, plan_id=target.plan_id)
    confirmed = request.POST.get("confirmed") == "1"
    try:
        services.task_link_confirm(
            actor=request.user, target=target, task=task, confirmed=confirmed
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已确认关联。") if confirmed else _("已标记为不相关。"))
    return _setup_redirect(target)
