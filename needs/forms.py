"""The NFP's response form and its formset of training needs (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.forms.models import ModelChoiceIteratorValue
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


# The four lookup fields of a need, and their lists.
LOOKUPS = (
    ("topic", TrainingTopic),
    ("training_type", TrainingType),
    ("target_group", TargetGroup),
    ("language", Language),
)


class LookupChoiceField(forms.ModelChoiceField):
    """A lookup field whose entries were read once for the whole formset: rendering iterates
    that list and validating finds the chosen pk in it, with no query per row."""

    def set_objects(self, objects, *, offered=True):
        """``offered``: the widget lists them (a select); a hidden id field only validates."""
        self._objects = objects
        self._by_pk = {str(obj.pk): obj for obj in objects}
        if offered:
            self.widget.choices = self.choices

    def _get_choices(self):
        if not hasattr(self, "_objects"):
            return super()._get_choices()
        choices = [("", self.empty_label)] if self.empty_label is not None else []
        for obj in self._objects:
            value = ModelChoiceIteratorValue(self.prepare_value(obj), obj)
            choices.append((value, self.label_from_instance(obj)))
        return choices

    choices = property(_get_choices, forms.ChoiceField.choices.fset)

    def to_python(self, value):
        if not hasattr(self, "_objects") or value in self.empty_values:
            return super().to_python(value)
        if isinstance(value, self.queryset.model):
            value = value.pk
        try:
            return self._by_pk[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


def _attrs(attrs):
    """HTML attributes as Django's ``attrs.html`` writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class LookupSelect(forms.Select):
    """Django's select, written in Python instead of a template include per option: a need
    row has four lists and the form shows every row (and the empty row), so the options'
    templates cost more than the rest of the page. The HTML is the template's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    option["value"],
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def lookup_lists(chosen=None):
    """Each lookup's entries offered on the form, one query per list: the active ones, and
    the inactive ones among ``chosen`` (name -> pks already chosen by stored needs)."""
    chosen = chosen or {}
    lists = {}
    for name, model in LOOKUPS:
        condition = Q(is_active=True)
        if chosen.get(name):
            condition |= Q(pk__in=chosen[name])
        lists[name] = list(model.objects.filter(condition))
    return lists


class TrainingNeedForm(forms.ModelForm):
    class Meta:
        model = TrainingNeed
        fields = NEED_FIELDS
        field_classes = {name: LookupChoiceField for name, _model in LOOKUPS}
        widgets = {
            **{name: LookupSelect for name, _model in LOOKUPS},
            "note": forms.Textarea(attrs={"rows": 2}),
            "priority": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, lookups=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive entries are no longer offered, but one already chosen stays valid.
        for name, model in LOOKUPS:
            chosen = getattr(self.instance, f"{name}_id", None)
            if lookups is None:
                # A form on its own: its lists as querysets, read when used.
                queryset = model.objects.active()
                if chosen:
                    queryset = model.objects.filter(pk=chosen) | queryset
                self.fields[name].queryset = queryset
            else:
                self.fields[name].set_objects(
                    [obj for obj in lookups[name] if obj.is_active or obj.pk == chosen]
                )
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

    def _get_validation_exclusions(self):
        # A lookup found in the list read for the formset exists: the model's validation
        # does not look it up again (one query per list and row).
        exclude = super()._get_validation_exclusions()
        exclude.update(name for name, _model in LOOKUPS if hasattr(self.fields[name], "_objects"))
        return exclude


class BaseNeedFormSet(forms.BaseInlineFormSet):
    """Reads each lookup list once for all its rows (and the empty row of the template)."""

    def lookups(self):
        if not hasattr(self, "_lookups"):
            chosen = {name: set() for name, _model in LOOKUPS}
            for need in self.get_queryset():
                for name, _model in LOOKUPS:
                    chosen[name].add(getattr(need, f"{name}_id"))
            self._lookups = lookup_lists(chosen)
        return self._lookups

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "lookups": self.lookups()}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A row's id is found among the response's needs the formset has read, not looked up
        # again for each row; an id of another response's need is not a valid choice.
        stored = form.fields[self._pk_field.name]
        field = LookupChoiceField(
            queryset=stored.queryset, required=False, widget=stored.widget, initial=stored.initial
        )
        field.set_objects(list(self.get_queryset()), offered=False)
        form.fields[self._pk_field.name] = field


NeedFormSet = inlineformset_factory(
    CountryResponse,
    TrainingNeed,
    form=TrainingNeedForm,
    formset=BaseNeedFormSet,
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
