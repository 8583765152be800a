from django.db import migrations

# Para 12: common indicators with UNEP, the BLG and other biodiversity conventions.
CONVENTIONS = [
    ("Ramsar", "Ramsar Convention on Wetlands"),
    ("CITES", "Convention on International Trade in Endangered Species of Wild Fauna and Flora"),
    ("CBD", "Convention on Biological Diversity"),
    ("UNEP", "United Nations Environment Programme"),
    ("BLG", "Liaison Group of Biodiversity-related Conventions"),
]


def add_conventions(apps, schema_editor):
    Convention = apps.get_model("evaluation", "Convention")
    for code, name in CONVENTIONS:
        Convention.objects.get_or_create(code=code, defaults={"name": name})


def remove_conventions(apps, schema_editor):
    apps.get_model("evaluation", "Convention").objects.filter(
        code__in=[code for code, _name in CONVENTIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(add_conventions, remove_conventions)]
