"""Spreadsheet export of responses and needs, import and export of training events
(django-import-export). Every column is listed.

Text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an
apostrophe, so an answer typed by a focal point cannot execute in the Secretariat's Excel.
"""

import copy
import functools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from needs.models import (
    CountryResponse,
    Language,
    TrainingEvent,
    TrainingNeed,
    TrainingProgramme,
)
from workplan.cache import figures_invalidate
from workplan.exports import EscapedResource, LabelledField
from workplan.models import Country


class CountryResponseResource(EscapedResource):
    round = LabelledField(attribute="round__title", column_name="round", label=_("round"))
    country = LabelledField(attribute="country__name", column_name="country", label=_("country"))
    iso2 = LabelledField(attribute="country__iso2", column_name="iso2", label=_("ISO code"))
    region = LabelledField(
        attribute="country__get_region_display", column_name="region", label=_("CMS region")
    )
    status = LabelledField(attribute="get_status_display", column_name="status", label=_("status"))
    submitted_by = LabelledField(
        attribute="submitted_by__username", column_name="submitted_by", label=_("submitted by")
    )
    needs_count = LabelledField(
        attribute="needs_count",
        column_name="needs",
        label=_("needs"),
        widget=widgets.IntegerWidget(),  # a number cell, not the base widget's text
    )

    class Meta:
        model = CountryResponse
        fields = (
            "round",
            "country",
            "iso2",
            "region",
            "status",
            "submitted_at",
            "submitted_by",
            "needs_count",
            "existing_capacities",
            "ongoing_initiatives",
            "constraints_and_gaps",
            "return_reason",
        )
        export_order = fields


class TrainingNeedResource(EscapedResource):
    round = LabelledField(attribute="response__round__title", column_name="round", label=_("round"))
    country = LabelledField(
        attribute="response__country__name", column_name="country", label=_("country")
    )
    iso2 = LabelledField(
        attribute="response__country__iso2", column_name="iso2", label=_("ISO code")
    )
    region = LabelledField(
        attribute="response__country__get_region_display",
        column_name="region",
        label=_("CMS region"),
    )
    response_status = LabelledField(
        attribute="response__get_status_display",
        column_name="response_status",
        label=_("response status"),
    )
    topic = LabelledField(attribute="topic__name", column_name="topic", label=_("topic"))
    urgency = LabelledField(
        attribute="get_urgency_display", column_name="urgency", label=_("urgency")
    )
    scope = LabelledField(attribute="get_scope_display", column_name="scope", label=_("scope"))
    training_type = LabelledField(
        attribute="training_type__name", column_name="training_type", label=_("training type")
    )
    target_group = LabelledField(
        attribute="target_group__name", column_name="target_group", label=_("target group")
    )
    language = LabelledField(
        attribute="language__name", column_name="language", label=_("language")
    )

    class Meta:
        model = TrainingNeed
        fields = (
            "round",
            "country",
            "iso2",
            "region",
            "response_status",
            "topic",
            "priority",
            "urgency",
            "scope",
            "training_type",
            "target_group",
            "language",
            "expected_trainees",
            "note",
        )
        export_order = fields


# --- Training events: import and export -------------------------------------------------------


class PreloadedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up in a dict loaded once per import, not with one query per row.

    ``load()`` is called by the resource before the first row; the dict is the whole table of
    the related model (countries, programmes, languages: hundreds of rows, not millions).
    """

    def __init__(self, model, field, *, label, upper=False):
        super().__init__(model, field=field)
        self.label = label
        self.upper = upper
        self.by_key = None

    def key(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a spreadsheet number cell: 12.0 is programme 12
        key = str(value).strip()
        return key.upper() if self.upper else key

    def load(self):
        self.by_key = {self.key(getattr(obj, self.field)): obj for obj in self.model.objects.all()}

    def lookup(self, value):
        if self.by_key is None:
            self.load()
        try:
            return self.by_key[self.key(value)]
        except KeyError:
            raise ValueError(f"No {self.label} {value!r}.") from None

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        return self.lookup(value)


class PreloadedManyToManyWidget(widgets.ManyToManyWidget):
    """Several keys in one cell ("KE|TZ|UG"), each looked up in the same preloaded dict."""

    def __init__(self, lookups, *, separator="|"):
        super().__init__(lookups.model, separator=separator, field=lookups.field)
        self.lookups = lookups

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return []
        keys = [k.strip() for k in str(value).split(self.separator) if k.strip()]
        found, unknown = [], []
        for key in dict.fromkeys(keys):
            try:
                found.append(self.lookups.lookup(key))
            except ValueError:
                unknown.append(key)
        if unknown:
            raise ValueError(f"No {self.lookups.label} {', '.join(map(repr, unknown))}.")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return self.separator.join(sorted(str(getattr(item, self.field)) for item in items))


class PendingManyToManyField(LabelledField):
    """A many-to-many column that shows, on an event not yet written (the preview of a bulk
    import), the countries waiting to be linked to it."""

    def get_value(self, instance):
        pending = getattr(instance, "_imported_participants", None)
        if pending is not None:
            return pending
        if instance.pk is None:
            return []
        # The preview compares each row with a deep copy of the event made before the row is
        # applied; deepcopy empties a prefetched queryset's cache without clearing its "done"
        # flag, so that copy's countries are read again instead.
        cache = getattr(instance, "_prefetched_objects_cache", {})
        prefetched = cache.get(self.attribute)
        if prefetched is not None and prefetched._result_cache is None:
            del cache[self.attribute]
        return super().get_value(instance)


def _memo_key(name, value):
    """A value as a key of the memos below: its type counts (1, 1.0 and True are one key to
    a dict), and a decimal its digits (Decimal("1.0") == Decimal("1.000"), but a field with
    two decimal places refuses the second)."""
    return (name, type(value), str(value) if isinstance(value, Decimal) else value)


class HeaderCachedInstanceLoader(CachedInstanceLoader):
    """The library's cached loader, which looks for the id column in the headers instead of
    turning the whole sheet into dicts (twice) to look at the first one: a file of new events
    loads nothing."""

    def __init__(self, resource, dataset=None):
        id_field = resource.fields[resource.get_import_id_fields()[0]]
        if dataset is not None and id_field.column_name not in (dataset.headers or ()):
            self.resource, self.dataset = resource, dataset
            self.pk_field, self.all_instances = id_field, {}
            return
        super().__init__(resource, dataset)


class LazyReprRowResult(RowResult):
    """A row's result that names its event (``object_repr``) only when asked.

    The library calls ``str(event)`` for every row as it imports; an event's name formats its
    date in the reader's language, a tenth of a 10,000-row import's time. The admin's log
    entries (Django 5.1+) name the events themselves, and the preview reads the diff, so the
    name is made only where something shows it.
    """

    _instance = None
    _repr = None

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)
            self._instance = instance
            self._repr = None

    @property
    def object_repr(self):
        if self._repr is None and self._instance is not None:
            try:
                self._repr = force_str(self._instance)
            except Exception:  # as the library: a name that fails is no name
                self._instance = None
        return self._repr

    @object_repr.setter
    def object_repr(self, value):
        self._repr = value


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
    The preview (the dry run) keeps its row-by-row diff; the confirmed import skips it.
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

    def import_data(self, dataset, dry_run=False, **kwargs):
        self.normalise_headers(dataset)  # before the id column is looked for
        self._meta.batch_size = self.batch_size_for(connections[self.get_db_connection_name()])
        self._meta.force_init_instance = "id" not in (dataset.headers or ())
        # The preview shows each row. The real run of a file of new events needs no diff; a file
        # with ids (an export sent back) compares each row to skip the unchanged ones.
        self._meta.skip_diff = not dry_run and self._meta.force_init_instance
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

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
            key = _memo_key(column, raw)
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
                key = _memo_key(field.attname, raw)
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
