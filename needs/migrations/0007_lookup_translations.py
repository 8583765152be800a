"""French and Spanish names for the lookup lists seeded by 0002 (only where still empty)."""

from django.db import migrations

from needs.lookups import LOOKUP_MODELS, seed_lookups


def translate(apps, schema_editor):
    seed_lookups({name: apps.get_model("needs", name) for name in LOOKUP_MODELS}, create=False)


class Migration(migrations.Migration):
    dependencies = [("needs", "0006_translated_content")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
