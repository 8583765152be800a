"""The confirmed import of a file of new training events, column by column.

The library's row loop (``import_row``) costs, at 10,000 rows, more than writing the rows: a row
dict, a deep copy, five hooks, each field asked again whether it is read-only, each cell looked
up in the memos one by one. A file without ids (the common case: new events typed in a
template) needs none of it once the preview has been seen: each column holds a few hundred
distinct values, cleaned once each (by the same widget, then the same model field, as the row
loop does), and the events are built from the columns and written in the same batches, with the
same statements, as the library's bulk mode writes them (a savepoint, the events, their history,
their participating countries, the release).

Anything unusual, and any error at all, returns ``None`` before anything is written: the caller
then runs the library's path, which reports each row's errors exactly as the preview does.
"""

from decimal import Decimal

from django.db import DatabaseError, transaction
from django.db.models.base import ModelState
from import_export.results import RowResult

from needs.models import EVENT_DAYS, EVENT_TRAINEES, TrainingEvent

# The hooks of the row loop this path does without; a subclass that overrides one of them (or
# any other row hook) goes through the library, where its hook runs.
ROW_HOOKS = (
    "before_import_row",
    "after_import_row",
    "after_init_instance",
    "init_instance",
    "get_or_init_instance",
    "for_delete",
    "skip_row",
    "import_row",
    "import_instance",
    "validate_instance",
    "before_save_instance",
    "after_save_instance",
    "save_instance",
    "save_m2m",
    "bulk_create",
    "import_data_inner",
)


# Types whose values can be equal across types (1 == 1.0 == True == Decimal(1)).
NUMBERS = frozenset({bool, int, float, complex, Decimal})


class _Refused(Exception):
    """Something the library's path handles: an error to report, or a file this path does not
    build (an unhashable cell, a repeated header)."""


def eligible(resource, base, dataset, *, dry_run, using_transactions, collect_failed_rows):
    """Whether the import can be built by column: a real run in a transaction, of a file
    without ids, by a resource whose row hooks are ``base``'s (TrainingEventResource)."""
    if dry_run or not using_transactions or collect_failed_rows:
        return False
    headers = list(dataset.headers or ())
    if not headers or "id" in headers or len(set(headers)) != len(headers):
        return False
    if not resource._meta.use_bulk or not resource._meta.force_init_instance:
        return False
    return all(getattr(type(resource), name) is getattr(base, name) for name in ROW_HOOKS)


def import_by_column(resource, dataset, *, using, raise_errors, **kwargs):
    """The result of importing ``dataset``, or ``None`` if the library's path must run (nothing
    written then). Called inside the import's transaction."""
    kwargs.update(dry_run=False, using_transactions=True)
    if not resource._meta.store_instance:
        resource._meta.store_instance = kwargs.get("retain_instance_in_row_result", False)
    with transaction.atomic(using=using):
        resource.before_import(dataset, **kwargs)
    try:
        events = _build(resource, dataset)
    except _Refused:
        return None
    result = resource.get_result_class()()
    result.diff_headers = resource.get_diff_headers()
    result.total_rows = len(events)
    retain = resource._meta.store_instance
    row_result_class = resource.get_row_result_class()
    rows = result.rows
    for event in events:
        row_result = row_result_class()
        row_result.import_type = RowResult.IMPORT_TYPE_NEW
        row_result.add_instance_info(event)  # before the write, as in the library's bulk mode
        if retain:
            row_result.instance = event
        rows.append(row_result)
    result.totals[RowResult.IMPORT_TYPE_NEW] = len(events)
    _warn_sizing(resource, events)
    try:
        # All the batches or none: a database error (a row changed meanwhile, a constraint)
        # undoes them, and the library's path reports it as it would have.
        with transaction.atomic(using=using):
            size = resource._meta.batch_size
            for start in range(0, len(events), size):
                batch = events[start : start + size]
                with transaction.atomic(using=using):
                    created = TrainingEvent.objects.bulk_create(batch, batch_size=size)
                    resource._write_history(created, history_type="+")
                    resource._write_participants(created, replace=False)
    except DatabaseError:
        return None
    with transaction.atomic(using=using):
        resource.after_import(dataset, result, **kwargs)
    return result


def _build(resource, dataset):
    """The unsaved events of the dataset's rows. Raises _Refused at the first value the row
    loop would refuse."""
    headers = list(dataset.headers)
    count = len(dataset)
    blank = dict(resource.init_instance().__dict__)
    del blank["_state"]
    columns = []  # (attname, relation name or None, values by row)
    for field, column, attribute, widget in resource._import_plan():
        if column not in headers:
            continue
        cells = dataset.get_col(headers.index(column))
        columns.append(_column(resource, blank, field, attribute, widget, cells))
    participants = resource.fields["participating_countries"]
    pending = None
    if participants.column_name in headers:
        cells = dataset.get_col(headers.index(participants.column_name))
        pending = _values(cells, participants.widget.clean)
    if count and not columns:
        raise _Refused  # a file of no known column: the library says what it makes of it
    constant = _constant_fields(resource, blank, {attname for attname, _r, _v in columns})

    # Each event's attributes: the blank event's, the constant fields', then its row's cells;
    # a foreign key's object goes in the event's cache, as setting it would put it.
    base = {**blank, **constant}
    names = [attname for attname, _relation, _values in columns]
    cached = [relation for _a, relation, _v in columns if relation]
    by_row = zip(
        *[
            [None if v is None else v.pk for v in values] if relation else values
            for _a, relation, values in columns
        ],
        *[values for _a, relation, values in columns if relation],
        strict=True,
    )
    width = len(names)
    events = []
    new = TrainingEvent.__new__
    for n, values in enumerate(by_row):
        event = new(TrainingEvent)
        attributes = base.copy()
        attributes.update(zip(names, values, strict=False))  # the first ``width``
        state = attributes["_state"] = ModelState()
        if cached:
            state.fields_cache = dict(zip(cached, values[width:], strict=True))
        event.__dict__ = attributes
        if pending is not None:
            event._imported_participants = pending[n]
        try:
            event.clean()
        except Exception:  # noqa: BLE001 - any error: the row loop reports it
            raise _Refused from None
        events.append(event)
    return events


def _values(cells, clean):
    """Each cell's value, each distinct cell cleaned once. Cells are the same when their types
    and values are (1, 1.0 and True are not), a decimal's digits too (see memo_key)."""
    types = set(map(type, cells))
    if len(types & NUMBERS) <= 1 and Decimal not in types:
        keys = cells  # no two of these types hold equal values: a cell is its own key
    else:
        keys = [(type(raw), str(raw) if type(raw) is Decimal else raw) for raw in cells]
    try:
        distinct = dict(zip(keys, cells, strict=True))
    except TypeError:
        raise _Refused from None  # an unhashable cell: the row loop copes with it
    try:
        cleaned = {key: clean(raw) for key, raw in distinct.items()}
    except Exception:  # noqa: BLE001 - any error: the row loop reports it
        raise _Refused from None
    return [cleaned[key] for key in keys]


def _column(resource, blank, field, attribute, widget, cells):
    """(attname, relation, values): what the row loop sets on each event for this column, the
    widget's value as the model field cleans it (the preloaded foreign keys as they are)."""
    model_field = TrainingEvent._meta.get_field(attribute)
    relation = attribute if attribute in resource.PRELOADED else None
    keep_empty = field.saves_null_values

    def clean(raw):
        value = resource._clean_cell(field, widget, raw, {})
        if value is None and not keep_empty:  # the row loop leaves the blank event's value
            value = blank.get(model_field.attname) if relation is None else None
        if relation is None:
            value = _model_clean(model_field, value)
        return value

    return model_field.attname, relation, _values(cells, clean)


def _model_clean(model_field, value):
    """What ``validate_instance`` makes of a plain field's value (Model.clean_fields)."""
    if model_field.blank and value in model_field.empty_values:
        return value
    if model_field.is_relation:
        raise _Refused  # only the preloaded foreign keys are columns of this resource
    return model_field.clean(value, None)


def _constant_fields(resource, blank, columns):
    """The model fields no column sets: the blank event's values, cleaned as validate_instance
    cleans them (the same for every row, so once)."""
    constant = {}
    for model_field in resource._model_fields():
        if model_field.attname in columns or model_field.name in resource.PRELOADED:
            continue
        value = blank.get(model_field.attname)
        try:
            constant[model_field.attname] = _model_clean(model_field, value)
        except Exception:  # noqa: BLE001 - any error: the row loop reports it
            raise _Refused from None
    return constant


def _warn_sizing(resource, events):
    """The sizing warnings of the row loop's before_save_instance, row by row, for the rows
    that depart from the plan (the others have none)."""
    low_days, high_days = EVENT_DAYS
    low_trainees, high_trainees = EVENT_TRAINEES
    warnings = resource.sizing_warnings
    for number, event in enumerate(events, 1):
        days = event.days
        if (
            days is None
            or not low_days <= days <= high_days
            or not low_trainees <= event.trainees_total <= high_trainees
        ):
            warnings.extend((number, str(warning)) for warning in event.sizing_warnings())
