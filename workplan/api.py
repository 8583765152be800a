"""Read-only JSON API of the public work plan (Django REST framework)."""

import django_filters
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from workplan.models import Activity, Phase, Status, WorkPlan
from workplan.page_cache import page_cached
from workplan.selectors import open_data_licence


class StrandSummarySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    objective = serializers.CharField()


class WorkPlanSerializer(serializers.ModelSerializer):
    strands = StrandSummarySerializer(many=True, read_only=True)
    iati_url = serializers.SerializerMethodField(
        help_text="The plan as an IATI 2.03 activity file (open data)."
    )
    open_data_licence = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_iati_url(self, workplan):
        path = reverse("evaluation:iati-export", kwargs={"slug": workplan.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
        }
    )
    def get_open_data_licence(self, workplan):
        return open_data_licence()

    class Meta:
        model = WorkPlan
        fields = [
            "slug",
            "title",
            "start_year",
            "end_year",
            "adopted_by",
            "adopted_on",
            "document_symbol",
            "strands",
            "iati_url",
            "open_data_licence",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    workplan = serializers.CharField(source="strand.workplan.slug")
    strand = serializers.IntegerField(source="strand.number")
    responsible_bodies = serializers.SlugRelatedField(
        source="bodies", slug_field="code", many=True, read_only=True
    )
    budget_min_usd = serializers.DecimalField(
        source="budget_min", max_digits=12, decimal_places=2, allow_null=True
    )
    budget_max_usd = serializers.DecimalField(
        source="budget_max", max_digits=12, decimal_places=2, allow_null=True
    )

    class Meta:
        model = Activity
        fields = [
            "workplan",
            "strand",
            "code",
            "title",
            "phase",
            "status",
            "responsibility",
            "responsible_bodies",
            "methodology",
            "budget_min_usd",
            "budget_max_usd",
            "budget_text",
            "budget_basis",
            "no_additional_funds",
            "planned_start",
            "planned_end",
            "sector",
        ]


class ActivityFilter(django_filters.FilterSet):
    workplan = django_filters.CharFilter(field_name="strand__workplan__slug")
    strand = django_filters.NumberFilter(field_name="strand__number")
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Activity
        fields = ["workplan", "strand", "phase", "status"]


class WorkPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The adopted work plans, newest first, with their strands."""

    serializer_class = WorkPlanSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    queryset = WorkPlan.objects.order_by("-start_year").prefetch_related("strands")


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Activities of every work plan; filter by workplan, strand, phase and status."""

    serializer_class = ActivitySerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = ActivityFilter
    queryset = Activity.objects.with_related().order_by(
        "-strand__workplan__start_year", "strand__number", "code"
    )

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The list is the same JSON for everyone: served from the cache per data generation,
        # language and query string (the browsable API's HTML, with the user's name, is not).
        view = super().as_view(actions, **initkwargs)
        if actions and actions.get("get") == "list":
            return page_cached(view, public=True, content_types=("application/json",))
        return view
