"""The answer form is built from the questionnaire's questions; the service checks it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import Gender, Question
from workplan import submissions

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def _field(question):
    label = question.text + (" *" if question.required else "")
    common = {"label": label, "help_text": question.help_text, "required": False}
    kind = question.kind
    if kind == Question.Kind.RATING:
        return forms.ChoiceField(choices=RATING_CHOICES, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    # The stored value is the English option; the label is in the reader's language.
    choices = question.choice_labels
    if kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common)


def initial_from(response):
    """The form's starting values from a saved draft."""
    if response is None:
        return {"version": 0}
    initial = {"version": response.version}
    for answer in response.answers.select_related("question"):
        value = answer.value
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif answer.question.kind == Question.Kind.RATING and value is not None:
            value = str(int(value))
        initial[f"q{answer.question_id}"] = value
    score = getattr(response, "knowledge_score", None) if response.pk else None
    if score is not None:
        initial.update(gender=score.gender, before=score.before, after=score.after)
    return initial


class AnswerForm(forms.Form):
    # The submission protocol's fields (workplan.submissions): the form's key, and the
    # response's version when it was loaded, so a save from an older one is refused.
    submission_key = submissions.key_field()
    version = submissions.version_field()

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.all())
        self.fields["submission_key"].initial = submissions.new_key()
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _field(question)
        if questionnaire.collects_knowledge_scores:
            self.fields["gender"] = forms.ChoiceField(
                label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
            )
            score = {"min_value": 0, "max_value": 100, "decimal_places": 2, "required": False}
            self.fields["before"] = forms.DecimalField(
                label=_("Your test score before the training (0-100)"), **score
            )
            self.fields["after"] = forms.DecimalField(
                label=_("Your test score after the training (0-100)"), **score
            )

    def answers(self):
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def knowledge(self):
        if not self.questionnaire.collects_knowledge_scores:
            return None
        return {key: self.cleaned_data.get(key) for key in ("gender", "before", "after")}

    def add_service_errors(self, error):
        """Put the service's errors next to the questions they concern."""
        for key, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
            field = key if key in self.fields else None
            if key == "knowledge":
                field = "before"
            for message in messages:
                self.add_error(field, message)
