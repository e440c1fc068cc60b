from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongye.core.http import request_user
from gongye.core.params import StrictChoiceField, StrictJSONSerializer, query_params
from gongye.core.scope import require_acting
from gongye.orgs import selectors, services
from gongye.orgs.choices import UnitKind
from gongye.orgs.models import Region, Unit
from gongye.orgs.permissions import can_view_unit_register


class RegionSerializer(serializers.ModelSerializer):
    # DRF's metaclass takes declared fields off the class, so this never shadows Field.parent
    # at run time; the stubs see the attribute of the same name on Field.
    parent: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]


class UnitSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    aliases = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = [
            "id",
            "region",
            "name",
            "full_name",
            "kind",
            "is_active",
            "aliases",
            "members",
        ]

    def get_aliases(self, unit: Unit) -> list[str]:
        return [a.name for a in unit.aliases.all()]

    def get_members(self, unit: Unit) -> list[int]:
        return [m.pk for m in unit.members.all()]


class UnitCreateSerializer(StrictJSONSerializer):
    """A new unit is active; it is deactivated through PATCH (``unit_create`` takes no such
    flag, so the schema does not offer one)."""

    name = serializers.CharField(max_length=100)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False)


class UnitFilterSerializer(serializers.Serializer):
    region = serializers.CharField(required=False, max_length=12, help_text="区划代码")
    kind = StrictChoiceField(label="单位类型", choices=UnitKind.choices, required=False)
    q = serializers.CharField(required=False, max_length=100, help_text="名称或别名关键字")


class UnitWriteSerializer(StrictJSONSerializer):
    name = serializers.CharField(max_length=100, required=False)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False)


class RegionListView(APIView):
    @extend_schema(responses=RegionSerializer(many=True), summary="可见的行政区划")
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_view_unit_register(user).require()
        return Response(RegionSerializer(selectors.region_list_for(user), many=True).data)


class RegionDetailView(APIView):
    @extend_schema(responses=RegionSerializer, summary="行政区划")
    def get(self, request: Request, code: str) -> Response:
        user = request_user(request)
        region = selectors.region_get_for(user, code)
        can_view_unit_register(user).require()
        return Response(RegionSerializer(region).data)


class UnitListView(APIView):
    # JSON only: in a form body one alias and a list of one cannot be told apart
    parser_classes = [JSONParser]

    @extend_schema(
        responses=UnitSerializer(many=True),
        parameters=[UnitFilterSerializer],
        summary="单位名录",
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        can_view_unit_register(user).require()
        filters = query_params(request, UnitFilterSerializer)
        units = selectors.unit_list_for(
            user,
            region_code=filters.get("region") or None,
            kind=filters.get("kind") or None,
            q=filters.get("q") or None,
        )
        return Response(UnitSerializer(units, many=True).data)

    @extend_schema(
        request=UnitCreateSerializer, responses={201: UnitSerializer}, summary="新增单位"
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        can_view_unit_register(user).require()
        data = UnitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = services.unit_create(
            actor=user,
            region=require_acting(user).region,
            name=values["name"],
            kind=values["kind"],
            full_name=values.get("full_name", ""),
            aliases=values.get("aliases"),
        )
        return Response(UnitSerializer(unit).data, status=201)


class UnitDetailView(APIView):
    # JSON only: in a form body one alias and a list of one cannot be told apart
    parser_classes = [JSONParser]

    @extend_schema(responses=UnitSerializer, summary="单位")
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        unit = get_object_or_404(selectors.unit_list_for(user), pk=pk)
        can_view_unit_register(user).require()
        return Response(UnitSerializer(unit).data)

    @extend_schema(request=UnitWriteSerializer, responses=UnitSerializer, summary="修改单位")
    def patch(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        unit = get_object_or_404(selectors.unit_list_for(user), pk=pk)
        data = UnitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.unit_update(actor=user, unit=unit, **data.validated_data)
        unit = selectors.unit_list_for(user).get(pk=unit.pk)
        return Response(UnitSerializer(unit).data)
