"""Needs content in three languages: lookup lists and the rounds' instructions."""

from modeltranslation.translator import TranslationOptions, register

from needs.models import AssessmentRound, Language, TargetGroup, TrainingTopic, TrainingType


@register([TrainingTopic, TrainingType, TargetGroup, Language])
class LookupTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
    # The name is unique: an untranslated name is NULL, not "", so two can stay empty.
    empty_values = {"name": None}


@register(AssessmentRound)
class AssessmentRoundTranslation(TranslationOptions):
    fields = ("title", "instructions")
    required_languages = {"en": ("title",)}
