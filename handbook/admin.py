from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from handbook import services
from handbook.models import (
    Chapter,
    DialogueEntry,
    Distribution,
    Edition,
    HandbookPlan,
    Partner,
    Suggestion,
    TargetGroup,
    ToTWorkshop,
    WorkingGroupMember,
)
from handbook.resources import (
    ChapterResource,
    DialogueEntryResource,
    DistributionResource,
    EditionResource,
    SuggestionResource,
    ToTWorkshopResource,
    WorkingGroupMemberResource,
)
from workplan import formats
from workplan.admin_spreadsheets import SpreadsheetExportMixin


class ExportHistoryAdmin(SpreadsheetExportMixin, SimpleHistoryAdmin):
    """CSV/XLSX export (formulae escaped, see settings) and the change history."""


class TargetGroupInline(admin.TabularInline):
    model = TargetGroup
    extra = 0


class WorkingGroupMemberInline(admin.TabularInline):
    model = WorkingGroupMember
    extra = 0
    autocomplete_fields = ["country"]


@admin.register(HandbookPlan)
class HandbookPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workplan", "agreed_on"]
    list_select_related = ["workplan"]
    search_fields = ["title", "main_content"]
    inlines = [TargetGroupInline, WorkingGroupMemberInline]


@admin.register(WorkingGroupMember)
class WorkingGroupMemberAdmin(ExportHistoryAdmin):
    resource_classes = [WorkingGroupMemberResource]
    list_display = ["name", "role", "body", "organisation", "country", "contact", "plan"]
    list_filter = ["plan", "role", "body", "country__region"]
    list_select_related = ["plan__workplan", "body", "country"]
    search_fields = ["name", "organisation", "contact", "country__name"]
    autocomplete_fields = ["country"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0
    fields = ["number", "title", "lead_author", "status", "knowledge_source"]
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(ExportHistoryAdmin):
    resource_classes = [EditionResource]
    list_display = [
        "__str__",
        "language",
        "version",
        "status",
        "publication_date",
        "print_run",
        "budget_display",
    ]
    list_filter = ["plan", "language", "status"]
    list_select_related = ["plan__workplan"]
    search_fields = ["title", "version", "budget_text"]
    date_hierarchy = "publication_date"
    inlines = [ChapterInline]
    fieldsets = [
        (None, {"fields": ["plan", "language", "version", "title", "status"]}),
        (_("Publication"), {"fields": ["publication_date", "print_run"]}),
        (
            _("Budget estimate (US$, activity 2.3)"),
            {"fields": [("budget_min", "budget_max"), "budget_text"]},
        ),
    ]

    def get_changeform_initial_data(self, request):
        return {
            **services.edition_budget_defaults(),
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description=_("budget (US$)"), ordering="budget_max")
    def budget_display(self, obj):
        return formats.money_range(obj.budget_min, obj.budget_max)


@admin.register(Chapter)
class ChapterAdmin(TranslationAdmin, ExportHistoryAdmin):
    resource_classes = [ChapterResource]
    list_display = ["number", "title", "edition", "lead_author", "status", "knowledge_source"]
    list_display_links = ["number", "title"]
    list_filter = ["edition__language", "edition", "status", "knowledge_source"]
    list_select_related = ["edition__plan__workplan"]
    search_fields = ["title", "summary", "lead_author", "knowledge_note"]


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, Suggestion.Status(value).label) for value in services.TRIAGE_OUTCOMES],
    )
    chapter = forms.ModelChoiceField(
        queryset=Chapter.objects.select_related("edition"),
        required=False,
        label=_("Accept into chapter"),
    )
    merged_into = forms.IntegerField(
        required=False, label=_("Merge with suggestion number"), min_value=1
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason (shown to the proposer; required to merge or decline)"),
    )

    FIELD_OF_ERROR = {
        "status": "outcome",
        "accepted_chapter": "chapter",
        "merged_into": "merged_into",
        "triage_reason": "reason",
    }

    def clean_merged_into(self):
        number = self.cleaned_data.get("merged_into")
        if number is None:
            return None
        try:
            return Suggestion.objects.get(pk=number)
        except Suggestion.DoesNotExist:
            raise ValidationError(_("There is no suggestion #%(n)s.") % {"n": number}) from None


class SuggestionStatusFilter(admin.SimpleListFilter):
    title = _("proposer")
    parameter_name = "proposer_kind"

    def lookups(self, request, model_admin):
        return [("nfp", _("National Focal Point")), ("partner", _("Partner"))]

    def queryset(self, request, queryset):
        if self.value() == "nfp":
            return queryset.filter(country__isnull=False)
        if self.value() == "partner":
            return queryset.filter(country__isnull=True)
        return queryset


@admin.register(Suggestion)
class SuggestionAdmin(ExportHistoryAdmin):
    resource_classes = [SuggestionResource]
    list_display = ["id", "theme", "from_display", "target_chapter", "status", "created_at"]
    list_display_links = ["id", "theme"]
    list_filter = ["status", SuggestionStatusFilter, "country__region", "country", "plan"]
    list_select_related = ["country", "target_chapter", "accepted_chapter", "proposer"]
    search_fields = ["theme", "text", "organisation", "country__name", "triage_reason"]
    date_hierarchy = "created_at"
    actions = ["triage"]
    raw_id_fields = ["target_chapter"]
    # The outcome changes only through the triage action (the service checks it and keeps
    # the reason), never by editing the fields.
    readonly_fields = [
        "plan",
        "proposer",
        "country",
        "organisation",
        "status",
        "accepted_chapter",
        "merged_into",
        "triage_reason",
        "triaged_by",
        "triaged_at",
        "created_at",
    ]
    fields = ["theme", "target_chapter", "text", *readonly_fields]

    def has_add_permission(self, request):
        # A suggestion's country comes from its proposer's focal point: NFPs add them.
        return False

    @admin.display(description=_("from"), ordering="country__name")
    def from_display(self, obj):
        return obj.proposer_label

    @admin.action(description=_("Triage selected suggestions"), permissions=["change"])
    def triage(self, request, queryset):
        form = TriageForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    for suggestion in queryset:
                        services.suggestion_triage(
                            suggestion=suggestion,
                            by=request.user,
                            outcome=data["outcome"],
                            chapter=data["chapter"],
                            merged_into=data["merged_into"],
                            reason=data["reason"],
                        )
            except ValidationError as error:
                # Nothing was saved: show why on the same form.
                for key, errors in error.message_dict.items():
                    form.add_error(TriageForm.FIELD_OF_ERROR.get(key), errors)
            else:
                count = len(queryset)
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d suggestion triaged.", "%(count)d suggestions triaged.", count
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "handbook/admin/triage.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Triage suggestions"),
                "opts": self.model._meta,
                "suggestions": queryset.select_related("country"),
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "user", "body", "active"]
    list_filter = ["active", "body"]
    list_select_related = ["user", "body"]
    search_fields = ["organisation", "user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(DialogueEntry)
class DialogueEntryAdmin(ExportHistoryAdmin):
    resource_classes = [DialogueEntryResource]
    list_display = ["date", "channel", "bodies_display", "summary_short", "follow_up_status"]
    list_filter = ["channel", "follow_up_status", "bodies", "plan"]
    search_fields = ["summary", "follow_up"]
    date_hierarchy = "date"
    filter_horizontal = ["bodies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bodies")

    @admin.display(description=_("bodies taking part"))
    def bodies_display(self, obj):
        return ", ".join(body.code for body in obj.bodies.all())

    @admin.display(description=_("summary"))
    def summary_short(self, obj):
        return obj.summary if len(obj.summary) <= 80 else f"{obj.summary[:79]}…"


@admin.register(Distribution)
class DistributionAdmin(ExportHistoryAdmin):
    resource_classes = [DistributionResource]
    list_display = ["date", "edition", "country", "language", "copies"]
    list_filter = ["edition", "language", "country__region", "country"]
    list_select_related = ["edition__plan__workplan", "country"]
    search_fields = ["country__name", "country__iso2", "note"]
    autocomplete_fields = ["country"]
    date_hierarchy = "date"


@admin.register(ToTWorkshop)
class ToTWorkshopAdmin(ExportHistoryAdmin):
    resource_classes = [ToTWorkshopResource]
    list_display = ["event", "event_dates", "edition", "target_group", "focus"]
    list_filter = ["edition__language", "edition", "event__region"]
    list_select_related = ["event__country", "edition__plan__workplan", "target_group"]
    search_fields = ["event__title", "focus", "target_group__name"]
    raw_id_fields = ["event"]

    @admin.display(description=_("dates"), ordering="event__start_date")
    def event_dates(self, obj):
        return f"{obj.event.start_date:%Y-%m-%d} – {obj.event.end_date:%Y-%m-%d}"
