from django.db import migrations

from evaluation.lookups import CONVENTIONS, seed_conventions


def add_conventions(apps, schema_editor):
    seed_conventions(apps.get_model("evaluation", "Convention"))


def remove_conventions(apps, schema_editor):
    apps.get_model("evaluation", "Convention").objects.filter(
        code__in=[code for code, _name in CONVENTIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(add_conventions, remove_conventions)]
