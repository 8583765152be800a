"""The Secretariat's admin for the needs assessment: rounds, lookup lists, country responses and
their training needs. The training half (programmes, events, nominations) is in admin_training."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from needs import services
from needs.models import (
    AssessmentRound,
    CountryResponse,
    Language,
    TargetGroup,
    TrainingNeed,
    TrainingTopic,
    TrainingType,
)
from needs.resources import (
    CountryResponseResource,
    TrainingNeedResource,
)
from workplan.admin import OutboxMessageAdmin
from workplan.admin_spreadsheets import SpreadsheetExportMixin
from workplan.models import OutboxMessage
from workplan.submissions import error_text


def _lines(format_string, rows):
    """Rows formatted (and escaped) one a line, or "-" where there are none."""
    return format_html_join(mark_safe("<br>"), format_string, rows) or "-"  # noqa: S308 - a constant


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
    fields = services.NEED_FIELDS  # the fields of a need that the survey form edits

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
        return _lines(
            '<a href="{}">{}</a> ({})',
            ((a.get_absolute_url(), a.name, filesizeformat(a.size)) for a in obj.attachments.all()),
        )

    @admin.display(description=_("notices to the focal points"))
    def notices(self, obj):
        if obj.pk is None:
            return "-"
        return _lines(
            "{}: {} — {}",
            (
                (date_format(n.created_at, "DATE_FORMAT"), n.get_kind_display(), n.reason or "-")
                for n in obj.notices.all()
            ),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(needs_count=Count("needs"))

    @admin.display(description=_("needs"), ordering="needs_count")
    def needs_count(self, obj):
        return obj.needs_count

    def save_model(self, request, obj, form, change):
        # Through the service: the version moves on, so an NFP's tab opened before this edit
        # is refused as stale instead of overwriting it.
        services.response_admin_save(response=obj, user=request.user)

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
                self.message_user(request, f"{response}: {error_text(error)}", messages.ERROR)
        return None

    @admin.action(description=_("Accept selected submitted responses"))
    def accept(self, request, queryset):
        done = 0
        for response in queryset:
            try:
                services.response_accept(response=response, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{response}: {error_text(error)}", messages.ERROR)
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
            self.message_user(request, error_text(error), messages.ERROR)
            return None
        self.message_user(
            request,
            _("Programme “%(title)s” created: clarify its objective and budget.")
            % {"title": programme.title},
        )
        return redirect("admin:needs_trainingprogramme_change", programme.pk)


# The training half of the admin (programmes, events, nominations), registered on import.
from needs import admin_training  # noqa: E402, F401
