"""Strand 2: the CMS Handbook itself, from its working group (2.1) to its measured use (2.6).

A HandbookPlan holds what the working group agreed (main content, target groups). Editions are
the books, one per language and version; chapters carry their status and the knowledge they draw
on (para 9). Distributions and training-of-trainers workshops carry the books to the Parties.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from needs.models import TrainingEvent
from workplan.models import Body, BudgetRange, Country, WorkPlan

HANDBOOK_BUDGET_TEXT = (
    "US$ 70,000-120,000 depending on the content and number of books and including "
    "translation costs."
)


class Language(models.TextChoices):
    """The CMS working languages, plus the other UN languages an edition may come out in."""

    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    CHINESE = "zh", _("Chinese")


class WorkStatus(models.TextChoices):
    """Where an edition or a chapter stands."""

    PLANNED = "planned", _("Planned")
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class HandbookPlanManager(models.Manager):
    def get_queryset(self):
        # __str__ names the work plan's period: every list, filter and choice of plans shows it.
        return super().get_queryset().select_related("workplan")


class HandbookPlan(models.Model):
    """What the working group agreed for one work plan's handbook (2.1)."""

    workplan = models.OneToOneField(
        WorkPlan, on_delete=models.PROTECT, related_name="handbook", verbose_name=_("work plan")
    )
    title = models.CharField(_("title"), max_length=200, default="CMS Handbook")
    main_content = models.TextField(
        _("main content agreed"),
        blank=True,
        help_text=_("The main content of the handbook as agreed by the working group."),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_("Para 8: build the Parties' capacities; introduce CMS to future Parties."),
    )

    history = HistoricalRecords()
    objects = HandbookPlanManager()

    class Meta:
        verbose_name = _("handbook plan")
        verbose_name_plural = _("handbook plans")
        ordering = ["-workplan__start_year"]

    def __str__(self):
        return f"{self.title} ({self.workplan.period})"


class TargetGroup(models.Model):
    """A group the handbook is written for, and what the assessment of it found (2.1)."""

    plan = models.ForeignKey(
        HandbookPlan,
        on_delete=models.CASCADE,
        related_name="target_groups",
        verbose_name=_("handbook plan"),
    )
    name = models.CharField(_("name"), max_length=200)
    assessment = models.TextField(_("assessment"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("handbook target group")
        verbose_name_plural = _("handbook target groups")
        ordering = ["plan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="handbook_targetgroup_unique")
        ]

    def __str__(self):
        return self.name


class WorkingGroupMember(models.Model):
    """A member of the working group on the CMS Handbook (2.1)."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")

    plan = models.ForeignKey(
        HandbookPlan,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("handbook plan"),
    )
    name = models.CharField(_("name"), max_length=200)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="handbook_members",
        help_text=_("Secretariat, NFPs, ScC, StC or a partner organisation."),
        verbose_name=_("body"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handbook_members",
        verbose_name=_("country"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        ordering = ["plan", "role", "name"]  # "chair" sorts before "member"
        permissions = [("export_workinggroupmember", "Can export working group members")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(role="chair"), name="handbook_one_chair_per_plan"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.body.code})"

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            if "handbook_one_chair_per_plan" in str(error):
                raise ValidationError(
                    {"role": _("The working group already has a chair.")}
                ) from None
            raise


class EditionQuerySet(models.QuerySet):
    def with_progress(self):
        """Chapter counts by status, for the progress bar: one query with the editions."""
        return self.annotate(
            chapters_total=Count("chapters"),
            chapters_published=Count("chapters", filter=Q(chapters__status=WorkStatus.PUBLISHED)),
            chapters_in_review=Count("chapters", filter=Q(chapters__status=WorkStatus.IN_REVIEW)),
        )


class EditionManager(models.Manager.from_queryset(EditionQuerySet)):
    def get_queryset(self):
        # __str__ names the plan: every list, filter and choice of editions shows it.
        return super().get_queryset().select_related("plan")


class Edition(BudgetRange):
    """One book: a language and a version of the handbook, with its design budget (2.3)."""

    plan = models.ForeignKey(
        HandbookPlan,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("handbook plan"),
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    version = models.CharField(_("version"), max_length=20, default="1")
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.PLANNED
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    print_run = models.PositiveIntegerField(_("print run (copies)"), null=True, blank=True)
    budget_text = models.TextField(
        _("budget estimate as written"), blank=True, default=HANDBOOK_BUDGET_TEXT
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()
    objects = EditionManager()

    class Meta(BudgetRange.Meta):
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["plan", "version", "language"]
        permissions = [("export_edition", "Can export editions")]
        constraints = [
            *BudgetRange.Meta.constraints,
            models.UniqueConstraint(
                fields=["plan", "language", "version"], name="handbook_edition_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publication_date__isnull=False),
                name="handbook_edition_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.plan.title} v{self.version} ({self.get_language_display()})"

    def get_absolute_url(self):
        return reverse("handbook:edition-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = self.budget_errors()
        if self.status == WorkStatus.PUBLISHED and not self.publication_date:
            errors["publication_date"] = _("A published edition needs its publication date.")
        if errors:
            raise ValidationError(errors)

    @property
    def progress_done(self):
        """Percentage of chapters published (needs ``with_progress``)."""
        return _share(self.chapters_published, self.chapters_total)

    @property
    def progress_review(self):
        """Percentage of chapters in review (needs ``with_progress``)."""
        return _share(self.chapters_in_review, self.chapters_total)


def _share(part, total):
    return round(100 * part / total) if total else 0


class Chapter(models.Model):
    class KnowledgeSource(models.TextChoices):
        """Para 9: the knowledge of the Scientific Councillors and the working group."""

        SCIENTIFIC_COUNCIL = "scientific_council", _("Scientific Council")
        WORKING_GROUP = "working_group", _("Working group")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="chapters", verbose_name=_("edition")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    lead_author = models.CharField(_("lead author"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WorkStatus.choices, default=WorkStatus.PLANNED
    )
    knowledge_source = models.CharField(
        _("knowledge it draws on"),
        max_length=20,
        choices=KnowledgeSource.choices,
        default=KnowledgeSource.WORKING_GROUP,
    )
    knowledge_note = models.CharField(_("knowledge source detail"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["edition", "number"]
        permissions = [("export_chapter", "Can export chapters")]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="handbook_chapter_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def label(self):
        """Chapter with its edition, for choice lists."""
        edition = self.edition
        return f"{self.number}. {self.title} — {edition.get_language_display()} v{edition.version}"


class Distribution(models.Model):
    """Copies of an edition sent to a country (2.6)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("edition")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="handbook_distributions",
        verbose_name=_("country"),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        blank=True,
        help_text=_("The edition's language; filled in from the edition when left empty."),
    )
    copies = models.PositiveIntegerField(_("copies"))
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-date", "-pk"]
        permissions = [("export_distribution", "Can export distributions")]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gt=0), name="handbook_copies_positive")
        ]

    def __str__(self):
        return f"{self.copies} × {self.edition} → {self.country}"

    def clean(self):
        if not self.edition_id:
            return
        if not self.language:
            self.language = self.edition.language
        elif self.language != self.edition.language:
            raise ValidationError(
                {
                    "language": _("The edition is in %(lang)s.")
                    % {"lang": self.edition.get_language_display()}
                }
            )


TOT_ONLY = _("Only a training event of kind “training of trainers” can be a ToT workshop.")


class ToTWorkshop(models.Model):
    """A training-of-trainers workshop (2.4, para 10): a strand 1 training event of kind
    "training of trainers", linked to the handbook edition it teaches."""

    event = models.OneToOneField(
        TrainingEvent,
        on_delete=models.CASCADE,
        related_name="handbook_workshop",
        limit_choices_to={"kind": TrainingEvent.Kind.TOT},
        verbose_name=_("training event"),
        # full_clean refuses an event outside limit_choices_to with this message.
        error_messages={"invalid": TOT_ONLY},
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="tot_workshops", verbose_name=_("edition")
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tot_workshops",
        verbose_name=_("target group"),
    )
    focus = models.CharField(
        _("focus"),
        max_length=300,
        blank=True,
        help_text=_("The regional or specific scientific issue identified by the Parties."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("training-of-trainers workshops")
        ordering = ["-event__start_date", "-pk"]
        verbose_name = _("training-of-trainers workshop")
        permissions = [("export_totworkshop", "Can export training-of-trainers workshops")]

    def __str__(self):
        return f"{self.event} → {self.edition}"

    def clean(self):
        errors = {}
        if (
            self.target_group_id
            and self.edition_id
            and self.target_group.plan_id != self.edition.plan_id
        ):
            errors["target_group"] = _("This target group belongs to another handbook.")
        if errors:
            raise ValidationError(errors)
