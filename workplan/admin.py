from concurrency.admin import ConcurrentModelAdmin
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from workplan import formats, outbox
from workplan.admin_access import SecretariatOnlyAdmin
from workplan.admin_spreadsheets import SpreadsheetImportExportMixin
from workplan.forms import SafeImportForm, import_read_error_message
from workplan.models import (
    Activity,
    Body,
    Contribution,
    Country,
    FocalPoint,
    OutboxMessage,
    ProgressUpdate,
    Strand,
    WorkPlan,
)
from workplan.resources import ActivityResource, ContributionResource


class VersionedHistoryAdmin(SpreadsheetImportExportMixin, ConcurrentModelAdmin, SimpleHistoryAdmin):
    """Import/export, refusal of a stale second save, and the change history, together."""

    import_form_class = SafeImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", import_read_error_message(e))


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


def label_fields(form, suffix=""):
    """Give each field an accessible name: a table cell's input has no <label> of its own
    (the column header is not one), so screen readers would announce a bare "combo box"."""
    for field in form.fields.values():
        name = f"{field.label} – {suffix}" if suffix else str(field.label)
        field.widget.attrs.setdefault("aria-label", name)


class LabelledRowForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_fields(self, getattr(self.instance, "code", "") or "")


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    form = LabelledRowForm
    extra = 1
    fields = ["date", "phase", "status", "note", "author"]
    readonly_fields = ["author"]

    def get_queryset(self, request):
        # Each row's title names its activity: load it with the rows, not once per row.
        return super().get_queryset(request).select_related("activity", "author")


class StrandListFilter(admin.RelatedFieldListFilter):
    """Strands named with their work plan: every plan has a strand 1, 2 and 3."""

    def field_choices(self, field, request, model_admin):
        strands = Strand.objects.select_related("workplan").order_by(
            "-workplan__start_year", "number"
        )
        return [(s.pk, f"{s.workplan.period} · {s}") for s in strands]


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
    list_filter = [
        "strand__workplan",
        ("strand", StrandListFilter),
        "phase",
        "status",
        "sector",
        "bodies",
        BudgetListFilter,
    ]
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
        (_("Reporting (IATI)"), {"fields": ["sector"]}),
    ]

    class Media:
        # Accessible names for Django's two-list selectors and breadcrumbs it draws.
        css = {"all": ["css/admin-a11y.css"]}
        js = ["js/admin-a11y.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bodies")

    def get_changelist_form(self, request, **kwargs):
        # The phase and status selects edited in the list, named with their activity's code.
        kwargs.setdefault("form", LabelledRowForm)
        return super().get_changelist_form(request, **kwargs)

    @admin.display(description=_("strand"), ordering="strand__number")
    def strand_number(self, obj):
        return obj.strand.number

    @admin.display(description=_("budget (US$)"), ordering="budget_max")
    def budget_display(self, obj):
        return formats.budget_words(obj)

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


# The Secretariat's user admin replaces Django's (see its docstring for why).
from workplan import admin_users  # noqa: E402, F401


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SecretariatOnlyAdmin, admin.ModelAdmin):
    """Every e-mail the application sent or tries to send; read-only, with a resend action.
    Bodies hold password-reset links, trainees' answer links and names: the Secretariat's only.

    The needs app adds a filter by assessment round (``needs.admin``)."""

    list_display = ["created_at", "kind", "recipient", "country", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "language", "country__region"]
    list_select_related = ["country"]
    search_fields = ["recipient", "subject", "country__name", "last_error"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        ("state", "attempts"),
        ("created_at", "sent_at", "next_attempt_at"),
        "last_error",
        ("kind", "language"),
        ("recipient", "user", "country"),
        ("content_type", "object_id"),
        "from_email",
        "subject",
        "body",
        "html_body",
    ]
    readonly_fields = [
        name for row in fields for name in (row if isinstance(row, tuple) else (row,))
    ]

    @admin.action(description=_("Send the selected messages again"), permissions=["resend"])
    def resend(self, request, queryset):
        count = outbox.message_resend(messages=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(n)s message queued again; it is delivered at once.",
                "%(n)s messages queued again; they are delivered at once.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )

    def has_resend_permission(self, request):
        return request.user.has_perm("workplan.change_outboxmessage")
