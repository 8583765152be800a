"""Seed the admin-editable lookup lists with values a first round can use as they are."""

from django.db import migrations

TOPICS = [
    "CMS and its instruments (Agreements, MOUs, Action Plans)",
    "National reporting to CMS",
    "Integrating migratory species into NBSAPs",
    "Species listing and the Appendices",
    "Monitoring and research on migratory species",
    "Habitat and site management along flyways and migration routes",
    "Bycatch and fisheries interactions",
    "Illegal killing, taking and trade",
    "Wildlife disease and health",
    "Climate change and migratory species",
    "Renewable energy, power lines and infrastructure",
    "Law enforcement and legislation",
    "Fundraising and project design",
    "Communication, education and public awareness",
]
TYPES = [
    "Regional workshop",
    "National workshop",
    "Training of trainers",
    "E-learning",
    "Field training",
    "Exchange visit",
]
TARGET_GROUPS = [
    "National Focal Points",
    "Government officials and decision makers",
    "Scientists and researchers",
    "Protected-area and wildlife managers",
    "Law-enforcement officers (customs, police, rangers)",
    "Local trainers",
    "Local communities",
    "NGOs and civil society",
]
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("zh", "Chinese"),
]


def seed(apps, schema_editor):
    for model_name, names in (
        ("TrainingTopic", TOPICS),
        ("TrainingType", TYPES),
        ("TargetGroup", TARGET_GROUPS),
    ):
        model = apps.get_model("needs", model_name)
        for order, name in enumerate(names, start=1):
            model.objects.get_or_create(name=name, defaults={"order": order})
    language = apps.get_model("needs", "Language")
    for order, (code, name) in enumerate(LANGUAGES, start=1):
        language.objects.get_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
