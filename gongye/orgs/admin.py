"""An admin for the unit register, for the plan office. It goes through the same scoping,
permission rules and services (so the audit log) as the pages; it never deletes (a unit that
is no longer used is deactivated, so history keeps its name)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from gongye.core.http import request_user
from gongye.core.scope import require_acting
from gongye.orgs import selectors, services
from gongye.orgs.models import Region, Unit
from gongye.orgs.permissions import can_manage_units, can_view_unit_register

_View = TypeVar("_View", bound=Callable[..., Any])


class GongyeAdminSite(admin.AdminSite):
    site_header = _("Gongye 工业 · 名录维护")
    site_title = _("Gongye 名录维护")
    index_title = _("单位名录")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_authenticated
            and user.acting is not None
            and can_manage_units(user, user.acting.region)
        )

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied(_("只有督办（计划办）可以进入名录维护后台。"))
            return inner(request, *args, **kwargs)

        return cast("_View", update_wrapper(guarded, inner))  # the wrapper takes view's arguments

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One login page for the whole platform; a signed-in person without the right
        gets a 403 that says why, not the admin's own login form."""
        if request.user.is_authenticated:
            raise PermissionDenied(_("只有督办（计划办）可以进入名录维护后台。"))
        return redirect_to_login(request.get_full_path())


admin_site = GongyeAdminSite(name="gongye_admin")


class UnitAdminForm(forms.ModelForm):
    aliases_text = forms.CharField(
        label=_("别名"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个，或用顿号、逗号分隔。"),
    )

    class Meta:
        model = Unit
        fields = ["name", "full_name", "kind", "sort_order", "is_active", "members"]

    request: HttpRequest  # set by UnitAdmin.get_form on the class it builds per request

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases_text"].initial = "\n".join(
                self.instance.aliases.values_list("name", flat=True)
            )

    def clean_aliases_text(self) -> list[str]:
        raw = self.cleaned_data.get("aliases_text", "")
        return [a.strip() for a in re.split(r"[\n\r、，,；;]+", raw) if a.strip()]

    def _post_clean(self) -> None:  # the service validates; skip the ModelForm's own write
        pass

    def clean(self) -> dict[str, Any]:
        """Runs the real service in a savepoint that is always rolled back, so the user sees
        the service's own validation messages on the form instead of an error page."""
        super().clean()
        data = self.cleaned_data  # what ModelForm.clean returns
        if self.errors:
            return data
        try:
            with transaction.atomic():
                apply_unit(self.request, self.instance.pk, data)
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


class _DryRun(Exception):
    pass


def apply_unit(request: HttpRequest, pk: int | None, data: dict[str, Any]) -> Unit:
    user = request_user(request)  # the admin site lets in signed-in plan offices only
    if pk:
        return services.unit_update(
            actor=user,
            unit=Unit.objects.get(pk=pk),
            name=data["name"],
            full_name=data["full_name"],
            kind=data["kind"],
            sort_order=data["sort_order"],
            is_active=data["is_active"],
            aliases=data["aliases_text"],
            members=list(data["members"]),
        )
    return services.unit_create(
        actor=user,
        region=require_acting(user).region,
        name=data["name"],
        kind=data["kind"],
        full_name=data["full_name"],
        aliases=data["aliases_text"],
        members=list(data["members"]),
        sort_order=data["sort_order"],
    )


@admin.register(Unit, site=admin_site)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["name", "full_name", "kind", "region", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "full_name", "aliases__name"]
    filter_horizontal = ["members"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return selectors.unit_list_for(request_user(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(can_view_unit_register(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        region = obj.region if obj is not None else require_acting(request.user).region
        return bool(can_manage_units(request.user, region))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "members":
            kwargs["queryset"] = Unit.objects.filter(region=require_acting(request.user).region)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Unit | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Unit]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def save_model(
        self, request: HttpRequest, obj: Unit, form: forms.ModelForm[Unit], change: bool
    ) -> None:
        saved = apply_unit(request, obj.pk if change else None, form.cleaned_data)
        obj.pk = saved.pk

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm[Unit], formsets: Any, change: bool
    ) -> None:
        pass  # members and aliases were written by the service


@admin.register(Region, site=admin_site)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    search_fields = ["code", "name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return selectors.region_list_for(request_user(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(can_view_unit_register(request.user))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
