"""Spreadsheet exports of the handbook (django-import-export). Every column is declared.

The rows come from the admin changelist queryset, whose ``list_select_related`` and
``get_queryset`` preload what these columns read.
"""

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
from workplan.exports import EscapedResource


class WorkingGroupMemberResource(EscapedResource):
    workplan = fields.Field(attribute="plan__workplan__slug", column_name="workplan")
    body = fields.Field(attribute="body__code", column_name="body")
    country = fields.Field(attribute="country__iso2", column_name="country")

    class Meta:
        model = WorkingGroupMember
        fields = ("id", "workplan", "name", "body", "organisation", "country", "role", "contact")
        export_order = fields


class EditionResource(EscapedResource):
    workplan = fields.Field(attribute="plan__workplan__slug", column_name="workplan")

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
    language = fields.Field(attribute="edition__language", column_name="language")
    version = fields.Field(attribute="edition__version", column_name="version")

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
    country = fields.Field(attribute="country__iso2", column_name="country")
    proposer = fields.Field(attribute="proposer__username", column_name="proposer")
    target_chapter = fields.Field(attribute="target_chapter", column_name="target_chapter")
    accepted_chapter = fields.Field(attribute="accepted_chapter", column_name="accepted_chapter")
    merged_into = fields.Field(attribute="merged_into_id", column_name="merged_into")

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
    bodies = fields.Field(column_name="bodies")

    class Meta:
        model = DialogueEntry
        fields = ("id", "date", "channel", "bodies", "summary", "follow_up", "follow_up_status")
        export_order = fields

    def dehydrate_bodies(self, entry):
        return "|".join(body.code for body in entry.bodies.all())


class DistributionResource(EscapedResource):
    edition = fields.Field(attribute="edition", column_name="edition")
    country = fields.Field(attribute="country__iso2", column_name="country")

    class Meta:
        model = Distribution
        fields = ("id", "date", "edition", "country", "language", "copies", "note")
        export_order = fields


class ToTWorkshopResource(EscapedResource):
    event = fields.Field(attribute="event__title", column_name="event")
    start_date = fields.Field(attribute="event__start_date", column_name="start_date")
    end_date = fields.Field(attribute="event__end_date", column_name="end_date")
    country = fields.Field(attribute="event__country__iso2", column_name="country")
    edition = fields.Field(attribute="edition", column_name="edition")
    target_group = fields.Field(attribute="target_group__name", column_name="target_group")

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
