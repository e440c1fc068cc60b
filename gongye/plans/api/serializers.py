"""The plans API's shapes: a plan, its key tasks (with unit names), its targets and milestones."""

from __future__ import annotations

from rest_framework import serializers

from gongye.orgs.models import Region
from gongye.plans.models import Plan, Target, TargetMilestone, Task


class PlanSerializer(serializers.ModelSerializer):
    region: serializers.SlugRelatedField[Region] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    task_count = serializers.IntegerField(read_only=True)
    target_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "region",
            "year",
            "title",
            "source_filename",
            "task_count",
            "target_count",
            "money_rules",
            "updated_at",
        ]


class TaskSerializer(serializers.ModelSerializer):
    lead_units = serializers.ListField(source="lead_names", child=serializers.CharField())
    cooperating_units = serializers.ListField(
        source="cooperating_names", child=serializers.CharField()
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "month",
            "period_label",
            "seq",
            "text",
            "due",
            "lead_units",
            "cooperating_units",
            "lead_open_ended",
            "cooperating_open_ended",
            "people",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetMilestone
        fields = ["due", "value", "unit", "comparator", "text"]


class TargetSerializer(serializers.ModelSerializer):
    milestones = MilestoneSerializer(many=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "seq",
            "name",
            "kind",
            "comparator",
            "value",
            "unit",
            "qualifiers",
            "due",
            "chapter",
            "sentence",
            "source",
            "milestones",
        ]
