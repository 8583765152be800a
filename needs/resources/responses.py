"""Spreadsheet exports of the needs assessment: the countries' responses and their training
needs, every column listed, cells escaped (see workplan.exports)."""

from django.utils.translation import gettext_lazy as _
from import_export import widgets

from needs.models import CountryResponse, TrainingNeed
from workplan.exports import EscapedResource, LabelledField


class CountryResponseResource(EscapedResource):
    round = LabelledField(attribute="round__title", column_name="round", label=_("round"))
    country = LabelledField(attribute="country__name", column_name="country", label=_("country"))
    iso2 = LabelledField(attribute="country__iso2", column_name="iso2", label=_("ISO code"))
    region = LabelledField(
        attribute="country__get_region_display", column_name="region", label=_("CMS region")
    )
    status = LabelledField(attribute="get_status_display", column_name="status", label=_("status"))
    submitted_by = LabelledField(
        attribute="submitted_by__username", column_name="submitted_by", label=_("submitted by")
    )
    needs_count = LabelledField(
        attribute="needs_count",
        column_name="needs",
        label=_("needs"),
        widget=widgets.IntegerWidget(),  # a number cell, not the base widget's text
    )

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
    round = LabelledField(attribute="response__round__title", column_name="round", label=_("round"))
    country = LabelledField(
        attribute="response__country__name", column_name="country", label=_("country")
    )
    iso2 = LabelledField(
        attribute="response__country__iso2", column_name="iso2", label=_("ISO code")
    )
    region = LabelledField(
        attribute="response__country__get_region_display",
        column_name="region",
        label=_("CMS region"),
    )
    response_status = LabelledField(
        attribute="response__get_status_display",
        column_name="response_status",
        label=_("response status"),
    )
    topic = LabelledField(attribute="topic__name", column_name="topic", label=_("topic"))
    urgency = LabelledField(
        attribute="get_urgency_display", column_name="urgency", label=_("urgency")
    )
    scope = LabelledField(attribute="get_scope_display", column_name="scope", label=_("scope"))
    training_type = LabelledField(
        attribute="training_type__name", column_name="training_type", label=_("training type")
    )
    target_group = LabelledField(
        attribute="target_group__name", column_name="target_group", label=_("target group")
    )
    language = LabelledField(
        attribute="language__name", column_name="language", label=_("language")
    )

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
