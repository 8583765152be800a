"""The needs lookup lists a first round can use as they are, in English, French and Spanish.

The values, in their order, are data in ``lookups.json`` beside this module. The data migrations
(0002 creates the lists, 0007 adds their French and Spanish) and the demo data seed them through
``seed_lookups``. This module imports no model: the migrations pass their historical models, the
demo the current ones.
"""

import json
from pathlib import Path

_DATA = json.loads(Path(__file__).with_name("lookups.json").read_text(encoding="utf-8"))

LOOKUP_MODELS = ("TrainingTopic", "TrainingType", "TargetGroup", "Language")
# The English names of each list, in order; a language as (code, English name).
TOPICS = [en for en, _fr, _es in _DATA["TrainingTopic"]]
TYPES = [en for en, _fr, _es in _DATA["TrainingType"]]
TARGET_GROUPS = [en for en, _fr, _es in _DATA["TargetGroup"]]
LANGUAGES = [(code, en) for code, en, _fr, _es in _DATA["Language"]]
# French and Spanish names, by model and English name.
NAMES = {
    **{
        model: {en: (fr, es) for en, fr, es in _DATA[model]}
        for model in ("TrainingTopic", "TrainingType", "TargetGroup")
    },
    "Language": {en: (fr, es) for _code, en, fr, es in _DATA["Language"]},
}
ENGLISH = {"TrainingTopic": TOPICS, "TrainingType": TYPES, "TargetGroup": TARGET_GROUPS}


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def seed_lookups(models, *, create=True):
    """Seed the lookup lists into ``models`` (model name -> model class, see LOOKUP_MODELS).

    With ``create``, every value missing from a list is added (matched by its English name, a
    language by its code), in the order of the data. Where the models have French and Spanish
    columns (from needs 0006 on), the translations are filled in, only where still empty, so a
    Secretariat edit survives.
    """
    if create:
        for model_name, english in ENGLISH.items():
            model = models[model_name]
            for order, name in enumerate(english, start=1):
                model.objects.get_or_create(name=name, defaults={"order": order})
        language = models["Language"]
        for order, (code, name) in enumerate(LANGUAGES, start=1):
            language.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for model_name, translations in NAMES.items():
        model = models[model_name]
        if not _has_field(model, "name_fr"):
            continue  # before the translated columns exist
        for row in model.objects.filter(name_en__in=translations):
            french, spanish = translations[row.name_en]
            row.name_fr = row.name_fr or french
            row.name_es = row.name_es or spanish
            row.save(update_fields=["name_fr", "name_es"])
