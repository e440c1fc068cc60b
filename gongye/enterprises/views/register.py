"""Pages of the register part: the enterprise list (filters, 50 a page), one enterprise's page
(一企一档; every read recorded in the audit log), the plan office's create and edit forms,
pairing (一对一联系), linking accounts, the industry-chain settings, the region's summary.

Order of the checks: whoever may not read the register at all gets a 403; an enterprise out of
their sight a 404; in sight but not theirs to change a 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.contrib import sections_for
from gongye.core.forms import add_service_errors
from gongye.core.http import AuthedRequest
from gongye.core.scope import require_acting
from gongye.enterprises.models import EnterpriseAccount, IndustryChain
from gongye.enterprises.permissions import (
    can_manage_register,
    can_read_register,
    can_see_aggregates,
)
from gongye.enterprises.selectors import appeals as appeal_selectors
from gongye.enterprises.selectors import libraries as library_selectors
from gongye.enterprises.selectors import register as selectors
from gongye.enterprises.selectors.register_page import MEASURES, enterprise_page
from gongye.enterprises.services import register as services
from gongye.enterprises.views.register_forms import (
    AccountLinkForm,
    ChainForm,
    EnterpriseForm,
    FilterForm,
    PairForm,
)
from gongye.orgs.models import Unit


def _locations(region: Any) -> Any:
    return Unit.objects.filter(
        region=region, kind__in=services.LOCATION_KINDS, is_active=True
    ).order_by("sort_order", "name")


def _facts(form: EnterpriseForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in services.FACTS}


@login_required
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    can_read_register(request.user).require()
    own = selectors.own_enterprise_id(request.user)
    if own is not None:  # an enterprise user's 企业库 is its own enterprise's page
        return enterprise_detail(request, own)
    chains = selectors.chain_choices(request.user)
    form = FilterForm(
        request.GET or None,
        townships=selectors.township_choices(request.user),
        chains=chains,
    )
    filters = form.filters() if request.GET else selectors.EnterpriseFilters()
    enterprises = selectors.enterprise_list_for(request.user, filters)
    page = Paginator(enterprises, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.label_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/enterprise_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "detail_base": reverse("enterprises:enterprise_list"),
            "region_column": selectors.shows_region_column(request.user),
            "can_manage": bool(can_manage_register(request.user)),
            "can_aggregate": bool(can_see_aggregates(request.user)),
            "unlinked": selectors.is_enterprise_user(request.user),
        },
    )


@login_required
def enterprise_summary(request: AuthedRequest) -> HttpResponse:
    can_see_aggregates(request.user).require()
    return render(
        request,
        "enterprises/enterprise_summary.html",
        {"aggregates": selectors.aggregates_for(request.user)},
    )


@login_required
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_register(request.user).require()
    enterprise = selectors.enterprise_for(request.user, pk)
    services.enterprise_view_record(actor=request.user, enterprise=enterprise, what="page")
    page = enterprise_page(request.user, enterprise, request.GET.get("measure", ""))
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "page": page,
            "enterprise": enterprise,
            "measures": MEASURES,
            "library_entries": library_selectors.libraries_for_enterprise(request.user, enterprise),
            "appeals": appeal_selectors.appeals_for_enterprise(request.user, enterprise),
            # parts other apps add (the project register's projects): core.contrib
            "sections": sections_for("enterprise_sections", request.user, enterprise),
        },
    )


@login_required
def enterprise_create(request: AuthedRequest) -> HttpResponse:
    can_manage_register(request.user).require()
    region = require_acting(request.user).region
    form = EnterpriseForm(
        request.POST or None,
        townships=_locations(region),
        chains=IndustryChain.objects.filter(region=region),
    )
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(
                actor=request.user, region=region, facts=_facts(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("企业已登记。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": None})


@login_required
def enterprise_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_register(request.user).require()
    enterprise = selectors.enterprise_for(request.user, pk)
    can_manage_register(request.user).require()
    form = EnterpriseForm(
        request.POST or None,
        instance=enterprise,
        townships=_locations(enterprise.region),
        chains=IndustryChain.objects.filter(region=enterprise.region),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(
                actor=request.user, enterprise=enterprise, facts=_facts(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("企业信息已保存。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
def enterprise_pair(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_register(request.user).require()
    enterprise = selectors.enterprise_for(request.user, pk)
    can_manage_register(request.user).require()
    form = PairForm(
        request.POST or None,
        initial={"leader": enterprise.paired_leader_id, "unit": enterprise.paired_unit_id},
        leaders=services.leader_choices(enterprise.region),
        units=Unit.objects.filter(region=enterprise.region, is_active=True).order_by(
            "sort_order", "name"
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_pair(
                actor=request.user,
                enterprise=enterprise,
                leader=form.cleaned_data["leader"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("一对一联系已保存。"))
            return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "enterprises/enterprise_pair.html", {"form": form, "enterprise": enterprise}
    )


@login_required
def enterprise_accounts(request: AuthedRequest, pk: int) -> HttpResponse:
    can_read_register(request.user).require()
    enterprise = selectors.enterprise_for(request.user, pk)
    can_manage_register(request.user).require()
    form = AccountLinkForm(request.POST or None, users=services.account_choices(enterprise.region))
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_account_link(
                actor=request.user, enterprise=enterprise, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("账号已关联。"))
            return redirect("enterprises:enterprise_accounts", pk=enterprise.pk)
    accounts = enterprise.accounts.select_related("user").order_by("created_at")
    return render(
        request,
        "enterprises/enterprise_accounts.html",
        {"form": form, "enterprise": enterprise, "accounts": accounts},
    )


@login_required
@require_POST
def enterprise_account_unlink(request: AuthedRequest, pk: int, account: int) -> HttpResponse:
    can_read_register(request.user).require()
    enterprise = selectors.enterprise_for(request.user, pk)
    can_manage_register(request.user).require()
    found = get_object_or_404(EnterpriseAccount, pk=account, enterprise=enterprise)
    services.enterprise_account_unlink(actor=request.user, account=found)
    messages.success(request, _("已解除账号关联。"))
    return redirect("enterprises:enterprise_accounts", pk=enterprise.pk)


@login_required
def chain_list(request: AuthedRequest) -> HttpResponse:
    """The region's industry chains, and a form for a new one."""
    can_manage_register(request.user).require()
    region = require_acting(request.user).region
    form = ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.industry_chain_save(
                actor=request.user,
                region=region,
                name=form.cleaned_data["name"],
                is_leading=form.cleaned_data["is_leading"],
                links=form.link_list(),
                sort_order=form.cleaned_data["sort_order"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("产业链已保存。"))
            return redirect("enterprises:enterprise_chain_list")
    chains = IndustryChain.objects.in_scope(request.user).select_related("region")
    return render(request, "enterprises/enterprise_chains.html", {"form": form, "chains": chains})


@login_required
def chain_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    can_manage_register(request.user).require()
    chain = get_object_or_404(IndustryChain.objects.in_scope(request.user), pk=pk)
    form = ChainForm(request.POST or None, initial=ChainForm.initial_for(chain))
    if request.method == "POST" and form.is_valid():
        try:
            services.industry_chain_save(
                actor=request.user,
                region=chain.region,
                chain=chain,
                name=form.cleaned_data["name"],
                is_leading=form.cleaned_data["is_leading"],
                links=form.link_list(),
                sort_order=form.cleaned_data["sort_order"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("产业链已保存。"))
            return redirect("enterprises:enterprise_chain_list")
    return render(request, "enterprises/enterprise_chain_edit.html", {"form": form, "chain": chain})


urlpatterns = [
    path("", enterprise_list, name="enterprise_list"),
    path("new/", enterprise_create, name="enterprise_create"),
    path("summary/", enterprise_summary, name="enterprise_summary"),
    path("chains/", chain_list, name="enterprise_chain_list"),
    path("chains/<id:pk>/edit/", chain_edit, name="enterprise_chain_edit"),
    path("<id:pk>/", enterprise_detail, name="enterprise_detail"),
    path("<id:pk>/edit/", enterprise_edit, name="enterprise_edit"),
    path("<id:pk>/pair/", enterprise_pair, name="enterprise_pair"),
    path("<id:pk>/accounts/", enterprise_accounts, name="enterprise_accounts"),
    path(
        "<id:pk>/accounts/<id:account>/unlink/",
        enterprise_account_unlink,
        name="enterprise_account_unlink",
    ),
]
