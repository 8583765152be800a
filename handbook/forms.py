from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from handbook import selectors
from handbook.models import Suggestion
from workplan import submissions


class ChapterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SuggestionForm(forms.ModelForm):
    """What an NFP or partner types. Country and organisation are never asked: they come from
    the login."""

    target_chapter = ChapterChoiceField(
        queryset=None,
        required=False,
        label=_("Target chapter"),
        empty_label=_("No particular chapter"),
    )
    # The submission protocol's key (workplan.submissions): a retried POST is stored once.
    submission_key = submissions.key_field(required=True)

    class Meta:
        model = Suggestion
        fields = ["theme", "target_chapter", "text"]
        labels = {"theme": _("Theme"), "text": _("Your suggestion")}
        help_texts = {
            "theme": _("A few words, e.g. “Flyway management for waterbirds”."),
            "text": _("What should the handbook say or include, and why it matters for you."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, plan, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_key", submissions.new_key())
        super().__init__(*args, **kwargs)
        self.fields["target_chapter"].queryset = selectors.chapter_choices(plan)
        self.helper = FormHelper()
        self.helper.form_id = "suggestion-form"
        self.helper.add_input(Submit("submit", _("Send suggestion")))

    def clean_theme(self):
        theme = self.cleaned_data["theme"].strip()
        if len(theme) < 3:
            raise forms.ValidationError(_("Give the theme in at least 3 characters."))
        return theme

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Say a little more: at least 10 characters."))
        return text
