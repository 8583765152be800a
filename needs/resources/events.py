"""Training events by the spreadsheet row (django-import-export): export, and import of files
of 10,000 rows. A confirmed import of new events is built column by column
(needs.resources.event_columns); the preview, files with ids and files with errors go through the
library's row loop."""

import copy
import functools

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from needs.models import Language, TrainingEvent, TrainingProgramme
from needs.resources import event_columns
from needs.resources.event_widgets import (
    HeaderCachedInstanceLoader,
    LazyReprRowResult,
    PendingManyToManyField,
    PreloadedForeignKeyWidget,
    PreloadedManyToManyWidget,
    memo_key,
)
from workplan.cache import figures_invalidate
from workplan.exports import EscapedResource, LabelledField
from workplan.models import Country

# import_data's own arguments, not passed on to the import's hooks (as the library does not).
LIBRARY_ARGUMENTS = ("collect_failed_rows", "rollback_on_validation_errors")


class TrainingEventResource(EscapedResource):
    """Training events by the spreadsheet row, built for 10,000-row files.

    Natural keys: ``programme`` is the programme's id (titles are not unique; the read-only
    ``programme_title`` column is exported for the reader and ignored on import), ``country``
    and ``participating_countries`` are ISO 3166 alpha-2 codes ("KE", "KE|TZ|UG"), ``language``
    is the language code ("fr"), ``kind`` and ``region`` their codes ("regional", "africa").
    A row with an ``id`` updates that event; a file without an ``id`` column only adds events.

    Fast path (see bench/import_events.py): rows are written with bulk_create in batches of
    ``batch_size``, each batch with its history records and participating countries, so a batch
    costs the same few queries whatever its rows hold; foreign keys are found in dicts loaded
    once per import; model validation runs in Python (``TrainingEvent.clean`` checks what the
    database constraints check) instead of one existence query per foreign key and constraint.
    The preview (the dry run) keeps its row-by-row diff; the confirmed import skips it, and a
    confirmed file of new events is built column by column (``event_columns``), falling back to
    the row loop, before writing anything, at the first value it would refuse.
    """

    money_fields = ("estimated_cost", "actual_cost")

    id = LabelledField(
        attribute="id", column_name="id", widget=widgets.IntegerWidget(), label=_("ID")
    )
    programme = LabelledField(
        label=_("programme (id)"),
        attribute="programme",
        column_name="programme",
        widget=PreloadedForeignKeyWidget(TrainingProgramme, "pk", label="programme with id"),
    )
    programme_title = LabelledField(
        attribute="programme__title",
        column_name="programme_title",
        readonly=True,
        label=_("programme title"),
    )
    country = LabelledField(
        label=_("host country (ISO code)"),
        attribute="country",
        column_name="country",
        widget=PreloadedForeignKeyWidget(Country, "iso2", label="country", upper=True),
    )
    language = LabelledField(
        label=_("language (code)"),
        attribute="language",
        column_name="language",
        widget=PreloadedForeignKeyWidget(Language, "code", label="language with code"),
    )
    participating_countries = PendingManyToManyField(
        label=_("participating countries (ISO codes)"),
        attribute="participating_countries",
        column_name="participating_countries",
        widget=PreloadedManyToManyWidget(
            PreloadedForeignKeyWidget(Country, "iso2", label="country", upper=True)
        ),
    )

    class Meta:
        model = TrainingEvent
        fields = (
            "id",
            "programme",
            "programme_title",
            "kind",
            "title",
            "country",
            "region",
            "city",
            "start_date",
            "end_date",
            "language",
            "trainees_women",
            "trainees_men",
            "trainees_other",
            "participating_countries",
            "trainers",
            "estimated_cost",
            "actual_cost",
        )
        export_order = fields
        instance_loader_class = HeaderCachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        use_bulk = True
        batch_size = 1000

    # Foreign keys whose values come from the preloaded dicts: they exist, so full_clean need
    # not ask the database again, row after row.
    PRELOADED = ("programme", "country", "language")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Per-import switches (skip_diff, force_init_instance) must not leak into other imports.
        self._meta = copy.copy(self._meta)
        self._user = None
        self._reason = ""
        self.sizing_warnings = []
        self._memo = {}

    @classmethod
    def batch_size_for(cls, connection):
        """Rows per batch: ``Meta.batch_size``, or fewer where the database caps the parameters
        of one statement (SQLite: 999), so a batch stays one INSERT of events and one of their
        history records."""
        history_fields = TrainingEvent.history.model._meta.concrete_fields
        cap = connection.ops.bulk_batch_size(history_fields, [None] * cls._meta.batch_size)
        return max(1, min(cls._meta.batch_size, cap))

    def import_data(
        self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs
    ):
        self.normalise_headers(dataset)  # before the id column is looked for
        using = self.get_db_connection_name()
        self._meta.batch_size = self.batch_size_for(connections[using])
        self._meta.force_init_instance = "id" not in (dataset.headers or ())
        # The preview shows each row. The real run of a file of new events needs no diff; a file
        # with ids (an export sent back) compares each row to skip the unchanged ones.
        self._meta.skip_diff = not dry_run and self._meta.force_init_instance
        if use_transactions is None:
            use_transactions = self.get_use_transactions()
        using_transactions = (use_transactions or dry_run) and getattr(
            connections[using].features, "supports_transactions", False
        )
        if event_columns.eligible(
            self,
            TrainingEventResource,
            dataset,
            dry_run=dry_run,
            using_transactions=using_transactions,
            collect_failed_rows=kwargs.get("collect_failed_rows", False),
        ):
            # The confirmed import of new events, column by column; None if the file needs the
            # library's row loop (an error to report: nothing was written).
            hooks = {k: v for k, v in kwargs.items() if k not in LIBRARY_ARGUMENTS}
            with transaction.atomic(using=using):
                result = event_columns.import_by_column(
                    self, dataset, using=using, raise_errors=raise_errors, **hooks
                )
            if result is not None:
                return result
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=use_transactions,
            **kwargs,
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._user = kwargs.get("user")
        name = kwargs.get("file_name")
        self._reason = f"Imported from {name}" if name else "Imported from a spreadsheet"
        self.sizing_warnings = []
        self._plan = self._blank = None
        self._memo = {}
        for name in self.PRELOADED:
            self.fields[name].widget.load()
        self.fields["participating_countries"].widget.lookups = self.fields["country"].widget

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("programme", "country", "language")
            .prefetch_related("participating_countries")
        )

    def get_row_result_class(self):
        return LazyReprRowResult

    def init_instance(self, row=None):
        """A new event: a copy of a blank one made once per import (Model.__init__ works out
        every field's default again for each of 10,000 rows). The defaults are constants
        (zeros, empty texts); a callable default, or a receiver of the model's init signals,
        would make each row build its own."""
        blank = getattr(self, "_blank", None)
        if blank is None:
            if (
                any(f.has_default() and callable(f.default) for f in TrainingEvent._meta.fields)
                or pre_init.has_listeners(TrainingEvent)
                or post_init.has_listeners(TrainingEvent)
            ):
                return super().init_instance(row)
            blank = self._blank = TrainingEvent().__dict__
        instance = TrainingEvent.__new__(TrainingEvent)
        instance.__dict__.update(blank)
        instance._state = ModelState()
        return instance

    def get_import_fields(self):
        # Asked for on every row by the library: the answer does not change within an import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def _import_plan(self):
        """(field, column, attribute, widget) of each column a row sets on its event, worked
        out once per import: the library asks each field again on every row (whether it is
        many-to-many, read-only, present), a third of the import's time at 10,000 rows."""
        if getattr(self, "_plan", None) is None:
            self._plan = [
                (field, field.column_name, field.attribute, field.widget)
                for field in self.get_import_fields()
                if field.attribute
                and not field.readonly
                and "__" not in field.attribute
                and not isinstance(field.widget, widgets.ManyToManyWidget)
            ]
        return self._plan

    def _set_fields(self, instance, row, **kwargs):
        """What the library's import_instance does (Field.save, Field.clean), field by field:
        each column in the row cleaned by its widget and set on the event, a ValueError kept
        as that field's error."""
        errors = {}
        memo = self._memo.setdefault("widgets", {})
        for field, column, attribute, widget in self._import_plan():
            if column not in row:
                continue
            raw = row[column]
            key = memo_key(column, raw)
            try:
                value = memo[key]
            except KeyError:
                try:
                    value = memo[key] = self._clean_cell(field, widget, raw, row, **kwargs)
                except ValueError as error:
                    errors[attribute] = ValidationError(force_str(error), code="invalid")
                    continue
            except TypeError:  # not hashable: cleaned every time
                try:
                    value = self._clean_cell(field, widget, raw, row, **kwargs)
                except ValueError as error:
                    errors[attribute] = ValidationError(force_str(error), code="invalid")
                    continue
            if value is not None or field.saves_null_values:
                setattr(instance, attribute, value)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _clean_cell(field, widget, raw, row, **kwargs):
        """Field.clean without the lookup of the cell. The widgets of this resource read the
        cell alone (none looks at the rest of the row), so a value's result is remembered."""
        value = widget.clean(raw, row=row, **kwargs)
        if value in field.empty_values and field.default is not NOT_PROVIDED:
            value = field.default() if callable(field.default) else field.default
        return value

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            self._set_fields(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Bulk writes skip many-to-many fields: keep the countries on the event until its
        # batch is written (bulk_create below), and report an unknown code with the row.
        if instance._state.adding and instance.pk is not None:
            errors["id"] = ValidationError(
                f"No training event with id {instance.pk}: leave id empty to add one.",
                code="invalid",
            )
        field = self.fields["participating_countries"]
        if field.column_name in row:
            try:
                instance._imported_participants = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model validation as ``full_clean`` does it (each field's checks, then
        ``TrainingEvent.clean``), with each field's verdict on a value remembered for the
        import: a column of 10,000 rows holds a few hundred distinct values.

        TrainingEvent.clean checks in Python what the two check constraints check in the
        database; no unique field but the id. So no query per row here.
        """
        errors = dict(import_validation_errors or {})
        exclude = {*errors, *self.PRELOADED}
        try:
            self._clean_fields(instance, exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    @functools.cache
    def _model_fields():
        return tuple(f for f in TrainingEvent._meta.fields if not f.generated)

    def _clean_fields(self, instance, exclude):
        """``Model.clean_fields`` (Django 5.2) for the plain fields, remembering what each
        field made of each value. A plain field's checks (length, choices, range, digits, null)
        depend on the value alone, never on the rest of the event."""
        memo = self._memo.setdefault("model", {})
        errors = {}
        for field in self._model_fields():
            if field.name in exclude:
                continue
            raw = getattr(instance, field.attname)
            if field.blank and raw in field.empty_values:
                continue
            if field.is_relation:
                cleaned = field.clean(raw, instance)  # raises like clean_fields, unremembered
            else:
                key = memo_key(field.attname, raw)
                try:
                    cleaned = memo[key]
                except KeyError:
                    try:
                        cleaned = memo[key] = field.clean(raw, instance)
                    except ValidationError as error:
                        errors[field.name] = error.error_list
                        continue
            setattr(instance, field.attname, cleaned)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # The plan's sizing (3-4 days, 20-40 trainees) is advice: collected, never refused.
        for warning in instance.sizing_warnings():
            self.sizing_warnings.append((kwargs.get("row_number"), str(warning)))

    def get_bulk_update_fields(self):
        return [
            f.name
            for f in TrainingEvent._meta.concrete_fields
            if not f.primary_key and f.name in self.fields
        ]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                created = TrainingEvent.objects.bulk_create(
                    self.create_instances, batch_size=batch_size
                )
                self._write_history(created, history_type="+")
                self._write_participants(created, replace=False)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                TrainingEvent.objects.bulk_update(
                    self.update_instances, self.get_bulk_update_fields(), batch_size=batch_size
                )
                self._write_history(self.update_instances, history_type="~")
                self._write_participants(self.update_instances, replace=True)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def _connection(self):
        return connections[self.get_db_connection_name()]

    def _write_history(self, events, *, history_type):
        """The batch's history records in one INSERT ... SELECT from the rows just written.

        The same records as simple-history's ``bulk_history_create`` (tracked fields, date,
        user, change reason, type), without building a thousand model objects in Python: that
        would cost as much as writing the events themselves.
        """
        if not events:
            return
        connection = self._connection()
        quote = connection.ops.quote_name
        history = TrainingEvent.history.model
        columns = ", ".join(quote(field.column) for field in history.tracked_fields)
        stamp = {
            "history_date": timezone.now(),
            "history_change_reason": self._reason,
            "history_type": history_type,
            "history_user": getattr(self._user, "pk", None),
        }
        stamp_columns = ", ".join(quote(history._meta.get_field(name).column) for name in stamp)
        stamp_values = [
            history._meta.get_field(name).get_db_prep_save(value, connection)
            for name, value in stamp.items()
        ]
        ids = [event.pk for event in events]
        # Identifiers from the models' metadata, quoted; every value is a parameter.
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {stamp_columns}) "  # noqa: S608
            f"SELECT {columns}, %s, %s, %s, %s FROM {quote(TrainingEvent._meta.db_table)} "
            f"WHERE {quote(TrainingEvent._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*stamp_values, *ids])

    def _write_participants(self, events, *, replace):
        """The participating countries of a batch: at most one delete and one insert."""
        events = [e for e in events if hasattr(e, "_imported_participants")]
        if not events:
            return
        through = TrainingEvent.participating_countries.through
        if replace:
            through.objects.filter(trainingevent_id__in=[e.pk for e in events]).delete()
        pairs = [
            (event.pk, country.pk) for event in events for country in event._imported_participants
        ]
        if not pairs:
            return
        connection = self._connection()
        if connection.vendor != "postgresql":
            through.objects.bulk_create(
                [through(trainingevent_id=e, country_id=c) for e, c in pairs]
            )
            return
        # PostgreSQL: two arrays unnested into rows, one statement whatever the batch holds
        # (five or so countries an event: 5,000 link objects a batch otherwise).
        quote = connection.ops.quote_name
        event_field = through._meta.get_field("trainingevent")
        country_field = through._meta.get_field("country")
        sql = (
            f"INSERT INTO {quote(through._meta.db_table)} "  # noqa: S608
            f"({quote(event_field.column)}, {quote(country_field.column)}) "
            f"SELECT * FROM unnest(%s::{event_field.db_type(connection)}[], "
            f"%s::{country_field.db_type(connection)}[])"
        )
        event_ids, country_ids = zip(*pairs, strict=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(event_ids), list(country_ids)])

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.sizing_warnings = self.sizing_warnings
        if not kwargs.get("dry_run"):
            figures_invalidate()  # bulk inserts send no model signals
