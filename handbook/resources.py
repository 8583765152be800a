"""Spreadsheet exports of the handbook (django-import-export). Every column is declared.

The rows come from the admin changelist queryset, whose ``list_select_related`` and
``get_queryset`` preload what these columns read.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from handbook.models import (
    Chapter,
    DialogueEntry,
    Distribution,
    Edition,
    Suggestion,
    ToTWorkshop,
    WorkingGroupMember,
)
from workplan.exports import EscapedResource, LabelledField


class WorkingGroupMemberResource(EscapedResource):
    workplan = LabelledField(
        attribute="plan__workplan__slug", column_name="workplan", label=_("work plan")
    )
    body = LabelledField(attribute="body__code", column_name="body", label=_("body"))
    country = LabelledField(attribute="country__iso2", column_name="country", label=_("country"))

    class Meta:
        model = WorkingGroupMember
        fields = ("id", "workplan", "name", "body", "organisation", "country", "role", "contact")
        export_order = fields


class EditionResource(EscapedResource):
    money_fields = ("budget_min", "budget_max")

    workplan = LabelledField(
        attribute="plan__workplan__slug", column_name="workplan", label=_("work plan")
    )

    class Meta:
        model = Edition
        fields = (
            "id",
            "workplan",
            "language",
            "version",
            "title",
            "status",
            "publication_date",
            "print_run",
            "budget_min",
            "budget_max",
            "budget_text",
        )
        export_order = fields


class ChapterResource(EscapedResource):
    language = LabelledField(
        attribute="edition__get_language_display", column_name="language", label=_("language")
    )
    version = LabelledField(attribute="edition__version", column_name="version", label=_("version"))

    class Meta:
        model = Chapter
        fields = (
            "id",
            "language",
            "version",
            "number",
            "title",
            "summary",
            "lead_author",
            "status",
            "knowledge_source",
            "knowledge_note",
        )
        export_order = fields


class SuggestionResource(EscapedResource):
    country = LabelledField(attribute="country__iso2", column_name="country", label=_("country"))
    proposer = LabelledField(
        attribute="proposer__username", column_name="proposer", label=_("proposer")
    )
    target_chapter = fields.Field(attribute="target_chapter", column_name="target_chapter")
    accepted_chapter = fields.Field(attribute="accepted_chapter", column_name="accepted_chapter")
    merged_into = LabelledField(
        attribute="merged_into_id", column_name="merged_into", label=_("merged into")
    )

    class Meta:
        model = Suggestion
        fields = (
            "id",
            "created_at",
            "country",
            "organisation",
            "proposer",
            "theme",
            "target_chapter",
            "text",
            "status",
            "accepted_chapter",
            "merged_into",
            "triage_reason",
            "triaged_at",
        )
        export_order = fields


class DialogueEntryResource(EscapedResource):
    bodies = LabelledField(column_name="bodies", label=_("bodies"))

    class Meta:
        model = DialogueEntry
        fields = ("id", "date", "channel", "bodies", "summary", "follow_up", "follow_up_status")
        export_order = fields

    def dehydrate_bodies(self, entry):
        return "|".join(body.code for body in entry.bodies.all())


class DistributionResource(EscapedResource):
    edition = fields.Field(attribute="edition", column_name="edition")
    country = LabelledField(attribute="country__iso2", column_name="country", label=_("country"))

    class Meta:
        model = Distribution
        fields = ("id", "date", "edition", "country", "language", "copies", "note")
        export_order = fields


class ToTWorkshopResource(EscapedResource):
    event = LabelledField(attribute="event__title", column_name="event", label=_("training event"))
    start_date = LabelledField(
        attribute="event__start_date", column_name="start_date", label=_("start date")
    )
    end_date = LabelledField(
        attribute="event__end_date", column_name="end_date", label=_("end date")
    )
    country = LabelledField(
        attribute="event__country__iso2", column_name="country", label=_("country")
    )
    edition = fields.Field(attribute="edition", column_name="edition")
    target_group = LabelledField(
        attribute="target_group__name", column_name="target_group", label=_("target group")
    )

    class Meta:
        model = ToTWorkshop
        fields = (
            "id",
            "event",
            "start_date",
            "end_date",
            "country",
            "edition",
            "target_group",
            "focus",
        )
        export_order = fields
