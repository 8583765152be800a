"""The NFP's response form and its formset of training needs (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from needs.models import (
    CountryResponse,
    Language,
    TargetGroup,
    TraineeGender,
    TrainingNeed,
    TrainingTopic,
    TrainingType,
)
from needs.services import ANSWER_FIELDS, NEED_FIELDS
from workplan import submissions
from workplan.models import Region


class ResponseForm(forms.ModelForm):
    # The submission protocol's fields (workplan.submissions): one key per rendered form, so
    # a double click or a retried POST carries the same key; and the response's version when
    # the form was rendered, so a save from a stale form (or one without it) is refused.
    submission_key = submissions.key_field()
    version = submissions.version_field()

    class Meta:
        model = CountryResponse
        fields = ANSWER_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ANSWER_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_key"] = submissions.new_key()
            self.initial["version"] = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class TrainingNeedForm(forms.ModelForm):
    class Meta:
        model = TrainingNeed
        fields = NEED_FIELDS
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "priority": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive entries are no longer offered, but one already chosen stays valid.
        for name, model in (
            ("topic", TrainingTopic),
            ("training_type", TrainingType),
            ("target_group", TargetGroup),
            ("language", Language),
        ):
            chosen = getattr(self.instance, f"{name}_id", None)
            queryset = model.objects.active()
            if chosen:
                queryset = model.objects.filter(pk=chosen) | queryset
            self.fields[name].queryset = queryset
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("topic", css_class="col-md-6"),
                Column("priority", css_class="col-md-3"),
                Column("urgency", css_class="col-md-3"),
            ),
            Row(
                Column("scope", css_class="col-md-4"),
                Column("training_type", css_class="col-md-4"),
                Column("target_group", css_class="col-md-4"),
            ),
            Row(
                Column("language", css_class="col-md-4"),
                Column("expected_trainees", css_class="col-md-4"),
            ),
            Field("note"),
            Field("DELETE", wrapper_class="d-none"),
        )


NeedFormSet = inlineformset_factory(
    CountryResponse,
    TrainingNeed,
    form=TrainingNeedForm,
    extra=0,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def needs_from_formset(formset):
    """The formset's rows as the services take them: the list of dicts to save (deleted and
    blank rows out) and the ids of the stored rows the user marked for deletion."""
    rows, deleted = [], []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if form.cleaned_data.get("DELETE"):
            if form.instance.pk is not None:
                deleted.append(form.instance.pk)
            continue
        row = {name: form.cleaned_data.get(name) for name in NEED_FIELDS}
        row["id"] = form.instance.pk
        rows.append(row)
    return rows, deleted


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AnalysisFilterForm(forms.Form):
    region = forms.ChoiceField(
        label=_("CMS region"), choices=[("", _("All regions")), *Region.choices], required=False
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[("", _("Any scope")), *TrainingNeed._meta.get_field("scope").choices],
        required=False,
    )
    training_type = forms.ModelChoiceField(
        label=_("Type of training"),
        queryset=TrainingType.objects.all(),
        required=False,
        empty_label=_("Any type"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label=_("Any target group"),
    )
    include_drafts = forms.BooleanField(label=_("Include drafts"), required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AttachmentForm(forms.Form):
    # ``accept`` only helps the file picker; the server judges each file by its content.
    files = MultipleFileField(
        label=_("Documents"),
        help_text=_(
            "PDF, Word (DOCX), Excel (XLSX), OpenDocument or images; at most 10 files of 20 MB."
        ),
        widget=MultipleFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg,.gif,.webp",
                "class": "form-control",
            }
        ),
    )


# --- Nominations ------------------------------------------------------------------------------


class NominationForm(forms.Form):
    """What a focal point gives for a trainee; the country is theirs, never a field."""

    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *TraineeGender.choices])


class CoverageProgrammeForm(forms.Form):
    """A topic of the coverage list: its unanswered priority needs make the next programme."""

    topic = forms.ModelChoiceField(queryset=TrainingTopic.objects.all(), label=_("Topic"))
    region = forms.ChoiceField(
        label=_("CMS region"), choices=[("", "—"), *Region.choices], required=False
    )
    title = forms.CharField(label=_("Programme title"), max_length=200, required=False)
