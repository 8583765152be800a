from concurrency.admin import ConcurrentModelAdmin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from workplan.forms import SafeImportForm
from workplan.models import (
    Activity,
    Body,
    Contribution,
    Country,
    FocalPoint,
    ProgressUpdate,
    Strand,
    WorkPlan,
)
from workplan.resources import ActivityResource, ContributionResource


class VersionedHistoryAdmin(ImportExportMixin, ConcurrentModelAdmin, SimpleHistoryAdmin):
    """Import/export, refusal of a stale second save, and the change history, together."""

    import_form_class = SafeImportForm


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "region", "is_party"]
    list_filter = ["region", "is_party"]
    search_fields = ["name", "iso2"]


@admin.register(Body)
class BodyAdmin(TranslationAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class StrandInline(TranslationStackedInline):
    model = Strand
    extra = 0


@admin.register(WorkPlan)
class WorkPlanAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["title", "period", "adopted_by", "adopted_on"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StrandInline]


@admin.register(Strand)
class StrandAdmin(TranslationAdmin):
    list_display = ["__str__", "workplan"]
    list_filter = ["workplan"]
    list_select_related = ["workplan"]
    search_fields = ["title", "objective"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 1
    fields = ["date", "phase", "status", "note", "author"]
    readonly_fields = ["author"]


class BudgetListFilter(admin.SimpleListFilter):
    title = _("budget")
    parameter_name = "budget"

    def lookups(self, request, model_admin):
        return [
            ("range", _("Has an estimate")),
            ("none", _("No additional funds")),
            ("tbd", _("To be determined")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "range":
            return queryset.filter(budget_max__gt=0)
        if self.value() == "none":
            return queryset.filter(no_additional_funds=True)
        if self.value() == "tbd":
            return queryset.filter(budget_min__isnull=True)
        return queryset


@admin.register(Activity)
class ActivityAdmin(TranslationAdmin, VersionedHistoryAdmin):
    resource_classes = [ActivityResource]
    list_display = [
        "code",
        "title",
        "strand_number",
        "phase",
        "status",
        "budget_display",
        "responsible",
    ]
    list_display_links = ["code", "title"]
    # Edited in the list too: a row changed meanwhile by someone else is refused, not overwritten.
    list_editable = ["phase", "status"]
    list_filter = ["strand__workplan", "strand", "phase", "status", "bodies", BudgetListFilter]
    list_select_related = ["strand", "strand__workplan"]
    search_fields = ["code", "title", "methodology", "responsibility", "budget_text"]
    ordering = ["strand__workplan", "strand__number", "code"]
    filter_horizontal = ["bodies", "depends_on"]
    inlines = [ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ["strand", "code", "title", "phase", "status", "version"]}),
        (_("Responsibility"), {"fields": ["responsibility", "bodies"]}),
        (_("Methodology and expected outcome"), {"fields": ["methodology"]}),
        (
            _("Budget estimate (US$)"),
            {
                "fields": [
                    ("budget_min", "budget_max"),
                    "budget_basis",
                    "no_additional_funds",
                    "budget_text",
                ]
            },
        ),
        (_("Schedule"), {"fields": [("planned_start", "planned_end"), "depends_on"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bodies")

    @admin.display(description=_("strand"), ordering="strand__number")
    def strand_number(self, obj):
        return obj.strand.number

    @admin.display(description=_("budget (US$)"), ordering="budget_max")
    def budget_display(self, obj):
        from workplan.templatetags.workplan_tags import budget_range

        return budget_range(obj)

    @admin.display(description=_("responsible"))
    def responsible(self, obj):
        return ", ".join(body.code for body in obj.bodies.all())

    def save_formset(self, request, form, formset, change):
        for update in formset.save(commit=False):
            if update.author_id is None:
                update.author = request.user
            update.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


@admin.register(Contribution)
class ContributionAdmin(VersionedHistoryAdmin):
    resource_classes = [ContributionResource]
    list_display = ["donor", "amount_usd", "state", "kind", "activity", "date", "workplan"]
    list_editable = ["state"]
    list_filter = ["workplan", "state", "kind"]
    list_select_related = ["activity", "workplan", "donor_country"]

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .select_related("workplan", "donor_country", "activity")
        )

    search_fields = ["donor", "note"]
    autocomplete_fields = ["donor_country"]
    raw_id_fields = ["activity"]
    date_hierarchy = "date"


@admin.register(FocalPoint)
class FocalPointAdmin(SimpleHistoryAdmin):
    list_display = ["user", "country", "is_main", "since"]
    list_filter = ["country__region", "is_main"]
    list_select_related = ["user", "country"]
    search_fields = ["user__username", "user__email", "country__name", "country__iso2"]
    autocomplete_fields = ["country"]
    raw_id_fields = ["user"]
