"""The dashboard's figures as JSON, for other conventions' systems (UNEP, BLG, Ramsar ...)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluation.selectors.dashboard import dashboard_figures
from workplan.access import can_read_all_countries
from workplan.models import Region, WorkPlan


class IsCommitteeOrSecretariat(permissions.BasePermission):
    message = "The dashboard is for the Standing Committee, Scientific Council and Secretariat."

    def has_permission(self, request, view):
        return can_read_all_countries(request.user)


class BudgetRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    minimum = serializers.DecimalField(max_digits=14, decimal_places=2)
    maximum = serializers.DecimalField(max_digits=14, decimal_places=2)
    undetermined = serializers.IntegerField(help_text="Activities whose budget is still open.")
    pledged = serializers.DecimalField(max_digits=14, decimal_places=2)
    received = serializers.DecimalField(max_digits=14, decimal_places=2)
    gap_min = serializers.DecimalField(max_digits=14, decimal_places=2)
    gap_max = serializers.DecimalField(max_digits=14, decimal_places=2)


class BudgetSerializer(serializers.Serializer):
    strands = BudgetRowSerializer(many=True)
    overall = BudgetRowSerializer()


class ActivityRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    strand = serializers.IntegerField()
    phase = serializers.CharField()
    status = serializers.CharField()
    planned_start = serializers.DateField(allow_null=True)
    planned_end = serializers.DateField(allow_null=True)


class ActivitiesSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    completed = serializers.IntegerField()
    completed_share = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    by_phase = serializers.DictField(child=serializers.IntegerField())
    rows = ActivityRowSerializer(many=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    current = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    computed = serializers.BooleanField()
    how = serializers.CharField()
    shared_with = serializers.ListField(child=serializers.CharField())


class EvaluationSerializer(serializers.Serializer):
    title = serializers.CharField()
    activity = serializers.CharField()
    purpose = serializers.CharField()
    submitted = serializers.IntegerField()
    mean_rating = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)


class WorkPlanRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    period = serializers.CharField()


class DashboardSerializer(serializers.Serializer):
    workplan = WorkPlanRefSerializer()
    region = serializers.CharField()
    date = serializers.DateField()
    activities = ActivitiesSerializer()
    budget = BudgetSerializer()
    indicators = IndicatorSerializer(many=True)
    evaluations = EvaluationSerializer(many=True)
    needs = serializers.JSONField(allow_null=True, help_text="Needs-assessment coverage.")
    trainings = serializers.JSONField(allow_null=True, help_text="Trainings and trainees.")


class DashboardAPIView(APIView):
    """The Standing Committee dashboard's figures for one work plan, optionally for one region."""

    permission_classes = [permissions.IsAuthenticated, IsCommitteeOrSecretariat]

    @extend_schema(
        responses=DashboardSerializer,
        parameters=[
            OpenApiParameter("region", str, enum=Region.values, description="CMS region"),
        ],
    )
    def get(self, request, slug):
        workplan = get_object_or_404(WorkPlan, slug=slug)
        region = request.query_params.get("region", "")
        figures = dashboard_figures(workplan, region if region in Region.values else "")
        return Response(DashboardSerializer(figures).data)
