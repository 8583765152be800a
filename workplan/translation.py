"""Content in English, French and Spanish (django-modeltranslation): title_en, title_fr, title_es.

English is the source language and the fallback: an empty French or Spanish field shows the
English text, marked as English by the ``translated`` template tag.

A model with a change history registers its historical model too, so the history records every
language (simple-history copies each field of the model when it saves a version).
"""

from modeltranslation.translator import TranslationOptions, register

from workplan.models import Activity, Body, Country, Strand, WorkPlan


@register([WorkPlan, WorkPlan.history.model])
class WorkPlanTranslation(TranslationOptions):
    fields = ("title", "introduction", "adopted_by", "document_symbol")
    required_languages = ("en",)


@register(Strand)
class StrandTranslation(TranslationOptions):
    fields = ("title", "objective", "note")
    required_languages = {"en": ("title", "objective")}


@register([Activity, Activity.history.model])
class ActivityTranslation(TranslationOptions):
    fields = ("title", "responsibility", "methodology", "budget_text", "budget_basis")
    required_languages = {"en": ("title",)}


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Country)
class CountryTranslation(TranslationOptions):
    """Country names in French and Spanish come from django-countries (ISO 3166 names)."""

    fields = ("name",)
    required_languages = ("en",)
