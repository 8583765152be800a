"""Handbook chapters in three languages."""

from modeltranslation.translator import TranslationOptions, register

from handbook.models import Chapter


@register([Chapter, Chapter.history.model])
class ChapterTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {"en": ("title",)}
