from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from evaluation import services
from evaluation.models import (
    Answer,
    Convention,
    Indicator,
    KnowledgeScore,
    Measurement,
    Question,
    Questionnaire,
    Response,
)
from evaluation.selectors import HOW


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 1
    fields = ["order", "text", "kind", "required", "choices", "help_text"]


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
    actions = ["copy_questionnaire"]

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
