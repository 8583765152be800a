"""Strand 3: evaluation questionnaires, their responses, and indicators with measurements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan import roles
from workplan.access import can_read_all_countries, country_of
from workplan.models import Activity, Country, Strand, WorkPlan


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other or not stated")


class QuestionnaireQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def for_workplan(self, workplan):
        return self.filter(activity__strand__workplan=workplan)

    def answerable_by(self, user):
        """The questionnaires a user is invited to answer: NFPs get the NFP ones."""
        if not user.is_authenticated or can_read_all_countries(user):
            return self.none()
        if roles.is_nfp(user):
            return self.filter(audience=Questionnaire.Audience.NFPS)
        # A training's pre- and post-training tests are answered through invitation links only.
        return self.filter(audience=Questionnaire.Audience.PARTICIPANTS, stage="")


class Questionnaire(models.Model):
    """An evaluation form the Secretariat builds in the admin (para 11: after each activity)."""

    class Purpose(models.TextChoices):
        TRAINING_IMPACT = "training_impact", _("Training impact")
        HANDBOOK_USE = "handbook_use", _("Handbook use")
        PROGRESS = "progress", _("Capacity-building progress")
        JOINT_ASSESSMENT = "joint_assessment", _("Joint assessment")

    class Stage(models.TextChoices):
        PRE = "pre", _("Before the training")
        POST = "post", _("After the training")

    class Audience(models.TextChoices):
        NFPS = "nfps", _("National Focal Points (one response per country)")
        PARTICIPANTS = "participants", _("Participants (one response each)")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("activity evaluated"),
    )
    training_event = models.ForeignKey(
        "needs.TrainingEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("training event evaluated"),
    )
    handbook_edition = models.ForeignKey(
        "handbook.Edition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("handbook edition evaluated"),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # --- Evaluation by invitation: a training's pre- and post-training test (see Invitation) ---
    stage = models.CharField(
        _("stage"),
        max_length=4,
        choices=[("", _("Not a training test")), *Stage.choices],
        blank=True,
        help_text=_(
            "For a training event: the trainees' test before or after it. Questions with a "
            "correct answer make the score; the gain is the post score minus the pre score."
        ),
    )
    collects_knowledge_scores = models.BooleanField(
        _("collect knowledge scores before and after"),
        default=False,
        help_text=_(
            "For training evaluations: each trainee gives a test score (0-100) "
            "from before and after the training, and a gender."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    history = HistoricalRecords()
    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="questionnaire_dates_in_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:questionnaire-answer", kwargs={"pk": self.pk})

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": _("The closing date is before the opening date.")})

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    @property
    def for_nfps(self):
        return self.audience == self.Audience.NFPS


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating_1_5", _("Rating 1-5")
        YES_NO = "yes_no", _("Yes / no")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        NUMBER = "number", _("Number")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For single and multiple choice: one per line.")
    )
    correct_answer = models.CharField(
        _("correct answer"),
        max_length=300,
        blank=True,
        help_text=_("For a training test: the right choice of a single-choice question."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="question_unique_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"

    def clean(self):
        # The options are written per language (choices_en, choices_fr, choices_es, by
        # django-modeltranslation); the English ones are what answers store.
        english = _lines(getattr(self, "choices_en", None) or self.choices)
        field = "choices_en" if hasattr(self, "choices_en") else "choices"
        if self.kind in self.CHOICE_KINDS and len(english) < 2:
            raise ValidationError({field: _("Give at least two choices, one per line.")})
        if self.kind not in self.CHOICE_KINDS and english:
            raise ValidationError({field: _("Only choice questions have choices.")})
        errors = {}
        for code in ("fr", "es"):
            translated = _lines(getattr(self, f"choices_{code}", None))
            if translated and len(translated) != len(english):
                errors[f"choices_{code}"] = _(
                    "Give as many choices as in English (%(n)s), in the same order, or none."
                ) % {"n": len(english)}
        if errors:
            raise ValidationError(errors)
        if self.correct_answer and (
            self.kind != self.Kind.SINGLE or self.correct_answer not in self.choice_list
        ):
            raise ValidationError(
                {"correct_answer": _("The correct answer must be one of the single choices.")}
            )

    @property
    def choice_list(self):
        """The options as answers store them: the English lines."""
        return _lines(getattr(self, "choices_en", None) or self.choices)

    @property
    def choice_labels(self):
        """(stored value, label in the reader's language) per option; English when untranslated."""
        english = self.choice_list
        translated = _lines(self.choices)  # the active language, falling back to English
        if len(translated) != len(english):
            translated = english
        return list(zip(english, translated, strict=True))


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Secretariat and committee read all; an NFP their country's; others their own."""
        if can_read_all_countries(user):
            return self
        if not user.is_authenticated:
            return self.none()
        country = country_of(user)
        if country is not None:
            return self.filter(
                Q(country=country) | Q(respondent=user, questionnaire__audience="participants")
            )
        return self.filter(respondent=user, country__isnull=True)

    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_responses",
        verbose_name=_("respondent"),
        help_text=_("Empty for a trainee who answered through an invitation link."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_responses",
        help_text=_("Set when the audience is the National Focal Points."),
        verbose_name=_("country"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submit_key = models.UUIDField(
        _("idempotency key"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The key of the form that submitted it: a retried POST finds it."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Counts the saves: a form opened at an older version cannot overwrite."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()
    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "country"],
                condition=Q(country__isnull=False),
                name="response_one_per_country",
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "respondent"],
                condition=Q(country__isnull=True),
                name="response_one_per_respondent",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="response_submitted_has_date",
            ),
        ]

    def __str__(self):
        who = self.country or self.respondent or _("anonymous trainee")
        return f"{self.questionnaire} — {who}"

    def get_absolute_url(self):
        return reverse("evaluation:response-detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """One answer; the column used depends on the question's kind."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    number = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("numeric answer")
    )
    yes = models.BooleanField(null=True, blank=True, verbose_name=_("yes/no answer"))
    text = models.TextField(blank=True, verbose_name=_("text answer"))
    choices = models.JSONField(default=list, blank=True, verbose_name=_("options chosen"))

    # Answers are what a submission says: every change is kept with who made it.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]

    def __str__(self):
        return f"{self.question_id}: {self.display}"

    @property
    def value(self):
        kind = self.question.kind
        if kind in (Question.Kind.RATING, Question.Kind.NUMBER):
            return self.number
        if kind == Question.Kind.YES_NO:
            return self.yes
        if kind == Question.Kind.MULTIPLE:
            return self.choices
        return self.text

    @property
    def display(self):
        value = self.value
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list):
            return "; ".join(value)
        if self.question.kind == Question.Kind.RATING:
            return str(int(value))
        return str(value).removesuffix(".00")


class KnowledgeScore(models.Model):
    """A trainee's test score before and after a training (0-100), for the average gain."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="knowledge_scores",
        verbose_name=_("questionnaire"),
    )
    response = models.OneToOneField(
        Response,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="knowledge_score",
        verbose_name=_("response"),
    )
    trainee = models.CharField(
        _("trainee"), max_length=100, blank=True, help_text=_("A name or an anonymous code.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    before = models.DecimalField(_("score before"), max_digits=5, decimal_places=2)
    after = models.DecimalField(_("score after"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knowledge score")
        verbose_name_plural = _("knowledge scores")
        ordering = ["questionnaire", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(before__gte=0, before__lte=100, after__gte=0, after__lte=100),
                name="knowledge_score_0_to_100",
            )
        ]

    def __str__(self):
        return f"{self.trainee or self.pk}: {self.before} → {self.after}"

    @property
    def gain(self):
        return self.after - self.before


class Convention(models.Model):
    """A convention or body indicators are shared with (para 12: UNEP, BLG, Ramsar ...)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Indicator(models.Model):
    class Computed(models.TextChoices):
        NEEDS_SUBMITTED = "needs_submitted_share", _("Share of Parties that submitted needs")
        TRAINEES_TOTAL = "trainees_total", _("Trainees trained")
        TRAINEES_WOMEN = "trainees_women", _("Women trained")
        TRAINEES_MEN = "trainees_men", _("Men trained")
        TRAINEES_WOMEN_SHARE = "trainees_women_share", _("Share of trainees who are women")
        COUNTRIES_REACHED = "countries_reached", _("Countries reached by trainings")
        ACTIVITIES_COMPLETED = "activities_completed_share", _("Share of activities completed")
        BUDGET_COVERED = "budget_covered_share", _("Budget covered by contributions")

    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("work plan")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, help_text=_('e.g. "%", "trainees"'))
    strand = models.ForeignKey(
        Strand,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("strand"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("activity"),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    shared_with = models.ManyToManyField(
        Convention, blank=True, related_name="indicators", verbose_name=_("shared with")
    )
    computed = models.CharField(
        _("computed from the data"),
        max_length=40,
        choices=Computed.choices,
        blank=True,
        help_text=_("Leave empty for an indicator measured by hand."),
    )

    history = HistoricalRecords(m2m_fields=[shared_with])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["workplan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["workplan", "code"], name="indicator_unique_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        errors = {}
        if self.strand_id and self.workplan_id and self.strand.workplan_id != self.workplan_id:
            errors["strand"] = _("The strand belongs to another work plan.")
        if (
            self.activity_id
            and self.workplan_id
            and self.activity.strand.workplan_id != self.workplan_id
        ):
            errors["activity"] = _("The activity belongs to another work plan.")
        if errors:
            raise ValidationError(errors)


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "-date", "-pk"]

    def __str__(self):
        return f"{self.indicator.code} {self.date}: {self.value}"


# --- Evaluation by invitation: a personal link for each confirmed trainee --------------------


class Invitation(models.Model):
    """A confirmed trainee's personal link to a pre- or post-training questionnaire.

    The link carries a signed, expiring token (services.invitation_token); ``key`` is a random
    secret inside it, so a link cannot be made from the primary key. The invitation ties the
    answers to the trainee: only the Secretariat reads it (no page shows it to anyone else).
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="invitations"
    )
    nomination = models.ForeignKey(
        "needs.Nomination", on_delete=models.PROTECT, related_name="invitations"
    )
    key = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    response = models.OneToOneField(
        Response,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("response"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "pk"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "nomination"], name="invitation_one_per_trainee"
            )
        ]

    def __str__(self):
        return _("Invitation %(pk)s") % {"pk": self.pk}

    @property
    def is_used(self):
        return self.answered_at is not None
