"""Spreadsheet import/export of activities and contributions (django-import-export).

Rows are keyed on natural keys a secretariat officer can type: work plan slug, strand number,
activity code. Every field is declared: a column that is not listed here is ignored.
"""

from import_export import fields, widgets

from workplan.exports import EscapedResource
from workplan.models import Activity, Body, Contribution, Country, Strand, WorkPlan


class StrandWidget(widgets.ForeignKeyWidget):
    """A strand is its number within the row's work plan."""

    def __init__(self):
        super().__init__(Strand, field="number")

    def get_queryset(self, value, row, *args, **kwargs):
        return Strand.objects.filter(workplan__slug=row.get("workplan"))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except Strand.DoesNotExist:
            raise ValueError(f"No strand {value!r} in work plan {row.get('workplan')!r}.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value.number)


class ActivityWidget(widgets.ForeignKeyWidget):
    """An activity is its code within the row's work plan."""

    def __init__(self):
        super().__init__(Activity, field="code")

    def get_queryset(self, value, row, *args, **kwargs):
        return Activity.objects.filter(strand__workplan__slug=row.get("workplan"))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except Activity.DoesNotExist:
            raise ValueError(
                f"No activity {value!r} in work plan {row.get('workplan')!r}."
            ) from None


class ActivityResource(EscapedResource):
    workplan = fields.Field(
        attribute="strand__workplan__slug", column_name="workplan", readonly=True
    )
    strand = fields.Field(attribute="strand", column_name="strand", widget=StrandWidget())
    bodies = fields.Field(
        attribute="bodies",
        column_name="bodies",
        widget=widgets.ManyToManyWidget(Body, field="code", separator="|"),
    )

    class Meta:
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
        )
        import_id_fields = ("strand", "code")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

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
    workplan = fields.Field(
        attribute="workplan",
        column_name="workplan",
        widget=widgets.ForeignKeyWidget(WorkPlan, field="slug"),
    )
    donor_country = fields.Field(
        attribute="donor_country",
        column_name="donor_country",
        widget=widgets.ForeignKeyWidget(Country, field="iso2"),
    )
    activity = fields.Field(attribute="activity", column_name="activity", widget=ActivityWidget())

    class Meta:
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
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
