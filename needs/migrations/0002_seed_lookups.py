"""Seed the admin-editable lookup lists with values a first round can use as they are."""

from django.db import migrations

from needs.lookups import LOOKUP_MODELS, seed_lookups


def seed(apps, schema_editor):
    seed_lookups({name: apps.get_model("needs", name) for name in LOOKUP_MODELS})


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
