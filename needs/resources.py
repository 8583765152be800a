"""Spreadsheet export of responses and needs (django-import-export). Every column is listed.

Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an
apostrophe, so an answer typed by a focal point cannot execute in the Secretariat's Excel.
"""

from import_export import fields

from needs.models import CountryResponse, TrainingNeed
from workplan.exports import EscapedResource


class CountryResponseResource(EscapedResource):
    round = fields.Field(attribute="round__title", column_name="round")
    country = fields.Field(attribute="country__name", column_name="country")
    iso2 = fields.Field(attribute="country__iso2", column_name="iso2")
    region = fields.Field(attribute="country__get_region_display", column_name="region")
    status = fields.Field(attribute="get_status_display", column_name="status")
    submitted_by = fields.Field(attribute="submitted_by__username", column_name="submitted_by")
    needs_count = fields.Field(attribute="needs_count", column_name="needs")

    class Meta:
        model = CountryResponse
        fields = (
            "round",
            "country",
            "iso2",
            "region",
            "status",
            "submitted_at",
            "submitted_by",
            "needs_count",
            "existing_capacities",
            "ongoing_initiatives",
            "constraints_and_gaps",
            "return_reason",
        )
        export_order = fields


class TrainingNeedResource(EscapedResource):
    round = fields.Field(attribute="response__round__title", column_name="round")
    country = fields.Field(attribute="response__country__name", column_name="country")
    iso2 = fields.Field(attribute="response__country__iso2", column_name="iso2")
    region = fields.Field(attribute="response__country__get_region_display", column_name="region")
    response_status = fields.Field(
        attribute="response__get_status_display", column_name="response_status"
    )
    topic = fields.Field(attribute="topic__name", column_name="topic")
    urgency = fields.Field(attribute="get_urgency_display", column_name="urgency")
    scope = fields.Field(attribute="get_scope_display", column_name="scope")
    training_type = fields.Field(attribute="training_type__name", column_name="training_type")
    target_group = fields.Field(attribute="target_group__name", column_name="target_group")
    language = fields.Field(attribute="language__name", column_name="language")

    class Meta:
        model = TrainingNeed
        fields = (
            "round",
            "country",
            "iso2",
            "region",
            "response_status",
            "topic",
            "priority",
            "urgency",
            "scope",
            "training_type",
            "target_group",
            "language",
            "expected_trainees",
            "note",
        )
        export_order = fields
