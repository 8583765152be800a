from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from needs import nominations, services
from needs.models import (
    AssessmentRound,
    CountryResponse,
    FollowUp,
    Language,
    Module,
    Nomination,
    TargetGroup,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
    TrainingTopic,
    TrainingType,
)
from needs.resources import (
    CountryResponseResource,
    TrainingEventResource,
    TrainingNeedResource,
)
from workplan import roles
from workplan.admin import OutboxMessageAdmin
from workplan.admin_spreadsheets import SpreadsheetExportMixin, SpreadsheetImportExportMixin
from workplan.forms import SafeImportForm
from workplan.models import OutboxMessage


def _errors(error):
    return " ".join(error.messages)


class RoundFilter(admin.SimpleListFilter):
    """Outbox messages about a round: its reminders and the notices about its responses."""

    title = _("assessment round")
    parameter_name = "round"

    def lookups(self, request, model_admin):
        return [(r.pk, r.title) for r in AssessmentRound.objects.only("pk", "title")]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        round_type = ContentType.objects.get_for_model(AssessmentRound)
        response_type = ContentType.objects.get_for_model(CountryResponse)
        responses = CountryResponse.objects.filter(round_id=self.value()).values("pk")
        return queryset.filter(
            Q(content_type=round_type, object_id=self.value())
            | Q(content_type=response_type, object_id__in=responses)
        )


# The outbox lives in workplan, which knows nothing of rounds: the filter is added here.
admin.site.unregister(OutboxMessage)


@admin.register(OutboxMessage)
class RoundOutboxMessageAdmin(OutboxMessageAdmin):
    list_filter = [RoundFilter, *OutboxMessageAdmin.list_filter]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(TranslationAdmin):
    list_display = ["title", "workplan", "opens_on", "closes_on", "is_open", "responses_count"]
    list_filter = ["workplan"]
    list_select_related = ["workplan"]
    search_fields = ["title"]
    date_hierarchy = "opens_on"
    fieldsets = [
        (None, {"fields": ["workplan", "title", "instructions", ("opens_on", "closes_on")]}),
        (_("Reminder schedule"), {"fields": [("remind_days_before", "remind_days_after")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(responses_count=Count("responses"))

    @admin.display(description=_("open"), boolean=True)
    def is_open(self, obj):
        return obj.is_open

    @admin.display(description=_("responses"), ordering="responses_count")
    def responses_count(self, obj):
        return obj.responses_count


class LookupAdmin(TranslationAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


admin.site.register(TrainingTopic, LookupAdmin)
admin.site.register(TrainingType, LookupAdmin)
admin.site.register(TargetGroup, LookupAdmin)


@admin.register(Language)
class LanguageAdmin(LookupAdmin):
    list_display = ["name", "code", "order", "is_active"]


class TrainingNeedInline(admin.TabularInline):
    model = TrainingNeed
    extra = 0
    fields = [
        "topic",
        "priority",
        "urgency",
        "scope",
        "training_type",
        "target_group",
        "language",
        "expected_trainees",
        "note",
    ]

    def get_queryset(self, request):
        # Each row's label is TrainingNeed.__str__: its topic and the response's country.
        return super().get_queryset(request).select_related("topic", "response__country")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Every row offers the same lookup lists: read each once, not once per need (iterated,
        # not list()-ed, which would first COUNT them).
        field.choices = [choice for choice in field.choices]  # noqa: C416
        return field


@admin.register(CountryResponse)
class CountryResponseAdmin(SpreadsheetExportMixin, SimpleHistoryAdmin):
    resource_classes = [CountryResponseResource]
    list_display = ["country", "round", "status", "needs_count", "submitted_at", "submitted_by"]
    list_filter = ["round", "status", "country__region"]
    list_select_related = ["country", "round", "submitted_by"]
    search_fields = ["country__name", "country__iso2"]
    autocomplete_fields = ["country"]
    inlines = [TrainingNeedInline]
    actions = ["return_for_changes", "accept"]
    readonly_fields = [
        "status",
        "submitted_at",
        "submitted_by",
        "updated_at",
        "updated_by",
        "returned_at",
        "returned_by",
        "return_reason",
        "reopen_reason",
        "reopen_requested_at",
        "reopen_requested_by",
        "documents",
        "notices",
    ]
    fieldsets = [
        (None, {"fields": ["round", "country", "status"]}),
        (
            _("Answers (1.2)"),
            {"fields": ["existing_capacities", "ongoing_initiatives", "constraints_and_gaps"]},
        ),
        (
            _("Who and when"),
            {
                "fields": [
                    ("submitted_at", "submitted_by"),
                    ("updated_at", "updated_by"),
                    ("returned_at", "returned_by"),
                    "return_reason",
                    ("reopen_requested_at", "reopen_requested_by"),
                    "reopen_reason",
                ]
            },
        ),
        (_("Documents and notices"), {"fields": ["documents", "notices"]}),
    ]

    # Read-only lists rather than inlines: nothing here is edited, and the change form keeps
    # the fields it always posted.
    @admin.display(description=_("attached documents"))
    def documents(self, obj):
        if obj.pk is None:
            return "-"
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant
                '<a href="{}">{}</a> ({})',
                (
                    (a.get_absolute_url(), a.name, filesizeformat(a.size))
                    for a in obj.attachments.all()
                ),
            )
            or "-"
        )

    @admin.display(description=_("notices to the focal points"))
    def notices(self, obj):
        if obj.pk is None:
            return "-"
        return (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant
                "{}: {} — {}",
                (
                    (
                        date_format(n.created_at, "DATE_FORMAT"),
                        n.get_kind_display(),
                        n.reason or "-",
                    )
                    for n in obj.notices.all()
                ),
            )
            or "-"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(needs_count=Count("needs"))

    @admin.display(description=_("needs"), ordering="needs_count")
    def needs_count(self, obj):
        return obj.needs_count

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Return selected responses for changes (reason asked)"))
    def return_for_changes(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            # One response: send the officer to the page where the reason is typed.
            if queryset.count() == 1:
                return redirect("needs:response-detail", pk=queryset.get().pk)
            self.message_user(
                request,
                _("Return responses one at a time, from their page, to give the reason."),
                messages.WARNING,
            )
            return None
        for response in queryset:
            try:
                services.response_return(response=response, user=request.user, reason=reason)
            except ValidationError as error:
                self.message_user(request, f"{response}: {_errors(error)}", messages.ERROR)
        return None

    @admin.action(description=_("Accept selected submitted responses"))
    def accept(self, request, queryset):
        done = 0
        for response in queryset:
            try:
                services.response_accept(response=response, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{response}: {_errors(error)}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s response(s) accepted.") % {"n": done})


@admin.register(TrainingNeed)
class TrainingNeedAdmin(SpreadsheetExportMixin, SimpleHistoryAdmin):
    resource_classes = [TrainingNeedResource]
    list_display = [
        "topic",
        "country",
        "priority",
        "urgency",
        "scope",
        "training_type",
        "target_group",
        "language",
        "response_status",
    ]
    list_filter = [
        "response__round",
        "response__status",
        "response__country__region",
        "topic",
        "scope",
        "urgency",
        "priority",
        "training_type",
    ]
    list_select_related = [
        "topic",
        "response__country",
        "training_type",
        "target_group",
        "language",
    ]
    search_fields = ["topic__name", "response__country__name", "note"]
    raw_id_fields = ["response"]
    actions = ["create_programme"]

    @admin.display(description=_("country"), ordering="response__country__name")
    def country(self, obj):
        return obj.response.country

    @admin.display(description=_("response"), ordering="response__status")
    def response_status(self, obj):
        return obj.response.get_status_display()

    @admin.action(description=_("Create a training programme from the selected needs"))
    def create_programme(self, request, queryset):
        try:
            programme = services.programme_create_from_needs(needs=queryset, user=request.user)
        except ValidationError as error:
            self.message_user(request, _errors(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Programme “%(title)s” created: clarify its objective and budget.")
            % {"title": programme.title},
        )
        return redirect("admin:needs_trainingprogramme_change", programme.pk)


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
class NominationAdmin(admin.ModelAdmin):
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

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def _apply(self, request, queryset, action, done):
        count = 0
        for nomination in queryset:
            try:
                action(nomination=nomination, user=request.user)
                count += 1
            except ValidationError as error:
                self.message_user(request, f"{nomination}: {_errors(error)}", messages.ERROR)
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
