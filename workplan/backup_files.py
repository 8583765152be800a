"""Which uploaded files a backup carries, and where a restore puts them back.

Every ``FileField`` of every model is found by introspection, so a file field added by any app
is backed up without this module knowing it. In the archive a file is
``files/<app_label>.<model>.<field>/<name in its storage>``.
"""

from django.apps import apps
from django.db import models

PREFIX = "files/"


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def stored_files():
    """(archive member name, storage, stored name) for every file the database refers to."""
    for model, field in _file_fields():
        names = (
            model._default_manager.exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list(field.name, flat=True)
            .distinct()
        )
        for name in names:
            yield f"{PREFIX}{model._meta.label_lower}.{field.name}/{name}", field.storage, name


def storage_for(member):
    """The storage and stored name of an archive member, or (None, None) if it is not a file
    of a known field."""
    if not member.startswith(PREFIX):
        return None, None
    field_path, _slash, name = member.removeprefix(PREFIX).partition("/")
    label, _dot, field_name = field_path.rpartition(".")
    field = _file_fields_by_path().get(f"{label.lower()}.{field_name}")
    if field is None or not name or ".." in name.split("/"):
        return None, None
    return field.storage, name


def _file_fields_by_path():
    """Every file field by its archive folder name, ``<app_label>.<model>.<field>``."""
    return {f"{model._meta.label_lower}.{field.name}": field for model, field in _file_fields()}
