from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.scope import require_acting
from gongye.orgs import selectors, services
from gongye.orgs.choices import UnitKind
from gongye.orgs.forms import UnitForm
from gongye.orgs.models import Region, Unit
from gongye.orgs.permissions import can_manage_units, can_view_unit_register


@login_required
def region_list(request: AuthedRequest) -> HttpResponse:
    can_view_unit_register(request.user).require()
    regions = selectors.region_list_for(request.user)
    return render(request, "orgs/region_list.html", {"regions": regions})


@login_required
def region_detail(request: AuthedRequest, code: str) -> HttpResponse:
    region = selectors.region_get_for(request.user, code)
    can_view_unit_register(request.user).require()
    units = selectors.unit_list_for(request.user, region_code=code)
    children = selectors.region_list_for(request.user).filter(parent=region)
    return render(
        request,
        "orgs/region_detail.html",
        {
            "region": region,
            "units": units,
            "children": children,
            "can_manage": can_manage_units(request.user, region).allowed,
        },
    )


@login_required
def unit_list(request: AuthedRequest) -> HttpResponse:
    can_view_unit_register(request.user).require()
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    region_code = request.GET.get("region", "")
    units = selectors.unit_list_for(
        request.user, q=q or None, kind=kind or None, region_code=region_code or None
    )
    acting = require_acting(request.user)
    template = "orgs/_unit_rows.html" if request.htmx else "orgs/unit_list.html"
    return render(
        request,
        template,
        {
            "units": units,
            "q": q,
            "kind": kind,
            "region_code": region_code,
            "kinds": UnitKind.choices,
            "regions": selectors.region_list_for(request.user),
            "can_manage": can_manage_units(request.user, acting.region).allowed,
        },
    )


@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for(request.user, pk)
    can_view_unit_register(request.user).require()
    liaisons = unit.assignments.filter(is_active=True).select_related("user")
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "liaisons": liaisons,
            "can_manage": can_manage_units(request.user, unit.region).allowed,
        },
    )


def _form_response(
    request: AuthedRequest,
    form: UnitForm,
    unit: Unit | None = None,
    region: Region | None = None,
) -> HttpResponse:
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit, "region": region})


@login_required
def unit_create(request: AuthedRequest) -> HttpResponse:
    if request.user.acting is None:
        can_view_unit_register(request.user).require()  # denies, saying the role is missing
    region = require_acting(request.user).region
    can_manage_units(request.user, region).require()
    member_choices = Unit.objects.filter(region=region).exclude(kind=UnitKind.GROUP)
    form = UnitForm(request.POST or None, member_choices=member_choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.unit_create(
                actor=request.user,
                region=region,
                name=data["name"],
                kind=data["kind"],
                full_name=data["full_name"],
                aliases=data["aliases"],
                members=list(data["members"]),
                sort_order=data["sort_order"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, (_("已新增单位：%(name)s") % {"name": unit.name}))
            return redirect("orgs:unit_detail", pk=unit.pk)
    return _form_response(request, form, region=region)


@login_required
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for(request.user, pk)
    can_manage_units(request.user, unit.region).require()
    member_choices = Unit.objects.filter(region=unit.region).exclude(kind=UnitKind.GROUP)
    initial = {
        "name": unit.name,
        "full_name": unit.full_name,
        "kind": unit.kind,
        "aliases": "\n".join(a.name for a in unit.aliases.all()),
        "members": list(unit.members.all()),
        "sort_order": unit.sort_order,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, member_choices=member_choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                name=data["name"],
                full_name=data["full_name"],
                kind=data["kind"],
                aliases=data["aliases"],
                members=list(data["members"]),
                sort_order=data["sort_order"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("单位已保存。"))
            return redirect("orgs:unit_detail", pk=unit.pk)
    return _form_response(request, form, unit=unit, region=unit.region)
