"""Questionnaires in three languages: titles, introductions, questions and their options.

A choice question keeps its options one per line in each language; the answer stores the
English option (the line with the same position), so results add up whatever language
the respondent read.
"""

from modeltranslation.translator import TranslationOptions, register

from evaluation.models import Question, Questionnaire


@register([Questionnaire, Questionnaire.history.model])
class QuestionnaireTranslation(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = {"en": ("title",)}


@register([Question, Question.history.model])
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "choices")
    required_languages = {"en": ("text",)}
