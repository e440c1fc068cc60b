"""``/api/v1/enterprises/…``: the cultivation libraries. The same rules as the pages: out of
scope → 404 (the selectors), in scope but not allowed → 403, bad input → 400 in Chinese; every
write goes through one service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import gongye.core.params  # noqa: F401  (registers the <id:…> path converter)
from gongye.core.http import request_user
from gongye.core.params import query_params
from gongye.enterprises.api.library_serializers import (
    EntryCreateSerializer,
    EntryFilterSerializer,
    EntryStepSerializer,
    LibraryEntrySerializer,
    LibrarySerializer,
)
from gongye.enterprises.library_permissions import (
    can_add_entry,
    can_manage_libraries,
    can_propose_any,
    can_view_libraries,
)
from gongye.enterprises.permissions import can_read_register, enterprises_visible_to
from gongye.enterprises.selectors import libraries as selectors
from gongye.enterprises.services import libraries as services


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validates with DRF but answers as the services do (a Django ValidationError): the 400
    carries the Chinese messages per field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise DjangoValidationError(
            {
                str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
                for name, msgs in serializer.errors.items()
            }
        )
    return dict(serializer.validated_data)


def _entry_out(user: Any, pk: int) -> Any:
    return LibraryEntrySerializer(selectors.entry_get_for(user, pk)).data


class LibraryListView(APIView):
    @extend_schema(
        operation_id="enterprise_library_list",
        responses=LibrarySerializer(many=True),
        summary="培育库列表",
        description="本区划的培育库：名称、入库标准、培育阶段、建议规则参数。",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_view_libraries(user).require()
        county = selectors.county_of(user)
        if county is not None:
            services.libraries_ensure(region=county, actor=user)
        return Response(LibrarySerializer(selectors.libraries_in_scope(user), many=True).data)


class LibraryEntriesView(APIView):
    @extend_schema(
        responses=LibraryEntrySerializer(many=True),
        parameters=[EntryFilterSerializer],
        summary="培育库的企业",
        description="一个培育库中您可见的企业（默认在库的；status 可选其他状态），可按阶段筛选。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        library = selectors.library_get_for(user, pk)
        can_view_libraries(user).require()
        filters = query_params(request, EntryFilterSerializer)
        rows = selectors.library_entries_for(
            user, library, status=filters.get("status", ""), stage=filters.get("stage", "")
        )
        return Response(LibraryEntrySerializer(rows[:1000], many=True).data)


class EnterpriseLibrariesView(APIView):
    @extend_schema(
        operation_id="enterprise_libraries_of_enterprise",
        responses=LibraryEntrySerializer(many=True),
        summary="企业的培育库记录",
        description="一家企业在各培育库的记录（在库和历史）；企业用户看不到待确认和不予采纳的建议。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        enterprise = enterprises_visible_to(user).filter(pk=pk).first()
        if enterprise is None:
            raise Http404
        can_read_register(user).require()
        rows = selectors.libraries_for_enterprise(user, enterprise)
        return Response(LibraryEntrySerializer(rows, many=True).data)


class EntryCreateView(APIView):
    @extend_schema(
        request=EntryCreateSerializer,
        responses={201: LibraryEntrySerializer},
        summary="登记或推荐入库",
        description="督办（计划办）登记即入库；企业所在乡镇（园区）的联络员推荐，待督办确认。",
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        can_propose_any(user).require()
        values = _validated(EntryCreateSerializer, request.data)
        enterprise = enterprises_visible_to(user).filter(pk=values["enterprise"]).first()
        library = selectors.libraries_in_scope(user).filter(pk=values["library"]).first()
        if enterprise is None or library is None:
            raise Http404
        can_add_entry(user, enterprise).require()
        entry = services.library_entry_add(
            actor=user,
            library=library,
            enterprise=enterprise,
            stage=values["stage"],
            tags=values["tags"],
            reason=values["reason"],
            on=values["on"],
        )
        return Response(_entry_out(user, entry.pk), status=status.HTTP_201_CREATED)


class EntryDetailView(APIView):
    @extend_schema(
        responses=LibraryEntrySerializer,
        summary="入库记录",
        description="一条入库记录的当前状态。",
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        entry = selectors.entry_get_for(user, pk)
        can_read_register(user).require()
        return Response(LibraryEntrySerializer(entry).data)


class EntryStepView(APIView):
    @extend_schema(
        request=EntryStepSerializer,
        responses=LibraryEntrySerializer,
        summary="办理入库记录",
        description="督办（计划办）确认或不予采纳建议、调整阶段、出库、确认脱困、僵尸企业处置，"
        "或撤销（恢复为待确认、撤销出库）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        entry = selectors.entry_get_for(user, pk)
        can_manage_libraries(user).require()
        values = _validated(EntryStepSerializer, request.data)
        services.library_entry_step(actor=user, entry=entry, **values)
        return Response(_entry_out(user, entry.pk))


urlpatterns: list[URLPattern] = [
    path("enterprises/libraries", LibraryListView.as_view(), name="enterprise_library_list"),
    path(
        "enterprises/libraries/<id:pk>/entries",
        LibraryEntriesView.as_view(),
        name="enterprise_library_entries",
    ),
    path(
        "enterprises/<id:pk>/libraries",
        EnterpriseLibrariesView.as_view(),
        name="enterprise_libraries_of_enterprise",
    ),
    path(
        "enterprises/library-entries",
        EntryCreateView.as_view(),
        name="enterprise_library_entry_create",
    ),
    path(
        "enterprises/library-entries/<id:pk>",
        EntryDetailView.as_view(),
        name="enterprise_library_entry_detail",
    ),
    path(
        "enterprises/library-entries/<id:pk>/steps",
        EntryStepView.as_view(),
        name="enterprise_library_entry_step",
    ),
]
