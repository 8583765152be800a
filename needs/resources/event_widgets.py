"""The pieces of the training events' import: foreign keys looked up in dicts loaded once per
import, the participating countries' cell, the memo key of a cell, the instance loader and the
row result (see needs.resources.events)."""

from decimal import Decimal

from django.utils.encoding import force_str
from import_export import widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from workplan.exports import LabelledField


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


def memo_key(name, value):
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
