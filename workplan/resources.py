"""Spreadsheet import/export of activities and contributions (django-import-export).

Rows are keyed on natural keys a secretariat officer can type: work plan slug, strand number,
activity code. Every field is declared: a column that is not listed here is ignored.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from workplan.exports import EscapedResource, IntegerWidget, LabelledField
from workplan.models import Activity, Body, Contribution, Country, Strand, WorkPlan


class ImportOptions:
    """How both imports run: unchanged rows skipped and reported, every row validated by the
    model (``full_clean``), the whole file in one transaction."""

    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    use_transactions = True


def _workplan_choices(resource):
    """The work plan column's drop-down in the import template: the plans' slugs."""
    slugs = WorkPlan.objects.order_by("-start_year").values_list("slug", flat=True)
    return {resource.field_label(resource.fields["workplan"]): list(slugs)}


class InPlanWidget(widgets.ForeignKeyWidget):
    """A row of ``model`` found by its ``key`` within the work plan of the spreadsheet row's
    "workplan" column (``plan_path`` leads from the model to the plan's slug)."""

    model_class = None
    key = ""
    plan_path = ""

    def __init__(self):
        super().__init__(self.model_class, field=self.key)

    def get_queryset(self, value, row, *args, **kwargs):
        return self.model_class.objects.filter(**{self.plan_path: row.get("workplan")})


class StrandWidget(InPlanWidget):
    """A strand is its number within the row's work plan."""

    model_class, key, plan_path = Strand, "number", "workplan__slug"

    def clean(self, value, row=None, **kwargs):
        # A word or infinity in the cell: the row's error, not the lookup's (ValueError from the
        # integer column, or OverflowError, which stopped the whole preview).
        IntegerWidget().clean(value, row=row, **kwargs)
        try:
            return super().clean(value, row=row, **kwargs)
        except Strand.DoesNotExist:
            numbers = ", ".join(
                str(n) for n in self.get_queryset(value, row).values_list("number", flat=True)
            )
            raise ValueError(
                f"No strand {value!r} in work plan {row.get('workplan')!r}"
                + (f" (its strands: {numbers})." if numbers else ".")
            ) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.number  # a number cell in XLSX


class ActivityWidget(InPlanWidget):
    """An activity is its code within the row's work plan."""

    model_class, key, plan_path = Activity, "code", "strand__workplan__slug"

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except Activity.DoesNotExist:
            raise ValueError(
                f"No activity {value!r} in work plan {row.get('workplan')!r}."
            ) from None


class ActivityResource(EscapedResource):
    money_fields = ("budget_min", "budget_max")

    workplan = LabelledField(
        attribute="strand__workplan__slug",
        column_name="workplan",
        readonly=True,
        label=_("work plan"),
    )
    strand = LabelledField(
        attribute="strand", column_name="strand", widget=StrandWidget(), label=_("strand")
    )
    bodies = fields.Field(
        attribute="bodies",
        column_name="bodies",
        widget=widgets.ManyToManyWidget(Body, field="code", separator="|"),
    )

    class Meta(ImportOptions):
        model = Activity
        fields = (
            "workplan",
            "strand",
            "code",
            "title",
            "responsibility",
            "bodies",
            "methodology",
            "phase",
            "status",
            "budget_min",
            "budget_max",
            "budget_text",
            "budget_basis",
            "no_additional_funds",
            "planned_start",
            "planned_end",
            "sector",
        )
        import_id_fields = ("strand", "code")

    def allowed_values(self):
        return {
            **_workplan_choices(self),
            self.field_label(self.fields["bodies"]): list(
                Body.objects.values_list("code", flat=True)
            ),
            **super().allowed_values(),
        }

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # An unknown strand: let the field's validation report it with the other
            # row errors instead of stopping the whole preview at the first one.
            return None

    def before_import_row(self, row, **kwargs):
        slug = row.get("workplan")
        if slug and not WorkPlan.objects.filter(slug=slug).exists():
            raise ValueError(f"workplan: no work plan with slug {slug!r}")


class ContributionResource(EscapedResource):
    money_fields = ("amount_usd",)

    workplan = LabelledField(
        attribute="workplan",
        column_name="workplan",
        widget=widgets.ForeignKeyWidget(WorkPlan, field="slug"),
        label=_("work plan"),
    )
    donor_country = LabelledField(
        attribute="donor_country",
        column_name="donor_country",
        widget=widgets.ForeignKeyWidget(Country, field="iso2"),
        label=_("donor country (ISO code)"),
    )
    activity = LabelledField(
        attribute="activity",
        column_name="activity",
        widget=ActivityWidget(),
        label=_("activity (code)"),
    )

    class Meta(ImportOptions):
        model = Contribution
        fields = (
            "id",
            "workplan",
            "donor",
            "donor_country",
            "amount_usd",
            "state",
            "kind",
            "activity",
            "date",
            "note",
        )

    def allowed_values(self):
        return {**_workplan_choices(self), **super().allowed_values()}
