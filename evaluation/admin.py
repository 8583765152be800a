from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from evaluation import invitations, services
from evaluation.models import (
    Answer,
    Convention,
    Indicator,
    Invitation,
    KnowledgeScore,
    Measurement,
    Question,
    Questionnaire,
    Response,
)
from evaluation.selectors.indicators import HOW
from workplan.admin_access import SecretariatOnlyAdmin


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 1
    fields = ["order", "text", "kind", "required", "choices", "correct_answer", "help_text"]


class KnowledgeScoreInline(admin.TabularInline):
    model = KnowledgeScore
    extra = 0
    fields = ["trainee", "gender", "before", "after", "response"]
    raw_id_fields = ["response"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "purpose", "activity", "audience", "opens_on", "closes_on"]
    list_filter = ["purpose", "audience", "activity__strand__workplan"]
    list_select_related = ["activity"]
    search_fields = ["title", "activity__code"]
    raw_id_fields = ["activity", "training_event", "handbook_edition", "copied_from"]
    inlines = [QuestionInline, KnowledgeScoreInline]
    actions = ["copy_questionnaire", "send_invitations"]

    @admin.action(description=_("Send personal links to the training's confirmed trainees"))
    def send_invitations(self, request, queryset):
        base_url = request.build_absolute_uri("/")
        for questionnaire in queryset.select_related("training_event__language"):
            event = questionnaire.training_event
            language = getattr(getattr(event, "language", None), "code", None)
            try:
                sent = invitations.invitations_send(
                    questionnaire=questionnaire,
                    base_url=base_url,
                    language=language if language in dict(settings.LANGUAGES) else None,
                )
            except invitations.InvitationRefused as refusal:
                self.message_user(
                    request, f"{questionnaire}: {' '.join(refusal.messages)}", messages.ERROR
                )
                continue
            self.message_user(
                request,
                _("%(title)s: %(n)d new invitation(s) sent.")
                % {"title": questionnaire.title, "n": sent},
                messages.SUCCESS,
            )

    @admin.action(description=_("Copy to start the next questionnaire"))
    def copy_questionnaire(self, request, queryset):
        copies = [services.questionnaire_copy(questionnaire=q, user=request.user) for q in queryset]
        self.message_user(
            request,
            _("%(n)d questionnaire(s) copied; set the dates of the copy.") % {"n": len(copies)},
            messages.SUCCESS,
        )
        if len(copies) == 1:
            return redirect("admin:evaluation_questionnaire_change", copies[0].pk)
        return None


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "number", "yes", "text", "choices"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        # Each row shows its question (and Answer.value reads its kind): one join, not N.
        return super().get_queryset(request).select_related("question")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["questionnaire", "country", "respondent", "status", "submitted_at"]
    list_filter = ["status", "questionnaire", "country__region"]
    list_select_related = ["questionnaire", "country", "respondent"]
    search_fields = ["questionnaire__title", "country__name", "respondent__username"]
    readonly_fields = ["submit_key", "submitted_at"]
    raw_id_fields = ["questionnaire", "respondent", "country"]
    inlines = [AnswerInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 1
    fields = ["date", "value", "source", "note"]

    def get_queryset(self, request):
        # Each row's label is Measurement.__str__, which reads the indicator's code.
        return super().get_queryset(request).select_related("indicator")


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "workplan",
        "baseline",
        "target",
        "target_date",
        "computed",
    ]
    list_filter = ["workplan", "computed", "shared_with"]
    list_select_related = ["workplan"]
    search_fields = ["code", "name"]
    filter_horizontal = ["shared_with"]
    raw_id_fields = ["strand", "activity"]
    readonly_fields = ["how_computed"]
    inlines = [MeasurementInline]

    @admin.display(description=_("how it is computed"))
    def how_computed(self, obj):
        return HOW.get(obj.computed, _("Measured by hand: add measurements below."))


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Invitation)
class InvitationAdmin(SecretariatOnlyAdmin, admin.ModelAdmin):
    """Who answered which link: ties answers to a trainee, so the Secretariat's eyes only."""

    list_display = ["__str__", "questionnaire", "nomination", "created_at", "answered_at"]
    list_select_related = ["questionnaire", "nomination__country"]
    list_filter = ["questionnaire__stage"]
    readonly_fields = ["questionnaire", "nomination", "created_at", "response", "answered_at"]
    fields = readonly_fields
