"""The Secretariat's admin for training (1.2-1.6): programmes, their modules, events (typed or
imported from spreadsheets), follow-ups and the trainees' nominations. Loaded by needs.admin."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from needs import nominations
from needs.models import FollowUp, Module, Nomination, TrainingEvent, TrainingProgramme
from needs.resources import TrainingEventResource
from workplan.admin_access import SecretariatOnlyAdmin
from workplan.admin_spreadsheets import SpreadsheetImportExportMixin
from workplan.forms import SafeImportForm
from workplan.submissions import error_text


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    extra = 0


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "scope", "country", "region", "facilitator", "current_step"]
    list_filter = ["workplan", "scope", "region"]
    list_select_related = ["country", "workplan"]
    search_fields = ["title", "objective", "facilitator"]
    autocomplete_fields = ["country"]
    raw_id_fields = ["needs"]
    readonly_fields = ["steps"]
    inlines = [ModuleInline, FollowUpInline]
    fieldsets = [
        (None, {"fields": ["title", "workplan", "steps"]}),
        (_("Clarified objective (1.2)"), {"fields": ["objective", "target_group", "needs"]}),
        (_("Where"), {"fields": ["scope", "country", "region"]}),
        (
            _("Design (1.3)"),
            {"fields": ["facilitator", ("budget_min", "budget_max"), "impact_evaluated_on"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                needs_count=Count("needs", distinct=True),
                modules_count=Count("modules", distinct=True),
                events_count=Count("events", distinct=True),
                followups_count=Count("followups", distinct=True),
            )
        )

    @admin.display(description=_("step reached"))
    def current_step(self, obj):
        return obj.current_step() or "—"

    @admin.display(description=_("steps 1.1-1.6"))
    def steps(self, obj):
        if not obj.pk:
            return "—"
        return " · ".join(
            f"{'✔' if done else '○'} {code} {label}" for code, label, done in obj.steps_reached()
        )


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "topic", "language"]
    list_filter = ["language", "topic"]
    list_select_related = ["programme", "topic", "language"]
    search_fields = ["title", "tools_and_materials"]


# Shown one message a row up to this many rows; beyond, one message counts the rest.
SIZING_WARNINGS_SHOWN = 20


@admin.register(TrainingEvent)
class TrainingEventAdmin(SpreadsheetImportExportMixin, SimpleHistoryAdmin):
    """Events one by one, or thousands from a spreadsheet (import needs import_trainingevent,
    is previewed as a dry run first, and writes history records naming the importer)."""

    resource_classes = [TrainingEventResource]
    import_form_class = SafeImportForm
    list_display = [
        "title",
        "kind",
        "programme",
        "country",
        "city",
        "start_date",
        "days",
        "trainees_total",
        "estimated_cost",
        "actual_cost",
    ]
    list_filter = ["kind", "region", "language"]
    list_select_related = ["programme", "country"]
    search_fields = ["title", "city", "trainers"]
    autocomplete_fields = ["country", "participating_countries"]
    date_hierarchy = "start_date"
    fieldsets = [
        (None, {"fields": ["programme", "kind", "title"]}),
        (
            _("Where and when"),
            {"fields": ["country", "region", "city", ("start_date", "end_date")]},
        ),
        (
            _("Trainees"),
            {
                "fields": [
                    "language",
                    ("trainees_women", "trainees_men", "trainees_other"),
                    "participating_countries",
                    "trainers",
                ]
            },
        ),
        (_("Cost (US$)"), {"fields": [("estimated_cost", "actual_cost")]}),
        (
            _("Calendar and nominations"),
            {"fields": ["needs", ("seats_per_party", "nomination_deadline"), "details"]},
        ),
    ]
    raw_id_fields = ["needs"]

    def get_readonly_fields(self, request, obj=None):
        # Once focal points nominate, the counts come from the confirmed nominations.
        if obj is not None and obj.nominations.exists():
            return ["trainees_women", "trainees_men", "trainees_other"]
        return []

    @admin.display(description=_("days"))
    def days(self, obj):
        return obj.days

    @admin.display(description=_("trainees"))
    def trainees_total(self, obj):
        return obj.trainees_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The plan's sizing is advice: warn, never refuse.
        for warning in obj.sizing_warnings():
            self.message_user(request, warning, messages.WARNING)

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("programme", "country", "language")
            .prefetch_related("participating_countries")
        )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = getattr(response, "context_data", {}).get("result")
        if result is not None and not result.has_errors():
            self._warn_sizing(request, result)
        return response

    def process_result(self, result, request):
        self._warn_sizing(request, result)
        return super().process_result(result, request)

    def _warn_sizing(self, request, result):
        """The plan's 3-4 days and 20-40 trainees, from warnings gathered in the import."""
        warnings = getattr(result, "sizing_warnings", [])
        for row_number, warning in warnings[:SIZING_WARNINGS_SHOWN]:
            self.message_user(
                request,
                _("Row %(row)s: %(w)s") % {"row": row_number, "w": warning},
                messages.WARNING,
            )
        if len(warnings) > SIZING_WARNINGS_SHOWN:
            self.message_user(
                request,
                _("… and %(n)s more departures from the plan's sizing (3-4 days, 20-40 trainees).")
                % {"n": len(warnings) - SIZING_WARNINGS_SHOWN},
                messages.WARNING,
            )


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "due_on"]
    list_filter = ["status"]
    list_select_related = ["programme"]
    search_fields = ["title", "description", "motivated_by"]


# --- Nominations: personal data, the Secretariat's eyes only ------------------------------


@admin.register(Nomination)
class NominationAdmin(SecretariatOnlyAdmin, admin.ModelAdmin):
    """Decisions and erasure go through the services; nothing is edited or deleted by hand."""

    list_display = ["__str__", "name", "event", "country", "gender", "status", "erased_at"]
    list_filter = ["status", "gender", "country__region"]
    list_select_related = ["event", "country"]
    search_fields = ["name", "email", "institution", "event__title", "country__name"]
    readonly_fields = [
        "event",
        "country",
        "name",
        "email",
        "function",
        "institution",
        "gender",
        "status",
        "nominated_by",
        "nominated_at",
        "decided_by",
        "decided_at",
        "erased_at",
    ]
    fields = readonly_fields
    actions = ["confirm", "decline", "erase"]

    secretariat_changes = True  # to confirm, decline or erase

    def _apply(self, request, queryset, action, done):
        count = 0
        for nomination in queryset:
            try:
                action(nomination=nomination, user=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(request, f"{nomination}: {error_text(error)}", messages.ERROR)
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Confirm the selected nominations"))
    def confirm(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda **kw: nominations.nomination_decide(confirm=True, **kw),
            _("%(n)s nomination(s) confirmed."),
        )

    @admin.action(description=_("Decline the selected nominations"))
    def decline(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda **kw: nominations.nomination_decide(confirm=False, **kw),
            _("%(n)s nomination(s) declined."),
        )

    @admin.action(description=_("Erase the trainees' identity (on their request)"))
    def erase(self, request, queryset):
        if request.POST.get("post") != "yes":
            # It cannot be undone: ask first, as Django's delete action does.
            return TemplateResponse(
                request,
                "admin/needs/nomination/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase the trainees' identity (on their request)"),
                    "opts": self.model._meta,
                    "queryset": queryset,
                    "count": queryset.count(),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        self._apply(
            request,
            queryset,
            nominations.nomination_erase,
            _("%(n)s trainee(s) erased: answers and counts are kept, anonymously."),
        )
